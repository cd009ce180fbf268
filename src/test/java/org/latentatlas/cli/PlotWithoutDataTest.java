package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plot where the model's data is not found: the figures drawn from the model file alone (curves, a VAE's prior
 * samples, its grid of a plane walked at prior quantiles) are still drawn without --only, and the others are skipped
 * on one line that says what each reads of the data, followed once by how to point at it; --only naming a figure
 * that reads the data is refused, as before.
 */
class PlotWithoutDataTest {
    private static final String HOW = "give its new place with --dataset PATH --csv-label last --test-size 10 (as it"
            + " was read in training), or put it back there";

    @TempDir
    Path dir;

    /** A model of {@code latent} dimensions trained on 40 rows of a 2x2 CSV, which is then deleted. */
    private Path modelWithoutItsData(int latent) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 4).append(",3,1,0,").append(i % 2).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("tiny.csv"), rows);
        Path model = dir.resolve("m.safetensors");
        CliRun train = CliRun.of("train", "--dataset", csv.toString(), "--csv-label", "last", "--test-size", "10",
                "--epochs", "1", "--hidden", "8", "--latent", Integer.toString(latent), "--no-progress", "-o",
                model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        Files.delete(csv);
        return model;
    }

    @Test
    void withoutOnlyTheFiguresThatNeedNoDataAreDrawnAndTheOthersSkippedOnOneLineWithTheFixOnce()
            throws Exception {
        Path model = modelWithoutItsData(2);
        Path figures = dir.resolve("figures");

        CliRun run = CliRun.of("plot", model.toString(), "--out", figures.toString(), "--format", "png");

        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String drawn : List.of("grid", "samples", "curves")) {
            assertThat(figures.resolve(drawn + ".png")).exists();
        }
        List<String> lines = run.out().lines().toList();
        List<String> skipped = lines.stream().filter(l -> l.startsWith("skipped")).toList();
        assertThat(skipped).containsExactly("skipped 5 figures that read the model's data: scatter (it places the"
                + " split's images in the latent space), interpolation (it walks between the split's images),"
                + " reconstructions (it reconstructs the split's images), traversals (it starts from the split's"
                + " typical image) and kl (it averages the KL over the split's images)");
        assertThat(lines.get(lines.indexOf(skipped.get(0)) + 1)).startsWith(model + ": the model's recorded data, ")
                .contains(" is not found: tried ").endsWith(HOW);
        assertThat(run.out()).containsOnlyOnce(HOW);
        assertThat(figures.resolve("scatter.png")).doesNotExist();
        assertThat(figures.resolve("scatter.csv")).doesNotExist();
    }

    @Test
    void onlyNamingAFigureThatReadsTheDataIsRefusedAsBefore() throws Exception {
        Path model = modelWithoutItsData(2);
        Path figures = dir.resolve("figures");

        CliRun run = CliRun.of("plot", model.toString(), "--out", figures.toString(), "--only", "grid,scatter");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains(" is not found: tried ").contains(HOW);
        assertThat(figures).doesNotExist();
    }

    @Test
    void onlyNamingFiguresThatNeedNoDataDrawsThem() throws Exception {
        Path model = modelWithoutItsData(2);
        Path figures = dir.resolve("figures");

        CliRun run = CliRun.of("plot", model.toString(), "--out", figures.toString(), "--only", "grid,samples",
                "--format", "png");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("skipped");
        assertThat(figures.resolve("grid.png")).exists();
        assertThat(figures.resolve("samples.png")).exists();
    }

    /** Above 2-D the grid's default plane is fitted to the data's μ; a --dims slice is walked at prior quantiles. */
    @Test
    void aGridAbove2DNeedsTheDataUnlessDimsNamesItsSlice() throws Exception {
        Path model = modelWithoutItsData(3);

        CliRun pca = CliRun.of("plot", model.toString(), "--out", dir.resolve("pca").toString(), "--format", "png");
        assertThat(pca.exitCode()).as(pca.err()).isZero();
        assertThat(pca.out()).contains("skipped 6 figures that read the model's data: scatter (it places the split's"
                + " images in the latent space), grid (it walks the PCA plane of the split's μ (--dims A,B walks a"
                + " slice that needs no data)), interpolation ");
        assertThat(dir.resolve("pca/grid.png")).doesNotExist();

        CliRun slice = CliRun.of("plot", model.toString(), "--out", dir.resolve("slice").toString(), "--format",
                "png", "--dims", "0,2");
        assertThat(slice.exitCode()).as(slice.err()).isZero();
        assertThat(dir.resolve("slice/grid.png")).exists();
    }
}
