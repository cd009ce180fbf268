package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.io.MetadataJson;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.TrainConfig;

/**
 * The parts of a model file's {@code atlas.training} and {@code atlas.dataset} that commands read as records: the
 * training config, the stored test metrics, the per-epoch history, the data request and the data's record. Each is
 * read here, through {@link MetadataJson}, so a damaged one is refused in the same words whichever command meets it
 * (naming the file, the key, the field, its value and what was expected), and before any work: evaluate, plot, serve
 * and export check them all as they read the file ({@link #check}), so no evaluation runs, and no figure is drawn, for
 * a file whose stored numbers cannot be read.
 */
final class StoredTraining {
    private StoredTraining() {}

    /**
     * A file's {@code atlas.training} as a tree, its config, test metrics and history checked; a missing node where the
     * file has none.
     */
    static JsonNode read(String source, Map<String, String> metadata) throws ModelFileException {
        JsonNode training = MetadataJson.tree(source, metadata, TrainingRun.TRAINING_KEY);
        check(source, training);
        return training;
    }

    /** Every part of {@code atlas.training} a command reads as a record can be read: see {@link StoredTraining}. */
    static void check(String source, JsonNode training) throws ModelFileException {
        config(source, training);
        test(source, training);
        request(source, training);
        JsonNode history = training.path("history");
        if (!history.isMissingNode() && !history.isArray()) {
            MetadataJson.value(source, TrainingRun.TRAINING_KEY, training, "/history", EpochMetrics[].class);
        }
        for (int epoch = 0; epoch < history.size(); epoch++) {
            MetadataJson.value(source, TrainingRun.TRAINING_KEY, training, "/history/" + epoch, EpochMetrics.class);
        }
    }

    /** The training config; null where the file records none. */
    static TrainConfig config(String source, JsonNode training) throws ModelFileException {
        return MetadataJson.value(source, TrainingRun.TRAINING_KEY, training, "/config", TrainConfig.class);
    }

    /** The test metrics training stored; null where the file holds none. */
    static Evaluation test(String source, JsonNode training) throws ModelFileException {
        return MetadataJson.value(source, TrainingRun.TRAINING_KEY, training, "/metrics/test", Evaluation.class);
    }

    /** The data request training recorded; null in files older than it. */
    static DatasetRequest request(String source, JsonNode training) throws ModelFileException {
        return MetadataJson.value(source, TrainingRun.TRAINING_KEY, training, "/" + ModelDatasets.REQUEST_FIELD,
                DatasetRequest.class);
    }

    /** The file's {@code atlas.dataset}; null where it has none. */
    static DatasetMetadata dataset(String source, Map<String, String> metadata) throws ModelFileException {
        JsonNode dataset = MetadataJson.tree(source, metadata, TrainingRun.DATASET_KEY);
        return dataset.isMissingNode() ? null
                : MetadataJson.value(source, TrainingRun.DATASET_KEY, dataset, "", DatasetMetadata.class);
    }
}
