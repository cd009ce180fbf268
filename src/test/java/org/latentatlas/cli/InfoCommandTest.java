package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

/**
 * What {@code atlas info} says the recorded hashes are of, the objective of a free-bits run, and a one-example test
 * split's standard error. (Its other lines:
 * EvaluateCommandTest, BetaObjectiveReportTest.)
 */
class InfoCommandTest {
    @TempDir
    Path dir;

    /** Both hashes of a stratified split are the whole source's: labelled "test" they sent users to a mismatch. */
    @Test
    void aStratifiedSplitsHashIsLabelledAsTheWholeSourcesAndAnOwnSplitsAsEachSplits() throws Exception {
        Path stratified = dir.resolve("digits.safetensors");
        CliRun train = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--no-progress", "-o", stratified.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        ModelFile.LoadedModel loaded = ModelFile.read(stratified);
        ObjectNode data = (ObjectNode) Json.readTree(loaded.metadata().get(TrainingRun.DATASET_KEY));
        String source = data.get("testSha256").asText();

        assertThat(CliRun.of("info", stratified.toString()).out()).contains("  SHA-256 " + source
                + " (of the whole source: train and test are a split drawn from it)").doesNotContain("test SHA-256");

        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        data.put("split", "own").put("trainSha256", "a".repeat(64)).put("testSha256", "b".repeat(64));
        metadata.put(TrainingRun.DATASET_KEY, Json.write(data));
        Path own = dir.resolve("own.safetensors");
        ModelFile.write(own, loaded.config(), loaded.parameters(), metadata);
        assertThat(CliRun.of("info", own.toString()).out()).contains("  train SHA-256 " + "a".repeat(64))
                .contains("  test SHA-256 " + "b".repeat(64)).doesNotContain("whole source");
    }

    /**
     * What the walkthrough found missing or misread on one small run: the learned sigma (a parameter like the weights,
     * shown nowhere), wallSeconds (a running total, headed as per-epoch nats), a count printed as "100.0000", clipping
     * that is off printed as a norm of 0, and "1 dimensions".
     */
    @Test
    void aLearnedSigmaRunShowsItsSigmaItsClockAsARunningTotalAndItsSettingsInTheirOwnUnits() throws Exception {
        Path model = dir.resolve("learned.safetensors");
        CliRun train = CliRun.of("train", "--epochs", "2", "--hidden", "8", "--latent", "1", "--likelihood",
                "gaussian(learned)", "--validation", "100", "--record-time", "--no-progress", "-o", model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        float logSigma = loaded.parameters()[loaded.parameters().length - 1]; // likelihood.logsigma comes last
        String sigma = String.format(java.util.Locale.ROOT, "learned sigma %.4g", Math.exp(logSigma));

        CliRun info = CliRun.of("info", model.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("\n  " + sigma + "\n")
                .contains("history (per epoch, nats per example; wallSeconds in seconds):")
                .contains("  wallSeconds: seconds since the run began (since the resume, for epochs after one), at the"
                        + " end of each epoch");
        String config = info.out().lines().filter(l -> l.startsWith("training config: ")).findFirst().orElseThrow();
        assertThat(config).contains(", validation 100,").contains(", clipNorm off,").contains("learningRate 0.0030")
                .doesNotContain("100.0000").doesNotContain("clipNorm 0");

        java.nio.file.Path json = dir.resolve("learned.json");
        CliRun evaluate = CliRun.of("evaluate", model.toString(), "--k", "3", "--repeats", "1", "--json",
                json.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).containsPattern("(?m)^  likelihood gaussian\\(learned\\): .*; " + sigma + "$")
                .contains("\nlatent: 1 dimension, ");
        com.fasterxml.jackson.databind.JsonNode learned = Json.readTree(json.toFile()).at("/report/protocol/learnedSigma");
        assertThat(learned.get("values").asInt()).isEqualTo(1);
        assertThat(learned.get("median").asDouble()).isCloseTo(Math.exp(logSigma),
                org.assertj.core.api.Assertions.within(1e-6));
    }

    /**
     * A free-bits run minimised recon + β · sum_j max(λ, KL_j), not the ELBO: info says λ with β and its schedule on
     * one line, as train's summary does, so the stored numbers' protocol is complete from the file alone.
     */
    @Test
    void aFreeBitsModelsObjectiveNamesTheFloorTheBetaAndItsSchedule() {
        Path floored = dir.resolve("free-bits.safetensors");
        CliRun train = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--beta", "2", "--warmup", "1",
                "--free-bits", "0.5", "--no-progress", "-o", floored.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();

        CliRun info = CliRun.of("info", floored.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        String objective = "elbo, beta linear from 0 to 2 over 1 epoch (2 from epoch 2 on), free bits 0.5; the reported"
                + " ELBO is the beta = 1 bound, not the objective minimised (recon + 2 · sum_j max(0.5, KL_j))";
        assertThat(train.out()).contains("elbo, beta linear from 0 to 2 over 1 epoch (2 from epoch 2 on), free bits 0.5");
        assertThat(info.out()).contains("\nobjective: " + objective + "\n")
                .contains("\nobjective minimised: recon + 2 · sum_j max(0.5, KL_j) (its value needs each dimension's"
                        + " KL, which the file does not store: atlas evaluate gives it)\n");
        String config = info.out().lines().filter(l -> l.startsWith("training config: ")).findFirst().orElseThrow();
        assertThat(config).doesNotContain("freeBits").doesNotContain("beta").doesNotContain("klSchedule");
    }

    /**
     * A standard error over one test example is undefined, not 0: the file stored 0.0 there and info printed
     * "elboStdErr 0.0000", which reads as an exact ELBO. The file now stores null, as evaluate's JSON writes what it
     * cannot measure, and info says "n/a (one example)", for a file written before too (its 0.0 read as null).
     */
    @Test
    void aOneExampleTestSplitsStandardErrorIsStoredAsNullAndShownAsNotApplicable() throws Exception {
        Path model = CliRun.tinyModel(dir.resolve("one.safetensors"), "--test-size", "1");
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        ObjectNode training = (ObjectNode) Json.readTree(loaded.metadata().get(TrainingRun.TRAINING_KEY));
        ObjectNode test = (ObjectNode) training.at("/metrics/test");
        assertThat(test.get("elboStdErr").isNull()).as(test.toString()).isTrue();
        assertThat(CliRun.of("info", model.toString()).out()).contains(", elboStdErr n/a (one example), ")
                .doesNotContain("elboStdErr 0.0000");

        test.put("elboStdErr", 0.0); // as files written before stored it
        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        metadata.put(TrainingRun.TRAINING_KEY, Json.write(training));
        Path old = dir.resolve("old.safetensors");
        ModelFile.write(old, loaded.config(), loaded.parameters(), metadata);
        assertThat(CliRun.of("info", old.toString()).out()).contains(", elboStdErr n/a (one example), ");
        Path json = dir.resolve("old.json");
        CliRun evaluate = CliRun.of("evaluate", old.toString(), "--k", "3", "--repeats", "1", "--json", json.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(Json.readTree(json.toFile()).at("/report/protocol/trainedElbo/elboStdErr").isNull()).isTrue();
    }

    /** An autoencoder's stored reconstruction over one example has no standard error either. */
    @Test
    void aOneExampleAutoencodersStandardErrorIsShownAsNotApplicable() {
        Path model = CliRun.tinyModel(dir.resolve("ae.safetensors"), "--objective", "ae", "--test-size", "1");

        assertThat(CliRun.of("info", model.toString()).out()).contains(", stdErr n/a (one example), examples 1 ");
    }
}
