package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.IdxBytes;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

/**
 * A model trained on a CSV or an image folder records where its data is without depending on the folder the command
 * ran in (the same command gives the same bytes anywhere, and a shared file shows no machine's folders), finds its
 * data again from any working directory, and beside itself when the two move together; when it cannot, the message
 * says it is the model's recorded data, where it looked and what to do, and the explorer still opens.
 */
class RecordedDatasetTest {
    @TempDir
    Path dir;
    Path csv;
    Path model;
    /** The CSV's path as typed for training: relative to this JVM's working directory, through "..". */
    String typed;

    /** 40 rows of four pixels (a 2x2 image) and a label 0 or 1, trained on through a relative path with "..". */
    @BeforeEach
    void trainOnACsv() throws Exception {
        csv = writeTinyCsv(dir.resolve("run/tiny.csv"));
        model = dir.resolve("run/m.safetensors");
        typed = Path.of("").toAbsolutePath().relativize(dir.resolve("run/../run/tiny.csv")).toString();
        CliRun run = CliRun.of("train", "--dataset", typed, "--csv-label", "last", "--test-size", "10", "--epochs",
                "1", "--hidden", "8", "--no-progress", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static Path writeTinyCsv(Path file) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 4).append(",3,1,0,").append(i % 2).append('\n');
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, rows);
    }

    private JsonNode training(Path file) throws Exception {
        return Json.readTree(ModelFile.read(file).metadata().get(TrainingRun.TRAINING_KEY));
    }

    @Test
    void theDataIsRecordedAsTypedAndFromTheModelsFolder() throws Exception {
        JsonNode training = training(model);
        String normalized = Path.of("").toAbsolutePath().relativize(csv).toString();
        assertThat(training.at("/data/dataset").asText()).isEqualTo(normalized).doesNotStartWith("/");
        assertThat(training.get(RecordedDataset.BESIDE_MODEL_FIELD).asText()).isEqualTo("tiny.csv");
        CliRun info = CliRun.of("info", model.toString());
        assertThat(info.out()).contains("data: " + normalized + ", 30 train / 10 test")
                .contains("  recorded path: tiny.csv from the model's folder, or " + normalized
                        + " from the working directory");
    }

    /**
     * Same seed, same bytes, wherever the command runs: two projects in different folders, each holding the same CSV,
     * trained with the same command line (a typed path with "..", a relative --data-dir, the model in a sub-folder
     * and a different cache each) give byte-identical model files that name neither folder.
     */
    @Test
    void theSameCommandInTwoFoldersWritesTheSameBytes() throws Exception {
        List<Path> models = new ArrayList<>();
        for (String project : List.of("alice/project", "bob/elsewhere/project")) {
            Path root = dir.resolve(project);
            writeTinyCsv(root.resolve("data/tiny.csv"));
            Files.createDirectories(root.resolve("models"));
            AtlasProcess run = AtlasProcess.run(root, Map.of(DatasetCatalog.CACHE_ENV, root.resolve("cache").toString()),
                    "train", "--dataset", "./data/../data/tiny.csv", "--data-dir", "sets", "--csv-label", "last",
                    "--test-size", "10", "--epochs", "1", "--hidden", "8", "--no-progress", "-o", "models/m.safetensors");
            assertThat(run.exitCode()).as(run.output()).isZero();
            models.add(root.resolve("models/m.safetensors"));
        }
        assertThat(Files.mismatch(models.get(0), models.get(1))).as("first differing byte").isEqualTo(-1);
        String header = ModelFile.read(models.get(0)).metadata().toString();
        assertThat(header).doesNotContain(dir.toString()).doesNotContain("file:");
        JsonNode training = training(models.get(0));
        assertThat(training.at("/data/dataset").asText()).isEqualTo("data/tiny.csv");
        assertThat(training.at("/data/dataDir").asText()).isEqualTo("sets");
        assertThat(training.get(RecordedDataset.BESIDE_MODEL_FIELD).asText()).isEqualTo("../data/tiny.csv");
    }

    /**
     * A named set read from a relative --data-dir records that folder from the model's folder too, and a later
     * command looks there first, from whatever working directory; a --data-dir given to that command is kept.
     */
    @Test
    void aNamedSetsRelativeDataDirIsFoundBesideTheModel() throws Exception {
        Path project = dir.resolve("project");
        Path sets = Files.createDirectories(project.resolve("sets"));
        Path modelFile = project.resolve("models/m.safetensors");
        Path typedDir = Path.of("").toAbsolutePath().relativize(sets);
        DatasetRequest recorded = DatasetRequest.of("mnist").locatedAt(typedDir, null, false, null);
        String beside = RecordedDataset.besideModel(recorded, modelFile);
        assertThat(beside).isEqualTo("../sets");

        DatasetRequest fromElsewhere = recorded.locatedAt(Path.of("sets"), null, false, null); // typed elsewhere
        DatasetRequest asRecorded = RecordedDataset.portable(fromElsewhere);
        assertThat(RecordedDataset.dataDirBesideModel(modelFile, beside, asRecorded, asRecorded).dataDir())
                .isEqualTo(sets.normalize());
        DatasetRequest given = asRecorded.locatedAt(Path.of("/srv/data"), null, false, null);
        assertThat(RecordedDataset.dataDirBesideModel(modelFile, beside, asRecorded, given).dataDir())
                .as("a --data-dir given now").isEqualTo(Path.of("/srv/data"));
        assertThat(RecordedDataset.dataDirBesideModel(modelFile, "../gone", asRecorded, asRecorded).dataDir())
                .as("nothing beside the model: as recorded").isEqualTo(Path.of("sets"));
    }

    /** evaluate and plot run from another folder find the data beside the model, as the model's own. */
    @Test
    void evaluateAndPlotFromAnotherWorkingDirectoryFindTheDataBesideTheModel() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        AtlasProcess evaluate = AtlasProcess.run(elsewhere, Map.of(), "evaluate", "../run/m.safetensors", "--k", "2",
                "--repeats", "1");
        assertThat(evaluate.exitCode()).as(evaluate.output()).isZero();
        assertThat(evaluate.output()).contains("data: the model's own data (" + asTyped() + ")");
        AtlasProcess plot = AtlasProcess.run(elsewhere, Map.of(), "plot", "../run/m.safetensors", "--out", "figures",
                "--only", "scatter", "--format", "png");
        assertThat(plot.exitCode()).as(plot.output()).isZero();
        assertThat(elsewhere.resolve("figures/scatter.png")).isRegularFile();
    }

    /**
     * Reports and figures are shared: they name the data as typed in training, not the absolute path it was found at
     * on this machine (beside the model or from the working directory).
     */
    @Test
    void evaluateAndPlotNameTheDataAsTypedNotWhereItWasFound() throws Exception {
        Path report = dir.resolve("report.json");
        CliRun evaluate = CliRun.of("evaluate", model.toString(), "--k", "2", "--repeats", "1", "--json",
                report.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("protocol: " + asTyped() + ", test split")
                .contains("data: the model's own data (" + asTyped() + ")")
                .doesNotContain(": " + csv).doesNotContain("(" + csv);
        assertThat(Json.readTree(Files.readString(report)).at("/report/protocol/dataset").asText()).isEqualTo(asTyped());
        Path figures = dir.resolve("figures");
        CliRun plot = CliRun.of("plot", model.toString(), "--out", figures.toString(), "--only", "scatter");
        assertThat(plot.exitCode()).as(plot.err()).isZero();
        assertThat(PlotCommandTest.svgText(figures.resolve("scatter.svg"))).contains("data: " + asTyped() + ",")
                .doesNotContain("data: " + csv);
    }

    /** The CSV's path as training typed it, normalized: how reports name it. */
    private String asTyped() {
        return Path.of(typed).normalize().toString();
    }

    /** A model moved away from its data is still found from the working directory the data's path was typed in. */
    @Test
    void aModelMovedWithoutItsDataFindsItAsTypedFromTheWorkingDirectory() throws Exception {
        Path project = dir.resolve("project");
        writeTinyCsv(project.resolve("data/tiny.csv"));
        AtlasProcess train = AtlasProcess.run(project, Map.of(), "train", "--dataset", "data/tiny.csv", "--csv-label",
                "last", "--test-size", "10", "--epochs", "1", "--hidden", "8", "--no-progress", "-o", "m.safetensors");
        assertThat(train.exitCode()).as(train.output()).isZero();
        Path archived = Files.createDirectories(project.resolve("archive/2024"));
        Files.move(project.resolve("m.safetensors"), archived.resolve("m.safetensors"));

        AtlasProcess evaluate = AtlasProcess.run(project, Map.of(), "evaluate", "archive/2024/m.safetensors", "--k",
                "2", "--repeats", "1");
        assertThat(evaluate.exitCode()).as(evaluate.output()).isZero();
        assertThat(evaluate.output()).contains("data: the model's own data (data/tiny.csv)");
    }

    /** The QA case: the model and its CSV copied elsewhere together, the original gone. */
    @Test
    void aModelMovedWithItsDataFindsItBesideItself() throws Exception {
        Path moved = Files.createDirectories(dir.resolve("elsewhere"));
        Path movedModel = Files.move(model, moved.resolve("m.safetensors"));
        Files.move(csv, moved.resolve("tiny.csv"));
        CliRun run = CliRun.of("evaluate", movedModel.toString(), "--k", "2", "--repeats", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: the model's own data (" + asTyped() + ")");
        CliRun plot = CliRun.of("plot", movedModel.toString(), "--out", dir.resolve("figures").toString(), "--only",
                "scatter", "--format", "png");
        assertThat(plot.exitCode()).as(plot.err()).isZero();
        Served served = serve(movedModel);
        assertThat(served.err()).isEmpty();
        assertThat(served.points().at("/splits/test/count").asInt()).isEqualTo(10);
    }

    /** Files that recorded the typed path made absolute (before it was recorded as typed) find their data both ways. */
    @Test
    void anOlderModelsAbsolutePathIsFoundAsRecordedAndBesideTheModel() throws Exception {
        Path old = withTraining(training -> ((ObjectNode) training.get("data")).put("dataset", csv.toString()));
        assertThat(CliRun.of("info", old.toString()).out())
                .contains("  recorded path: tiny.csv from the model's folder, or " + csv + "\n");
        Path alone = Files.move(old, Files.createDirectories(dir.resolve("alone")).resolve("old.safetensors"));
        CliRun asRecorded = CliRun.of("evaluate", alone.toString(), "--k", "2", "--repeats", "1");
        assertThat(asRecorded.exitCode()).as(asRecorded.err()).isZero();
        assertThat(asRecorded.out()).contains("the model's own data (" + csv + ")");

        Files.move(csv, dir.resolve("alone/tiny.csv"));
        CliRun found = CliRun.of("evaluate", alone.toString(), "--k", "2", "--repeats", "1");
        assertThat(found.exitCode()).as(found.err()).isZero();
        assertThat(found.out()).as("named as recorded, found beside").contains("the model's own data (" + csv + ")");
    }

    /** A copy of the model file with its {@code atlas.training} edited, as an older trainer wrote it. */
    private Path withTraining(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        ObjectNode training = (ObjectNode) training(model);
        edit.accept(training);
        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        metadata.put(TrainingRun.TRAINING_KEY, Json.write(training));
        Path old = dir.resolve("run/old.safetensors");
        ModelFile.write(old, loaded.config(), loaded.parameters(), metadata);
        return old;
    }

    /** The oldest files recorded the path only as typed: relative to a working directory it may no longer be in. */
    @Test
    void anOlderModelsRelativePathIsFoundBesideTheModel() throws Exception {
        Path old = withTraining(training -> {
            ((ObjectNode) training.get("data")).put("dataset", "tiny.csv");
            training.remove(RecordedDataset.BESIDE_MODEL_FIELD);
        });
        assertThat(Path.of("tiny.csv")).as("not in the working directory").doesNotExist();

        CliRun run = CliRun.of("evaluate", old.toString(), "--k", "2", "--repeats", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("the model's own data (tiny.csv)");
    }

    @Test
    void missingDataIsNamedAsTheModelsRecordedDataWithThePlacesTriedAndTheFix() throws Exception {
        Path moved = Files.createDirectories(dir.resolve("shared"));
        Path shared = Files.move(model, moved.resolve("m.safetensors"));
        Files.delete(csv);
        for (String command : new String[] {"evaluate", "plot"}) {
            CliRun run = command.equals("plot")
                    // --only scatter: without --only, plot draws the figures that need no data (PlotWithoutDataTest)
                    ? CliRun.of("plot", shared.toString(), "--out", dir.resolve("figures").toString(), "--only",
                            "scatter")
                    : CliRun.of("evaluate", shared.toString(), "--k", "2");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(run.errLines()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("atlas " + command + ": error: " + shared + ": the model's recorded data, "
                    + Path.of(typed).normalize() + ", is not found: tried " + moved.resolve("tiny.csv") + " (beside the"
                    + " model) and " + csv + " (as recorded, from the working directory); give its new place with"
                    + " --dataset PATH --csv-label last --test-size 10 (as it was read in training), or put it back at"
                    + " one of those paths\n");
        }
        assertThat(dir.resolve("figures")).doesNotExist();
    }

    /**
     * Where the model has not moved, beside it is where the recorded path leads: one place is tried, and the message
     * says "put it back there", not "at one of those paths".
     */
    @Test
    void missingDataBesideAModelNotMovedIsOnePlaceTriedAndTheMessageSaysSo() throws Exception {
        Files.delete(csv);

        CliRun run = CliRun.of("evaluate", model.toString(), "--k", "2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err()).isEqualTo("atlas evaluate: error: " + model + ": the model's recorded data, "
                + Path.of(typed).normalize() + ", is not found: tried " + csv + " (beside the model); give its new"
                + " place with --dataset PATH --csv-label last --test-size 10 (as it was read in training), or put it"
                + " back there\n");
    }

    /** The remedy the message gives works: --dataset with the options it names is the data the model trained on. */
    @Test
    void theDataAtItsNewPlaceWithTheOptionsTheMessageNamesIsTheTrainingData() throws Exception {
        Path now = Files.move(csv, dir.resolve("tiny-now.csv"));
        CliRun run = CliRun.of("evaluate", model.toString(), "--k", "2", "--repeats", "1", "--split", "train",
                "--dataset", now.toString(), "--csv-label", "last", "--test-size", "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("--dataset " + now + ", stratified split (seed 42), 30 train / 10 test");
    }

    /** The decoder, prior samples and the draw pad need no data: serve warns and serves them without points. */
    @Test
    void serveWithoutItsDataWarnsAndServesTheExplorerWithoutPoints() throws Exception {
        Files.delete(csv);
        Served served = serve(model);
        assertThat(served.err()).startsWith("atlas serve: warning: " + model + ": the model's recorded data, "
                + Path.of(typed).normalize() + ", is not found: tried ").contains("; give its new place with"
                + " --dataset PATH --csv-label last --test-size 10 (as it was read in training), or put it back"
                + " there. Serving the explorer without data points: the decoder, prior samples and the draw"
                + " pad work without them");
        JsonNode doc = served.points();
        assertThat(doc.at("/splits/test/count").asInt()).isZero();
        // The page is the serve user's: where the model says the data is and the fix the warning gives, no path.
        assertThat(doc.at("/dataset/unavailable").asText()).isEqualTo("the data the model was trained on (tiny.csv)"
                + " was not found where the model file says it is (atlas serve's warning says where it looked). To see"
                + " its points, start atlas serve again: give its new place with --dataset PATH --csv-label last"
                + " --test-size 10 (as it was read in training), or put it back there");
        assertThat(doc.at("/dataset/name").asText()).isEqualTo("tiny.csv");
        assertThat(doc.at("/dataset/classNames").size()).isEqualTo(2);
    }

    /**
     * The page may be published as it is (atlas export): its reason names no folder of this machine, which the
     * terminal's warning has, so the document is the same however the model was named.
     */
    @Test
    void thePointsOfAModelWithoutItsDataAreTheSameBytesFromWhereverItIsServed() throws Exception {
        Files.delete(csv);
        Served absolute = serve(model);
        Served relative = serve(Path.of("").toAbsolutePath().relativize(model));
        assertThat(absolute.err()).as("the terminal still says where it looked").contains(csv.toString())
                .isNotEqualTo(relative.err());
        assertThat(relative.text()).isEqualTo(absolute.text()).doesNotContain("/", "\\", "SHA-256");
    }

    /** The warning's remedy works for serve as for evaluate: --dataset at the data's new place shows its points. */
    @Test
    void serveWithDatasetAtTheDatasNewPlaceShowsItsPoints() throws Exception {
        Path now = Files.move(csv, Files.createDirectories(dir.resolve("moved")).resolve("tiny.csv"));
        Served served = serve(model, "--dataset", now.toString(), "--csv-label", "last", "--test-size", "10");
        assertThat(served.err()).as("which data, as evaluate's card says it").isEqualTo("points: --dataset " + now
                + ", stratified split (seed 42), 30 train / 10 test\n");
        assertThat(served.points().at("/splits/test/count").asInt()).isEqualTo(10);
        assertThat(served.points().at("/splits/train/count").asInt()).isEqualTo(30);
        assertThat(served.points().at("/dataset/unavailable").isMissingNode()).isTrue();
        assertThat(served.points().at("/dataset/name").asText()).as("path-free, as typed absolute")
                .isEqualTo("tiny.csv");
        assertThat(served.points().at("/dataset/testSha256").asText()).as("the points' data, for the page")
                .isEqualTo(sha256(now));
    }

    /** A named set not on this machine is served without points too, looked for where serve's --cache-dir says. */
    @Test
    void serveOfANamedSetNotOnThisMachineLooksInItsCacheDirAndServesWithoutPoints() throws Exception {
        Path onMnist = withTraining(training -> {
            ((ObjectNode) training.get("data")).put("dataset", "mnist").remove(List.of("csv", "testSize"));
            training.remove(RecordedDataset.BESIDE_MODEL_FIELD);
        });
        Path cache = Files.createDirectories(dir.resolve("empty-cache"));
        Served served = serve(onMnist, "--cache-dir", cache.toString());
        assertThat(served.err()).startsWith("atlas serve: warning: " + onMnist + ": the model's recorded data, mnist,"
                + " is not on this machine: looked in ").contains(cache.resolve("mnist").toString())
                .contains("Serving the explorer without data points");
        assertThat(served.points().at("/splits/test/count").asInt()).isZero();
    }

    /**
     * A wrong --dataset is the user's to fix, not a reason to open the explorer without points: serve refuses it with
     * evaluate's message and exit code (a path that is not there; the training data split another way).
     */
    @Test
    void serveRefusesAWrongDatasetAsEvaluateDoes() throws Exception {
        String[][] wrong = {{"--dataset", dir.resolve("nowhere.csv").toString(), "--csv-label", "last"},
            {"--dataset", csv.toString(), "--csv-label", "last", "--test-size", "5"}};
        for (String[] options : wrong) {
            CliRun evaluate = CliRun.of(concat(new String[] {"evaluate", model.toString(), "--k", "2"}, options));
            CliRun serve = CliRun.of(concat(new String[] {"serve", model.toString(), "--port", "0"}, options));
            assertThat(evaluate.exitCode()).as(evaluate.err()).isNotZero();
            assertThat(serve.exitCode()).as(serve.err()).isEqualTo(evaluate.exitCode());
            assertThat(serve.err()).isEqualTo(evaluate.err().replace("atlas evaluate", "atlas serve"));
            assertThat(serve.out()).doesNotContain("explorer ready");
        }
    }

    /** Options that describe other data need --dataset, as for evaluate, said in serve's words. */
    @Test
    void serveRefusesADataDescribingOptionWithoutDataset() {
        CliRun run = CliRun.of("serve", model.toString(), "--port", "0", "--test-size", "5");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).startsWith("atlas serve: invalid setting: --test-size 5 needs --dataset: without it "
                + model + " shows the points of the data it was trained on (").contains("use --limit N");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * Data found where the model's was but changed since training is not the model's: serve says which file, both
     * SHA-256 (in full, as sha256sum prints them) and what to do, and opens the explorer without its points.
     */
    @Test
    void serveWithDataThatChangedSinceTrainingSaysWhatChangedAndServesWithoutPoints() throws Exception {
        String recorded = sha256(csv);
        Files.writeString(csv, Files.readString(csv).replaceFirst("^0,3,", "1,3,"));
        Served served = serve(model);
        assertThat(served.err()).isEqualTo("atlas serve: warning: " + model + ": the model's recorded data, "
                + Path.of(typed).normalize() + ", found at " + csv + ", is not the data it was trained on: SHA-256"
                + " recorded " + recorded + ", found " + sha256(csv) + "; put back the data it was trained on to see"
                + " its points, or train a model on the data as it is now. Serving the explorer without data points:"
                + " the decoder, prior samples and the draw pad work without them\n");
        assertThat(served.points().at("/splits/test/count").asInt()).isZero();
        assertThat(served.points().at("/dataset/unavailable").asText()).isEqualTo("the data the model was trained on"
                + " (tiny.csv) was found where the model file says it is but has changed since training, so its points,"
                + " which would not be the model's own, were left out (atlas serve's warning says what differs): put"
                + " back the data it was trained on to see its points, or train a model on the data as it is now");
    }

    /** Data that no longer reads with the settings training recorded (a cell now text) is changed data to serve. */
    @Test
    void serveWithDataThatNoLongerReadsAsInTrainingServesWithoutPoints() throws Exception {
        Files.writeString(csv, Files.readString(csv).replaceFirst("\n1,3,", "\n1,x,"));
        Served served = serve(model);
        assertThat(served.err()).startsWith("atlas serve: warning: " + model + ": the model's recorded data, "
                + Path.of(typed).normalize() + ", no longer reads as it did in training: ")
                .contains("line 2, column 2: expected a number, got 'x'; put back the data it was trained on");
        assertThat(served.points().at("/splits/test/count").asInt()).isZero();
    }

    /** A first line that no longer parses is the file's fault, located: no header to flag, no option to give. */
    @Test
    void evaluateOfDataWhoseFirstLineNoLongerParsesLocatesTheCell() throws Exception {
        Files.writeString(csv, Files.readString(csv).replaceFirst("^0,3,", "0,x,"));
        CliRun run = CliRun.of("evaluate", model.toString(), "--k", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err()).contains(csv.getFileName() + ": line 1, column 2: expected a number, got 'x'")
                .doesNotContain("--csv-header").doesNotContain("header line");
    }

    /** evaluate and plot refuse changed data: their numbers and figures would not be the model's on its data. */
    @Test
    void evaluateAndPlotRefuseDataThatChangedSinceTrainingSayingWhatChanged() throws Exception {
        String recorded = sha256(csv);
        Files.writeString(csv, "1,3,1,0,1\n", StandardOpenOption.APPEND);
        for (String command : new String[] {"evaluate", "plot"}) {
            CliRun run = command.equals("plot")
                    ? CliRun.of("plot", model.toString(), "--out", dir.resolve("figures").toString())
                    : CliRun.of("evaluate", model.toString(), "--k", "2");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(run.err()).isEqualTo("atlas " + command + ": error: " + model + ": the model's recorded data, "
                    + Path.of(typed).normalize() + ", found at " + csv + ", is not the data it was trained on: SHA-256"
                    + " recorded " + recorded + ", found " + sha256(csv) + ", 30 train / 10 test examples recorded, 31 /"
                    + " 10 found; numbers on other data would not be the model's own: put back the data it was trained"
                    + " on, or train a model on the data as it is now\n");
        }
        assertThat(dir.resolve("figures")).doesNotExist();
    }

    /** A set with its own train/test split is hashed per split: the refusal names the split whose files changed. */
    @Test
    void aSetsOwnSplitWhoseTestFilesChangedIsRefusedNamingTheTestSplit() throws Exception {
        Path set = Files.createDirectories(dir.resolve("set"));
        int[] labels = {0, 1, 0, 1, 0, 1};
        Files.write(set.resolve("train-images-idx3-ubyte"), IdxBytes.images(6, 2, 2, 0));
        Files.write(set.resolve("train-labels-idx1-ubyte"), IdxBytes.labels(labels));
        Files.write(set.resolve("t10k-images-idx3-ubyte"), IdxBytes.images(6, 2, 2, 7));
        Files.write(set.resolve("t10k-labels-idx1-ubyte"), IdxBytes.labels(labels));
        Path trained = dir.resolve("set.safetensors");
        CliRun train = CliRun.of("train", "--dataset", set.toString(), "--epochs", "1", "--hidden", "8",
                "--no-progress", "-o", trained.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        String recorded = sha256(set.resolve("t10k-images-idx3-ubyte"), set.resolve("t10k-labels-idx1-ubyte"));

        Files.write(set.resolve("t10k-images-idx3-ubyte"), IdxBytes.images(6, 2, 2, 8));
        CliRun run = CliRun.of("evaluate", trained.toString(), "--k", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err()).contains(", is not the data it was trained on: test SHA-256 recorded " + recorded
                + ", found " + sha256(set.resolve("t10k-images-idx3-ubyte"), set.resolve("t10k-labels-idx1-ubyte"))
                + "; numbers on other data").doesNotContain("train SHA-256");
    }

    /** SHA-256 of the files' contents one after the other, as {@code cat FILES | sha256sum} prints it. */
    private static String sha256(Path... files) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path file : files) {
            sha.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** What {@code atlas serve} said on its error stream and the points document it served, parsed and as sent. */
    record Served(String err, JsonNode points, String text) {}

    /** Serves {@code file} on a free port with {@code options}, fetches its points document and stops the server (exit code 0). */
    static Served serve(Path file, String... options) throws Exception {
        ServingRun serve = ServingRun.start(concat(new String[] {"serve", file.toString(), "--port", "0"}, options));
        String points;
        try {
            points = serve.get("/points.json", HttpResponse.BodyHandlers.ofString());
        } finally {
            serve.close();
        }
        return new Served(serve.err(), Json.readTree(points), points);
    }
}
