package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atlas plot} of a plain autoencoder: no figure of its untrained logvar head, as evaluate refuses one. */
class PlotAutoencoderTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyAutoencoder() {
        model = shared.resolve("ae.safetensors");
        CliRun run = CliRun.of("train", "--objective", "ae", "--epochs", "2", "--hidden", "16", "--no-progress",
                "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void everyFigureButTheKlBarsIsDrawnAndTheSkipSaysWhy() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("skipped kl: ae.safetensors is an autoencoder: an autoencoder has no posterior"
                + " q(z|x) (z = μ; its logvar head is untrained and unused), so it has no KL per dimension");
        assertThat(dir.resolve("kl.svg")).doesNotExist();
        assertThat(PlotCommandTest.svgText(dir.resolve("traversals.svg"))).contains("sorted by Var(μ)")
                .doesNotContainPattern("KL [0-9]").doesNotContain("KL(q");
        assertThat(PlotCommandTest.svgText(dir.resolve("curves.svg"))).contains("reconstruction per epoch")
                .doesNotContain("ELBO").doesNotContain("β");
    }

    @Test
    void theKlBarsAskedForByOnlyAreRefusedWithEvaluatesReason() {
        Path out = dir.resolve("figs");
        CliRun run = CliRun.of("plot", model.toString(), "--out", out.toString(), "--only", "grid,kl");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--only kl: ae.safetensors is an autoencoder (trained with --objective ae):"
                + " an autoencoder has no posterior q(z|x) (z = μ; its logvar head is untrained and unused), so it has"
                + " no KL per dimension; drop kl from --only");
        assertThat(out).doesNotExist();
    }
}
