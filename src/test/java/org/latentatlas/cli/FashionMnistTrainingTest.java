package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.Prerequisites;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.Split;
import org.latentatlas.eval.ElboEvaluator;
import org.latentatlas.io.ModelFile;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.text.Json;

/** Fashion-MNIST from Debian's dataset-fashion-mnist package, trained through the CLI a user types. */
class FashionMnistTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aShortRunOnFashionMnistBeatsTheUntrainedModelOnTheTestSet() throws Exception {
        Prerequisites.require(Files.isDirectory(DatasetCatalog.DEBIAN_FASHION_MNIST),
                "apt-get install dataset-fashion-mnist");
        Path out = dir.resolve("fm.safetensors");
        CliRun run = CliRun.of("train", "--dataset", "fashion-mnist", "--limit", "3000", "--latent", "2",
                "--hidden", "128", "--epochs", "3", "--batch", "100", "--lr", "0.002", "--seed", "5",
                "--no-progress", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("fashion-mnist").contains("test ELBO");

        ModelFile.LoadedModel model = ModelFile.read(out);
        assertThat(model.config().inputDim()).isEqualTo(784);
        JsonNode dataset = Json.readTree(model.metadata().get(TrainingRun.DATASET_KEY));
        assertThat(dataset.get("name").asText()).isEqualTo("fashion-mnist");
        assertThat(dataset.get("split").asText()).isEqualTo("own");
        assertThat(dataset.get("trainSize").asInt()).isEqualTo(3000);

        Split split = ModelDatasets.choose(out, model, ModelDatasets.training(out, model), new ModelDataOptions(),
                "test").data().split();
        double trained = ElboEvaluator.evaluate(new Vae(model.config(), model.parameters()), split.test(), 2, 1).elbo();
        double untrained = ElboEvaluator.evaluate(Vae.initialize(model.config(), new Rng(5)), split.test(), 2, 1).elbo();
        assertThat(trained).as("test ELBO after training vs untrained").isGreaterThan(untrained + 50);
    }
}
