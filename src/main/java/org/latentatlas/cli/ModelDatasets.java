package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.data.Split;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.model.VaeConfig;

/**
 * Finds the data a saved model was trained on: the dataset request stored in {@code atlas.training} is
 * replayed with the training seed, and the result must hash to what {@code atlas.dataset} recorded, so a
 * model is never shown beside data it did not see.
 */
final class ModelDatasets {
    static final String REQUEST_FIELD = "data";

    private ModelDatasets() {}

    /** The exact train/test split of the model's training run. */
    static LoadedDataset reload(Path modelPath, ModelFile.LoadedModel model, Consumer<String> log) throws IOException {
        String source = modelPath.toString();
        DatasetMetadata recorded = recordedMetadata(source, model);
        JsonNode training = Json.MAPPER.readTree(require(source, model, TrainingRun.TRAINING_KEY));
        DatasetRequest stored = training.has(REQUEST_FIELD)
                ? Json.MAPPER.treeToValue(training.get(REQUEST_FIELD), DatasetRequest.class)
                : DatasetRequest.of(recorded.name());
        // The cache is a property of this machine, not of the model.
        DatasetRequest request = new DatasetRequest(stored.dataset(), stored.dataDir(), DatasetCatalog.defaultCacheDir(),
                false, null, stored.limit(), stored.testSize(), stored.csv(), stored.resize());
        long seed = training.at("/config/seed").asLong(0);
        LoadedDataset loaded = request.load(seed, log);
        DatasetMetadata found = loaded.metadata();
        if (!found.trainSha256().equals(recorded.trainSha256()) || !found.testSha256().equals(recorded.testSha256())
                || found.trainSize() != recorded.trainSize() || found.testSize() != recorded.testSize()) {
            throw new ModelFileException(source, "was trained on '" + recorded.name() + "' ("
                    + recorded.trainSize() + " train / " + recorded.testSize() + " test, SHA-256 "
                    + abbreviate(recorded.trainSha256()) + ") but the data found now differs ("
                    + found.trainSize() + " / " + found.testSize() + ", SHA-256 " + abbreviate(found.trainSha256()) + ")");
        }
        return loaded;
    }

    /**
     * The data a command looks at: the model's own split (replayed and verified) or, when {@code --dataset} was
     * given, that data split with the model's training seed, so "test" still means images it did not train on.
     * Either way its images must have the model's shape.
     */
    static Split chooseSplit(Path modelPath, ModelFile.LoadedModel model, DatasetOptions given, boolean explicit,
                             long fallbackSeed, PrintWriter err) throws IOException {
        Consumer<String> log = line -> {
            err.println(line);
            err.flush();
        };
        Split split;
        if (explicit) {
            JsonNode training = Json.MAPPER.readTree(require(modelPath.toString(), model, TrainingRun.TRAINING_KEY));
            split = given.loadWithMetadata(training.at("/config/seed").asLong(fallbackSeed)).split();
        } else {
            split = reload(modelPath, model, log).split();
        }
        Dataset d = split.test();
        VaeConfig c = model.config();
        if (d.dim() != c.inputDim()) {
            throw new IllegalArgumentException(d.name() + " has " + d.height() + "x" + d.width() + " = " + d.dim()
                    + " pixels per image but the model expects " + c.imageHeight() + "x" + c.imageWidth() + " = "
                    + c.inputDim());
        }
        return split;
    }

    static Split reloadSplit(Path modelPath, ModelFile.LoadedModel model) throws IOException {
        return reload(modelPath, model, line -> { }).split();
    }

    static DatasetMetadata recordedMetadata(String source, ModelFile.LoadedModel model) throws IOException {
        return Json.MAPPER.readValue(require(source, model, TrainingRun.DATASET_KEY), DatasetMetadata.class);
    }

    private static String require(String source, ModelFile.LoadedModel model, String key) throws ModelFileException {
        String value = model.metadata().get(key);
        if (value == null) {
            throw new ModelFileException(source, "no " + key + " metadata: cannot tell which data the model was trained on");
        }
        return value;
    }

    private static String abbreviate(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12) + "…";
    }
}
