package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.io.ModelFile;

/**
 * A model trained with {@code --validation} never trained on the examples it held out, though they belong to its
 * train split. plot and evaluate with {@code --split train} leave them out, carved as training carved them, and
 * evaluate's card says so: "train" means what the model trained on.
 */
class ValidationHeldOutTest {
    private static final int HELD_OUT = 100;
    private static final int TRAIN_SPLIT = 1497; // the digits less the 300 test examples

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainWithAValidationSet() {
        model = dir.resolve("validated.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--no-progress", "--validation",
                "" + HELD_OUT, "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void theTrainSplitIsTheExamplesTrainedOnWithoutTheValidationOnes() throws Exception {
        Dataset shown = choose(null, "train", null);
        assertThat(shown.size()).isEqualTo(TRAIN_SPLIT - HELD_OUT);
        Set<String> whole = ModelDatasetsTest.rows(DatasetRequest.of("digits").load(42, l -> { }).split().train());
        assertThat(whole).containsAll(ModelDatasetsTest.rows(shown));
        assertThat(choose(null, "test", null).size()).as("the test split is as it was").isEqualTo(300);
        assertThat(choose(null, "train", "digits").size()).as("--dataset naming the training data")
                .isEqualTo(TRAIN_SPLIT - HELD_OUT);
    }

    @Test
    void evaluateCountsOnlyTheExamplesTrainedOnAndItsCardSaysWhy() {
        CliRun run = CliRun.of("evaluate", model.toString(), "--k", "2", "--split", "train");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("train (" + (TRAIN_SPLIT - HELD_OUT) + " examples)");
        assertThat(run.out()).contains("the train split without the " + HELD_OUT + " examples training held out for"
                + " validation (--validation)");
    }

    @Test
    void infoSaysHowManyOfTheTrainSplitWereHeldOutForValidation() {
        CliRun run = CliRun.of("info", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(TRAIN_SPLIT + " train (of them " + HELD_OUT + " held out for validation, "
                + (TRAIN_SPLIT - HELD_OUT) + " trained on)");
    }

    @Test
    void aValidationCountTooLargeIsRefusedAsTyped() {
        CliRun run = CliRun.of("train", "--epochs", "1", "--validation", "2000", "-o",
                dir.resolve("never.safetensors").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--validation must hold out 1.." + (TRAIN_SPLIT - 1) + " of the " + TRAIN_SPLIT
                + " training examples, got 2000").doesNotContain("2000.0");
    }

    /**
     * The captions of figures drawn from the train split say the validation examples were left out, as evaluate's
     * card does; the curves, which show the recorded history whatever the split, keep the test split's caption.
     */
    @Test
    void plotDrawsOnlyTheExamplesTrainedOnAndItsCaptionsSayWhy() throws Exception {
        Path figures = dir.resolve("figures");
        CliRun run = CliRun.of("plot", model.toString(), "--out", figures.toString(), "--only", "scatter,curves",
                "--format", "svg", "--split", "train");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(figures.resolve("scatter.csv"))).hasSize(TRAIN_SPLIT - HELD_OUT + 1);
        // Long captions wrap: words are compared across line breaks.
        String scatter = PlotCommandTest.svgText(figures.resolve("scatter.svg")).replaceAll("\\s+", " ");
        assertThat(scatter).contains("data: digits, train split without the " + HELD_OUT + " examples training held"
                + " out for validation, " + (TRAIN_SPLIT - HELD_OUT) + " images");
        String curves = PlotCommandTest.svgText(figures.resolve("curves.svg")).replaceAll("\\s+", " ");
        // (the validation curve's note speaks of "the train split" the held-out examples came from: not a caption)
        assertThat(curves).contains("data: digits, test split, 300 images").doesNotContain("data: digits, train split");
    }

    @Test
    void aLimitAboveTheExamplesTrainedOnIsRefusedNamingTheValidationSet() {
        CliRun run = CliRun.of("evaluate", model.toString(), "--k", "2", "--split", "train", "--limit", "1450");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("was trained on 1397 examples of its training split (100 were held out for"
                + " validation) and never saw the others; give --limit 1397 or less");
    }

    private static Dataset choose(Integer limit, String split, String dataset) throws Exception {
        ModelDataOptions options = new ModelDataOptions();
        options.limit = limit;
        options.dataset = dataset;
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        ModelDatasets.Chosen chosen = ModelDatasets.choose(model, loaded, ModelDatasets.training(model, loaded),
                options, split);
        return split.equals("train") ? chosen.data().split().train() : chosen.data().split().test();
    }
}
