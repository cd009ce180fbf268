package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.text.Json;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingListener;

class TrainCommandTest {
    @TempDir
    Path dir;

    private CliRun trainSmall(Path out, String seed) {
        return CliRun.of("train", "--epochs", "2", "--hidden", "16", "--seed", seed, "--no-progress",
                "-o", out.toString());
    }

    @Test
    void trainWritesAModelWhoseDecoderMatchesTheInMemoryModel() throws Exception {
        Path out = dir.resolve("m.safetensors");
        CliRun run = trainSmall(out, "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("test ELBO").contains("nats/example").contains("protocol:").contains("wrote");

        ModelFile.LoadedModel loaded = ModelFile.read(out);
        Trainer.Result again = new Trainer().train(loaded.config(), Split.stratified(DigitsCsv.load(), 300, 3),
                new TrainConfig(2, 64, 3e-3, 1, 3), TrainingListener.NONE);
        float[] z = {0f, 0f, 1.5f, -0.5f, -2f, 2f}; // (3, 2)
        assertThat(new Vae(loaded.config(), loaded.parameters()).decode(z, 3))
                .containsExactly(again.vae().decode(z, 3));
    }

    @Test
    void testMetricsAndProtocolAreStoredInTheFileInNats() throws Exception {
        Path out = dir.resolve("m.safetensors");
        assertThat(trainSmall(out, "4").exitCode()).isZero();
        ModelFile.LoadedModel loaded = ModelFile.read(out);
        JsonNode training = Json.readTree(loaded.metadata().get(TrainingRun.TRAINING_KEY));
        JsonNode test = training.at("/metrics/test");
        assertThat(test.get("elbo").asDouble()).isNegative();
        assertThat(test.get("recon").asDouble() + test.get("kl").asDouble())
                .isCloseTo(-test.get("elbo").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(training.get("protocol").asText()).contains("nats").contains("seed 4").contains("300");
        assertThat(training.get("history")).hasSize(2);
        JsonNode dataset = Json.readTree(loaded.metadata().get(TrainingRun.DATASET_KEY));
        assertThat(dataset.get("trainSha256").asText()).isEqualTo(DigitsCsv.load().sha256());
    }

    /**
     * Active units are the dimensions whose μ varies across test examples (Burda et al.): one test example has no
     * variance, and the run said "active units 0 of 2" and stored 0 every epoch, which reads as total collapse.
     */
    @Test
    void aOneExampleTestSplitLeavesActiveUnitsUnmeasured() throws Exception {
        Path out = dir.resolve("one.safetensors");
        CliRun run = CliRun.trainTiny("--test-size", "1", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("; active units n/a (one test example: activity is the variance of mu over"
                + " examples)\n").doesNotContain("active units 0 of");
        JsonNode history = Json.readTree(ModelFile.read(out).metadata().get(TrainingRun.TRAINING_KEY)).get("history");
        assertThat(history).hasSize(1).allSatisfy(epoch -> assertThat(epoch.get("activeUnits").isNull())
                .as(epoch.toString()).isTrue());
    }

    @Test
    void sameSeedGivesAByteIdenticalModelFile() throws Exception {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        assertThat(trainSmall(a, "9").exitCode()).isZero();
        assertThat(trainSmall(b, "9").exitCode()).isZero();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void negativeLatentDimIsRejectedInOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("m.safetensors");
        CliRun run = CliRun.of("train", "--latent", "-3", "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--latent must be in 1..512, got -3");
        assertThat(listing()).isEmpty();
    }

    @Test
    void unknownOptionIsRejectedInOneLine() {
        CliRun run = CliRun.of("train", "--frobnicate", "7");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--frobnicate").contains("atlas train --help");
    }

    @Test
    void anOutputInAMissingDirectoryFailsBeforeTraining() throws Exception {
        CliRun run = CliRun.of("train", "-o", dir.resolve("nope/m.safetensors").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
        assertThat(run.out()).doesNotContain("training");
    }

    @Test
    void helpNamesEveryOptionWithItsDefault() {
        CliRun run = CliRun.of("train", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--latent", "--hidden", "--epochs", "--batch", "--lr", "--beta", "--seed",
                "--output", "Default: 2");
    }

    private java.util.List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** The explorer's default model is the one {@code atlas train} makes with no options: same config, same file. */
    @Test
    void exploreTrainsWithTheConfigThatTrainRecordsByDefault() {
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs("-o", dir.resolve("m.safetensors").toString());
        assertThat(ExploreCommand.defaultTraining())
                .isEqualTo(train.training.toConfig(Long.parseLong(Defaults.SEED)));
    }
}
