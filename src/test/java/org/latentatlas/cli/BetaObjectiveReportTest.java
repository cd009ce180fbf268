package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.text.Json;

/**
 * A β-VAE minimises recon + β·KL, yet reports the β = 1 ELBO: train and evaluate say which number is which, give the
 * objective too, and say how many draws of ε each test ELBO averaged, so two figures for one model are explained.
 */
class BetaObjectiveReportTest {
    private static final Pattern TEST_LINE = Pattern.compile("test ELBO \\(the beta = 1 bound\\) (-?[\\d.]+) ± [\\d.]+"
            + " nats/example = -\\(recon ([\\d.]+) \\+ KL ([\\d.]+)\\); objective minimised recon \\+ 4 · KL = ([\\d.]+)");

    @TempDir
    static Path dir;
    private static Path beta4;
    private static CliRun trained;

    @BeforeAll
    static void trainABetaFourModel() {
        beta4 = dir.resolve("beta4.safetensors");
        trained = CliRun.of("train", "--hidden", "8", "--epochs", "1", "--beta", "4", "--no-progress", "-o",
                beta4.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
    }

    @Test
    void trainSaysItsTestElboIsTheBetaOneBoundAndPrintsTheObjectiveMinimised() {
        Matcher m = TEST_LINE.matcher(trained.out());
        assertThat(m.find()).as(trained.out()).isTrue();
        double recon = Double.parseDouble(m.group(2));
        double kl = Double.parseDouble(m.group(3));
        assertThat(Double.parseDouble(m.group(4))).isCloseTo(recon + 4 * kl, within(0.03)); // printed to 0.01
        assertThat(trained.out()).contains("10 draws of eps per example (seed 42), ± the standard error over examples");
    }

    @Test
    void evaluatesCardSaysHowTheModelWasTrainedAndWhyTrainsElboDiffers() throws Exception {
        Path json = dir.resolve("beta4.json");
        CliRun run = CliRun.of("evaluate", beta4.toString(), "--k", "20", "--repeats", "1", "--information-samples",
                "50", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  training: elbo, beta 4; the reported ELBO is the beta = 1 bound, not the"
                        + " objective minimised (recon + 4 · KL)\n")
                .contains("ELBO (the beta = 1 bound)").contains("objective minimised   ")
                .contains("the stored test-split ELBO, ").contains("averaged 10 draws of eps per example (seed 42)"
                        + " in training on the same 300 examples; this evaluation's averages 20, so the two differ by"
                        + " Monte Carlo noise (training used fewer draws)");

        JsonNode report = Json.readTree(java.nio.file.Files.readString(json)).get("report");
        double kl = report.at("/elbo/kl").asDouble();
        assertThat(report.at("/objective/formula").asText()).isEqualTo("recon + 4 · KL");
        assertThat(report.at("/objective/value").asDouble())
                .isCloseTo(report.at("/elbo/recon").asDouble() + 4 * kl, within(1e-6));
        assertThat(report.at("/protocol/training").asText()).startsWith("elbo, beta 4;")
                .doesNotContain("row").doesNotContain("below");
    }

    @Test
    void aModelTrainedOnTheElboItselfGetsNoObjectiveRow() throws Exception {
        Path plain = dir.resolve("plain.safetensors");
        CliRun train = CliRun.of("train", "--hidden", "8", "--epochs", "1", "--no-progress", "-o", plain.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("test ELBO -").doesNotContain("beta = 1 bound")
                .doesNotContain("objective minimised");

        CliRun run = CliRun.of("evaluate", plain.toString(), "--k", "10", "--repeats", "1", "--examples", "50",
                "--information-samples", "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  training: elbo, beta 1\n").doesNotContain("objective minimised")
                .contains("in training on the test split's 300 examples; this evaluation's averages 10, so the two"
                        + " differ by Monte Carlo noise (training used other draws) and by the examples");
        CliRun onTrain = CliRun.of("evaluate", plain.toString(), "--split", "train", "--k", "1", "--repeats", "1",
                "--examples", "50", "--information-samples", "50");
        assertThat(onTrain.exitCode()).as(onTrain.err()).isZero();
        assertThat(onTrain.out()).contains("the stored test-split ELBO, ").contains("on the test split's 300 examples");
    }

    /** info words the bound and the objective as train does, from the file alone. */
    @Test
    void infoSaysItsStoredElboIsTheBetaOneBoundAndGivesTheObjective() {
        CliRun info = CliRun.of("info", beta4.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        Matcher m = TEST_LINE.matcher(trained.out());
        assertThat(m.find()).isTrue();
        assertThat(info.out()).contains("objective: elbo, beta 4; the reported ELBO is the beta = 1 bound, not the"
                        + " objective minimised (recon + 4 · KL)\n")
                .containsPattern("final test metrics \\(nats per example\\): elbo -[\\d.]+ \\(the beta = 1 bound\\)")
                .contains("objective minimised: recon + 4 · KL = " + m.group(4))
                .contains("10 draws of eps per example, seed 42").contains("trainLoss is the objective minimised")
                .doesNotContain("sample(s)").doesNotContain("beta 4.0").doesNotContain("freeBits");
    }
}
