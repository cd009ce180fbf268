package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atlas plot} of a plain autoencoder: no figure of its untrained logvar head, as evaluate refuses one, and no
 * samples of a prior it does not have.
 */
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
    void everyFigureButTheKlBarsAndTheSamplesIsDrawnAndEachSkipSaysWhy() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("skipped kl: ae.safetensors is an autoencoder: an autoencoder has no posterior"
                + " q(z|x) (z = μ; its logvar head is untrained and unused), so it has no KL per dimension");
        assertThat(run.out()).contains("skipped samples: ae.safetensors is an autoencoder: an autoencoder has no prior"
                + " p(z) (its codes z = μ(x) were never fitted to N(0, I)), so decoding z ~ N(0, I) draws no samples"
                + " of it");
        assertThat(dir.resolve("kl.svg")).doesNotExist();
        assertThat(dir.resolve("samples.svg")).doesNotExist();
        assertThat(PlotCommandTest.svgText(dir.resolve("scatter.svg"))).contains("(the code z = μ(x))")
                .doesNotContain("q(z|x)").doesNotContain("prior");
        assertThat(PlotCommandTest.svgText(dir.resolve("grid.svg"))).contains("evenly spaced from the smallest to the"
                + " largest of the test set's codes").doesNotContain("prior probability");
        assertThat(PlotCommandTest.svgText(dir.resolve("traversals.svg"))).contains("sorted by Var(μ)")
                .doesNotContainPattern("KL [0-9]").doesNotContain("KL(q");
        assertThat(PlotCommandTest.svgText(dir.resolve("curves.svg"))).contains("reconstruction per epoch")
                .doesNotContain("ELBO").doesNotContain("β");
    }

    @Test
    void theKlBarsAskedForByOnlyAreRefusedWithEvaluatesReason() {
        assertThat(refusal("--only", "grid,kl")).contains("--only kl: ae.safetensors is an autoencoder (trained with"
                + " --objective ae): an autoencoder has no posterior q(z|x) (z = μ; its logvar head is untrained and"
                + " unused), so it has no KL per dimension; drop kl from --only");
    }

    /** Decodings of z ~ N(0, I) are no samples of a model that was never fitted to a prior. */
    @Test
    void theSamplesAskedForByOnlyAreRefusedForWantOfAPrior() {
        assertThat(refusal("--only", "grid,samples", "--seed", "3")).contains("--only samples: ae.safetensors is an"
                + " autoencoder (trained with --objective ae): an autoencoder has no prior p(z) (its codes z = μ(x)"
                + " were never fitted to N(0, I)), so decoding z ~ N(0, I) draws no samples of it; drop samples from"
                + " --only");
    }

    /** Both refusals in one message: naming only the first would send the user back for the second. */
    @Test
    void everyFigureAskedForThatAnAutoencoderLacksIsRefusedAtOnceEachWithItsReason() {
        assertThat(refusal("--only", "kl,grid,samples")).contains("--only samples,kl: ae.safetensors is an"
                + " autoencoder (trained with --objective ae): samples: an autoencoder has no prior p(z) (its codes"
                + " z = μ(x) were never fitted to N(0, I)), so decoding z ~ N(0, I) draws no samples of it; kl: an"
                + " autoencoder has no posterior q(z|x) (z = μ; its logvar head is untrained and unused), so it has no"
                + " KL per dimension; drop samples and kl from --only");
    }

    /** --only's help names every figure an autoencoder lacks, so that its refusal comes as no surprise. */
    @Test
    void theHelpOfOnlyNamesEveryFigureAnAutoencoderLacks() {
        String help = String.join(" ", Main.commandLine().getSubcommands().get("plot").getCommandSpec()
                .findOption("--only").description());
        String sentence = Arrays.stream(help.split("\\. ")).filter(s -> s.contains("autoencoder")).findFirst()
                .orElseThrow(() -> new AssertionError("no word of an autoencoder in: " + help));
        List<String> words = List.of(sentence.split("[^a-z]+"));
        assertThat(words).containsAll(PlotOptions.NOT_FOR_AN_AUTOENCODER.keySet().stream()
                .map(PlotOptions.Kind::label).toList());
    }

    /**
     * A VAE's samples would take the seed; the autoencoder's are skipped, so it would change nothing drawn, and the
     * refusal says the samples are skipped, or the user would wonder why the seed has nothing to draw.
     */
    @Test
    void aSeedOnlyTheSkippedSamplesWouldReadIsRefused() {
        assertThat(refusal("--pair", "3,8", "--seed", "7")).contains("--seed 7 changes nothing drawn: the scatter"
                + " figure draws the 2-D latent space of ae.safetensors as is, the interpolation figure walks"
                + " between the classes --pair names and the samples figure is skipped (ae.safetensors is an"
                + " autoencoder); the seed draws");
    }

    /** With one image, the interpolation's random pairs are skipped too, and the refusal names both reasons. */
    @Test
    void aSeedOnlySkippedFiguresWouldReadNamesWhyEachIsSkipped() {
        assertThat(refusal("--limit", "1", "--seed", "7")).contains("--seed 7 changes nothing drawn: the scatter"
                + " figure draws the 2-D latent space of ae.safetensors as is, the interpolation figure is skipped"
                + " (--limit 1 leaves 1 test image) and the samples figure is skipped (ae.safetensors is an"
                + " autoencoder); the seed draws");
    }

    /** The one-line usage error of plotting the autoencoder with {@code options}, which writes nothing. */
    private String refusal(String... options) {
        Path out = dir.resolve("figs");
        List<String> args = new ArrayList<>(List.of("plot", model.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(out).doesNotExist();
        return run.err();
    }
}
