package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.io.ModelFile;

/**
 * A model trained with {@code --limit} saw only a subsample of its training split. Whatever --limit a later command
 * gives, "train" must still mean examples it trained on, while "test" may take more held-out examples than training
 * evaluated on.
 */
class ModelDatasetsTest {
    private static final int TRAINED_LIMIT = 100;

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainOnALimitedSplit() {
        model = dir.resolve("limited.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--no-progress", "--limit",
                "" + TRAINED_LIMIT, "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void theTrainSplitWithALimitAboveTheTrainingLimitIsRefusedByPlotAndEvaluate() {
        Path figures = dir.resolve("figures");
        CliRun plot = CliRun.of("plot", model.toString(), "--out", figures.toString(), "--only", "scatter",
                "--split", "train", "--limit", "500");
        CliRun evaluate = CliRun.of("evaluate", model.toString(), "--k", "2", "--split", "train", "--limit", "500");
        for (CliRun run : List.of(plot, evaluate)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.errLines()).isEqualTo(1);
            assertThat(run.err()).contains("--split train --limit 500: " + model + " was trained on 100 examples of"
                    + " its training split (it was trained with --limit 100) and never saw the others; give --limit"
                    + " 100 or less, or leave --limit out");
        }
        assertThat(figures).doesNotExist();
    }

    @Test
    void aSmallerLimitOnTheTrainSplitTakesOnlyExamplesTheModelTrainedOn() throws Exception {
        Set<String> trainedOn = rows(choose(null, "train").split().train());
        assertThat(trainedOn).hasSize(TRAINED_LIMIT);
        for (int limit : new int[] {7, 13, 50, 99}) {
            Dataset shown = choose(limit, "train").split().train();
            assertThat(shown.size()).isEqualTo(limit);
            assertThat(trainedOn).as("--limit " + limit).containsAll(rows(shown));
        }
    }

    @Test
    void theTestSplitMayTakeMoreHeldOutExamplesThanTrainingEvaluatedOn() throws Exception {
        LoadedDataset wider = choose(250, "test");
        assertThat(wider.split().test().size()).isEqualTo(250);
        assertThat(wider.split().train().size()).isEqualTo(TRAINED_LIMIT);
        assertThat(wider.metadata().limit()).isEqualTo(250);
    }

    private static LoadedDataset choose(Integer limit, String split) throws Exception {
        ModelDataOptions options = new ModelDataOptions();
        options.limit = limit;
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        return ModelDatasets.choose(model, loaded, ModelDatasets.training(model, loaded), options, split).data();
    }

    /** Each image with its label, as text: a row identifies an example well enough to tell the two sets apart. */
    static Set<String> rows(Dataset d) {
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            rows.add(d.labels()[i] + ":" + Arrays.toString(Arrays.copyOfRange(d.pixels(), i * d.dim(), (i + 1) * d.dim())));
        }
        return rows;
    }
}
