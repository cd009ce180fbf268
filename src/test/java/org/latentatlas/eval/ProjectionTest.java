package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tagbio.umap.ProgressState;
import tagbio.umap.Umap;

class ProjectionTest {
    @Test
    void umapWithASeedAndOneThreadIsDeterministic() {
        float[] x = TsneTest.twoClusters(30, 6, 5);
        float[] a = Projection.UMAP.project(x, 60, 6, 9);
        float[] b = Projection.UMAP.project(x, 60, 6, 9);
        assertThat(a).hasSize(120).containsExactly(b);
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownOnesAreNamedInTheError() {
        assertThat(Projection.parse("t-SNE")).isEqualTo(Projection.TSNE);
        assertThat(Projection.parse("umap")).isEqualTo(Projection.UMAP);
        assertThatThrownBy(() -> Projection.parse("isomap")).hasMessageContaining("'isomap'");
    }

    /** Seconds of UMAP say how far they have got: the neighbour graph, then every epoch of the layout, in order. */
    @Test
    void umapTellsItsGraphThenItsEpochsUpToTheLastAndGivesTheSameLayoutAsWithout() {
        RecordingProgress progress = new RecordingProgress();
        float[] x = TsneTest.twoClusters(300, 6, 5);
        float[] y = Projection.UMAP.project(x, 600, 6, 9, progress);
        List<String> told = progress.told;

        assertThat(told).startsWith("UMAP neighbour graph of 1 graph").containsSubsequence("UMAP neighbour graph 1",
                "UMAP of 500 epochs").endsWith("UMAP 500", "finished");
        List<Long> epochs = told.stream().filter(t -> t.matches("UMAP \\d+")).map(t -> Long.parseLong(t.substring(5)))
                .toList();
        assertThat(epochs).isSorted().doesNotHaveDuplicates().last().isEqualTo(500L);
        assertThat(y).containsExactly(Projection.UMAP.project(x, 600, 6, 9));
    }

    /** The epochs are given to the library so the progress has a total: the ones it picks itself, the same picture. */
    @Test
    void umapRunsTheEpochsTheLibraryWouldPickSoTheLayoutIsUnchanged() {
        int n = 60;
        float[] x = TsneTest.twoClusters(30, 6, 5);
        float[][] rows = IntStream.range(0, n).mapToObj(i -> java.util.Arrays.copyOfRange(x, i * 6, i * 6 + 6))
                .toArray(float[][]::new);
        float[][] byDefault = new Umap().setNumberComponents(2).setSeed(9).setThreads(1).setVerbose(false)
                .setNumberNearestNeighbours(15).fitTransform(rows);
        float[] flat = new float[2 * n];
        for (int i = 0; i < n; i++) {
            flat[2 * i] = byDefault[i][0];
            flat[2 * i + 1] = byDefault[i][1];
        }
        assertThat(Projection.UMAP.project(x, n, 6, 9)).containsExactly(flat);
        assertThat(Projection.umapEpochs(10_000)).isEqualTo(500);
        assertThat(Projection.umapEpochs(10_001)).isEqualTo(200);
    }

    /**
     * The library's reports of a 10,000-point run (count/total, every half second): the graph's 30 steps, then 500
     * epochs added to the total. Another thread's run shares the library's tally and is not this one's.
     */
    @Test
    void umapStepsPastTheGraphsAreTheEpochsDone() throws InterruptedException {
        RecordingProgress progress = new RecordingProgress();
        Projection.UmapSteps steps = new Projection.UmapSteps(progress, 500, Thread.currentThread());
        for (int[] countTotal : new int[][] {{0, 5}, {15, 30}, {28, 30}, {49, 530}, {49, 530}, {322, 530}, {530, 530}}) {
            steps.updated(state(countTotal[0], countTotal[1]));
        }
        Thread other = new Thread(() -> steps.updated(state(100, 530)));
        other.start();
        other.join();
        steps.finish();

        assertThat(progress.told).containsExactly("UMAP neighbour graph of 1 graph", "UMAP neighbour graph 1",
                "UMAP of 500 epochs", "UMAP 19", "UMAP 292", "UMAP 500", "finished");
    }

    /** A run whose last report came before the end still ends its bar at the last epoch. */
    @Test
    void umapStepsEndAtTheLastEpochWhateverTheLastReportSaid() {
        RecordingProgress progress = new RecordingProgress();
        Projection.UmapSteps steps = new Projection.UmapSteps(progress, 200, Thread.currentThread());
        steps.updated(state(3, 5));
        steps.finish();

        assertThat(progress.told).containsExactly("UMAP neighbour graph of 1 graph", "UMAP neighbour graph 1",
                "UMAP of 200 epochs", "UMAP 200", "finished");
    }

    private static ProgressState state(int count, int total) {
        return new ProgressState(total, count) {};
    }
}
