package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

/** The training-science options of {@code atlas train}, end to end: what they write and what they refuse. */
class TrainScienceOptionsTest {
    @TempDir
    Path dir;

    private CliRun train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "1", "--hidden", "16", "--no-progress",
                "-o", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private JsonNode training(Path out) throws Exception {
        return Json.readTree(ModelFile.read(out).metadata().get(TrainingRun.TRAINING_KEY));
    }

    @Test
    void digitsDefaultToTheBinomialLikelihoodAndSaySoInTheProtocol() throws Exception {
        Path out = dir.resolve("m.safetensors");
        CliRun r = train(out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ModelFile.read(out).config().likelihood()).isEqualTo("binomial(16)");
        assertThat(r.out()).contains("trained 1 epoch (");
        assertThat(training(out).get("protocol").asText()).contains("Binomial(16)").contains("true lower bound");
    }

    @Test
    void iwaeAutoencoderAndLearnedSigmaRunsWriteLoadableFilesThatSayWhatTheyAre() throws Exception {
        Path iwae = dir.resolve("iwae.safetensors");
        CliRun iwaeRun = train(iwae, "--objective", "iwae", "--k", "3");
        assertThat(iwaeRun.exitCode()).as(iwaeRun.err()).isZero();
        // IWAE takes no β: the summary names its k, and the test ELBO line says which bound it is.
        assertThat(iwaeRun.out()).contains("iwae, k = 3 samples, no KL weight").doesNotContain("beta 1")
                .contains("the ELBO is the k = 1 bound").contains("atlas evaluate --k 3 --repeats 1");
        assertThat(training(iwae).get("objective").asText()).isEqualTo("iwae");
        assertThat(training(iwae).at("/config/samples").asInt()).isEqualTo(3);

        Path ae = dir.resolve("ae.safetensors");
        CliRun aeRun = train(ae, "--objective", "ae");
        assertThat(aeRun.exitCode()).as(aeRun.err()).isZero();
        assertThat(training(ae).at("/metrics/test/kl").asDouble()).isZero();
        assertThat(training(ae).get("protocol").asText()).contains("autoencoder").contains("not a bound");
        assertThat(ModelFile.read(ae).config().tensorShapes()).containsKey("logvar.weight"); // same format as a VAE

        Path sigma = dir.resolve("sigma.safetensors");
        CliRun s = train(sigma, "--likelihood", "gaussian(learned-pixel)", "--activation", "gelu",
                "--decoder-hidden", "8,24");
        assertThat(s.exitCode()).as(s.err()).isZero();
        ModelFile.LoadedModel m = ModelFile.read(sigma);
        assertThat(m.config().tensorShapes().get("likelihood.logsigma")).containsExactly(64);
        assertThat(m.config().decoderHidden()).containsExactly(8, 24);
        assertThat(m.config().activation()).isEqualTo("gelu");
    }

    @Test
    void wallTimeIsStoredOnlyWhenAskedFor() throws Exception {
        Path out = dir.resolve("t.safetensors");
        assertThat(train(out, "--record-time").exitCode()).isZero();
        assertThat(training(out).at("/history/0/wallSeconds").asDouble()).isPositive();
    }

    @Test
    void combinationsThatMeanNothingAreRefusedNamingTheValue() {
        CliRun iwaeBeta = train(dir.resolve("a.safetensors"), "--objective", "iwae", "--beta", "2");
        assertThat(iwaeBeta.exitCode()).isEqualTo(2);
        assertThat(iwaeBeta.err()).contains("--beta must be 1 with the iwae objective").contains("got 2");
        CliRun binarizeBinomial = train(dir.resolve("b.safetensors"), "--binarize", "dynamic");
        assertThat(binarizeBinomial.exitCode()).isEqualTo(2);
        assertThat(binarizeBinomial.err()).contains("Bernoulli").contains("binomial(16)");
        CliRun patience = train(dir.resolve("c.safetensors"), "--patience", "3");
        assertThat(patience.exitCode()).isEqualTo(2);
        assertThat(patience.err()).contains("--validation");
        CliRun k = train(dir.resolve("d.safetensors"), "--k", "4");
        assertThat(k.exitCode()).isEqualTo(2);
        assertThat(k.err()).contains("--k 4");
    }

    @Test
    void anOptionOfAnotherKlScheduleIsRefusedInsteadOfIgnored() {
        CliRun warmupOnConstant = train(dir.resolve("f.safetensors"), "--kl-schedule", "constant", "--warmup", "5");
        assertThat(warmupOnConstant.exitCode()).isEqualTo(2);
        assertThat(warmupOnConstant.err()).contains("--warmup 5 is for --kl-schedule linear (this run's is constant)");
        CliRun cycles = train(dir.resolve("g.safetensors"), "--cycles", "3");
        assertThat(cycles.exitCode()).isEqualTo(2);
        assertThat(cycles.err()).contains("--cycles 3 is for --kl-schedule cyclical");
        CliRun betaStart = train(dir.resolve("h.safetensors"), "--kl-schedule", "cyclical", "--beta-start", "0.5");
        assertThat(betaStart.exitCode()).isEqualTo(2);
        assertThat(betaStart.err()).contains("--beta-start 0.5 is for --kl-schedule linear (this run's is cyclical)");
        CliRun unit = train(dir.resolve("i.safetensors"), "--warmup-unit", "steps");
        assertThat(unit.exitCode()).isEqualTo(2);
        assertThat(unit.err()).contains("--warmup-unit steps is for --kl-schedule linear");
        assertThat(dir.resolve("f.safetensors")).doesNotExist();
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsAndRestoresTheBestValidationEpochsWeights() throws Exception {
        Path out = dir.resolve("e.safetensors");
        // A learning rate this high makes the validation ELBO turn down within a few epochs (measured: epoch 7).
        CliRun r = CliRun.of("train", "--epochs", "12", "--hidden", "16", "--no-progress", "-o", out.toString(),
                "--lr", "0.1", "--validation", "0.1", "--patience", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode t = training(out);
        assertThat(t.get("stopped").asText()).isEqualTo("early stopping");
        int best = t.get("bestEpoch").asInt();
        assertThat(t.get("history").size()).isEqualTo(best + 1);
        JsonNode bestEpoch = t.at("/history/" + (best - 1));
        for (JsonNode h : t.get("history")) {
            assertThat(h.get("validationElbo").asDouble()).isLessThanOrEqualTo(bestEpoch.get("validationElbo").asDouble());
        }
        // Same weights, same evaluation seed: the final test ELBO is the best epoch's, bit for bit.
        assertThat(t.at("/metrics/test/elbo").asDouble()).isEqualTo(bestEpoch.get("testElbo").asDouble());
    }

    @Test
    void helpExplainsEveryTrainingScienceOption() {
        CliRun r = CliRun.of("train", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--objective", "--k", "--kl-schedule", "--warmup", "--cycles", "--cycle-ratio",
                "--free-bits", "--binarize", "--activation", "--decoder-hidden", "--validation", "--patience",
                "--lr-schedule", "--clip-norm", "--checkpoint-every", "--resume", "--record-time",
                "tanh approximation", "unclamped", "logvar head", "nn.Linear", "true bound");
    }

    @Test
    void binarizingForALikelihoodThatIsNotBernoulliIsRefusedBeforeTrainingIsAnnounced() {
        Path out = dir.resolve("b.safetensors");
        CliRun r = train(out, "--binarize", "dynamic"); // the digits default is Binomial(16)
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--binarize dynamic is for the Bernoulli likelihood").contains("binomial(16)");
        assertThat(r.out()).doesNotContain("training");
        assertThat(out).doesNotExist();
    }

    /** The summary describes the weights kept: after early stopping, an earlier epoch's, not the last one trained. */
    @Test
    void afterEarlyStoppingTheSummaryCountsTheKeptEpochsActiveUnits() throws Exception {
        Path out = dir.resolve("kept.safetensors");
        // Measured: this run keeps epoch 11 (3 active units) and stops after epoch 13 (4).
        CliRun r = CliRun.of("train", "--epochs", "30", "--latent", "6", "--hidden", "16", "--beta", "6", "--lr", "0.03",
                "--validation", "0.1", "--patience", "2", "--no-progress", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode t = training(out);
        JsonNode history = t.get("history");
        int kept = history.get(t.get("bestEpoch").asInt() - 1).get("activeUnits").asInt();
        int last = history.get(history.size() - 1).get("activeUnits").asInt();
        assertThat(kept).as("the case this test needs").isNotEqualTo(last);
        assertThat(r.out()).contains("active units " + kept + " of 6");
    }

    @Test
    void aWarmUpLongerThanTheRunIsPointedOutWithTheBetaReached() {
        CliRun longer = train(dir.resolve("w.safetensors"), "--warmup", "5");
        assertThat(longer.exitCode()).as(longer.err()).isZero();
        assertThat(longer.out()).contains("note: beta reached only").contains("of its target 1.0: the warm-up is"
                + " longer than the run");
        CliRun asLong = train(dir.resolve("w1.safetensors"), "--warmup", "1");
        assertThat(asLong.out()).doesNotContain("note: beta");
    }

    @Test
    void aNegativeCheckpointIntervalIsRefusedInWords() {
        CliRun r = train(dir.resolve("n.safetensors"), "--checkpoint-every", "-5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--checkpoint-every must be a number of steps >= 1 (0 = no checkpoints), got -5")
                .doesNotContain("org.latentatlas");
    }
}
