package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.data.Split;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;

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
