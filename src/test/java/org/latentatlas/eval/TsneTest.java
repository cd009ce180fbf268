package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;

class TsneTest {
    /** Two Gaussian blobs of 40 points in 10-D, 20 standard deviations apart. */
    static float[] twoClusters(int perCluster, int d, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[2 * perCluster * d];
        for (int i = 0; i < 2 * perCluster; i++) {
            double offset = i < perCluster ? 0 : 20;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = (float) (offset + rng.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void separatesTwoWellSeparatedGaussianClusters() {
        int m = 40;
        float[] y = new Tsne(10, 500, 7).embed(twoClusters(m, 10, 3), 2 * m, 10);
        double within = 0;
        double between = 0;
        for (int i = 0; i < 2 * m; i++) {
            for (int j = i + 1; j < 2 * m; j++) {
                double dist = Math.hypot(y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                if ((i < m) == (j < m)) {
                    within = Math.max(within, dist);
                } else {
                    between = between == 0 ? dist : Math.min(between, dist);
                }
            }
        }
        // every cross-cluster pair is farther apart than the widest pair inside a cluster
        assertThat(between).isGreaterThan(within);
    }

    @Test
    void theSameSeedGivesTheSameLayoutAndAnotherSeedADifferentOne() {
        float[] x = twoClusters(20, 5, 4);
        float[] a = new Tsne(8, 300, 11).embed(x, 40, 5);
        float[] b = new Tsne(8, 300, 11).embed(x, 40, 5);
        float[] c = new Tsne(8, 300, 12).embed(x, 40, 5);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aPerplexityOutsideTheUsefulRangeIsRejectedWithItsValue() {
        assertThatThrownBy(() -> new Tsne(500, 1000, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
    }

    /** A run of minutes must say how far it has got: every point's affinities, then every iteration, in order. */
    @Test
    void tellsItsProgressPointByPointThenIterationByIterationAndGivesTheSameLayoutAsWithout() {
        RecordingProgress progress = new RecordingProgress();
        Tsne tsne = new Tsne(10, 300, 7);
        float[] y = tsne.embed(twoClusters(10, 4, 3), 20, 4, progress);

        assertThat(progress.told).startsWith("t-SNE affinities of 20 points", "t-SNE affinities 1")
                .containsSubsequence("t-SNE affinities 20", "t-SNE of 300 iterations", "t-SNE 1", "t-SNE 300")
                .endsWith("t-SNE 300", "finished").hasSize(1 + 20 + 1 + 300 + 1);
        assertThat(y).containsExactly(tsne.embed(twoClusters(10, 4, 3), 20, 4));
    }
}
