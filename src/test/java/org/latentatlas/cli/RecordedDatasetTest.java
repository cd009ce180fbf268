package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import picocli.CommandLine;

/**
 * A model trained on a CSV or an image folder finds its data again from any working directory, and beside itself
 * when the two move together; when it cannot, the message says it is the model's recorded data, where it looked and
 * what to do, and the explorer still opens.
 */
class RecordedDatasetTest {
    @TempDir
    Path dir;
    Path csv;
    Path model;

    /** 40 rows of four pixels (a 2x2 image) and a label 0 or 1, trained on through a relative path with "..". */
    @BeforeEach
    void trainOnACsv() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 4).append(",3,1,0,").append(i % 2).append('\n');
        }
        Files.createDirectories(dir.resolve("run"));
        csv = Files.writeString(dir.resolve("run/tiny.csv"), rows);
        model = dir.resolve("run/m.safetensors");
        String typed = Path.of("").toAbsolutePath().relativize(dir.resolve("run/../run/tiny.csv")).toString();
        CliRun run = CliRun.of("train", "--dataset", typed, "--csv-label", "last", "--test-size", "10", "--epochs",
                "1", "--hidden", "8", "--no-progress", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private JsonNode training(Path file) throws Exception {
        return Json.MAPPER.readTree(ModelFile.read(file).metadata().get(TrainingRun.TRAINING_KEY));
    }

    @Test
    void theDataIsRecordedAbsoluteAndFromTheModelsFolder() throws Exception {
        JsonNode training = training(model);
        assertThat(training.at("/data/dataset").asText()).isEqualTo(csv.toString());
        assertThat(training.get(RecordedDataset.BESIDE_MODEL_FIELD).asText()).isEqualTo("tiny.csv");
        CliRun info = CliRun.of("info", model.toString());
        assertThat(info.out()).contains("data: ").contains("(" + csv + ")")
                .contains("  recorded path: " + csv + ", or tiny.csv from the model's folder");
    }

    /** The QA case: the model and its CSV copied elsewhere together, the original gone. */
    @Test
    void aModelMovedWithItsDataFindsItBesideItself() throws Exception {
        Path moved = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(model, moved.resolve("m.safetensors"));
        Files.move(csv, moved.resolve("tiny.csv"));
        CliRun run = CliRun.of("evaluate", moved.resolve("m.safetensors").toString(), "--k", "2", "--repeats", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: the model's own data (" + moved.resolve("tiny.csv") + ")");
    }

    /** Files written before recorded the path as typed: relative to a working directory it may no longer be in. */
    @Test
    void anOlderModelsRelativePathIsFoundBesideTheModel() throws Exception {
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        ObjectNode training = (ObjectNode) training(model);
        ((ObjectNode) training.get("data")).put("dataset", "tiny.csv");
        training.remove(RecordedDataset.BESIDE_MODEL_FIELD);
        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        metadata.put(TrainingRun.TRAINING_KEY, Json.write(training));
        Path old = dir.resolve("run/old.safetensors");
        ModelFile.write(old, loaded.config(), loaded.parameters(), metadata);
        assertThat(Path.of("tiny.csv")).as("not in the working directory").doesNotExist();

        CliRun run = CliRun.of("evaluate", old.toString(), "--k", "2", "--repeats", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("the model's own data (" + csv + ")");
    }

    @Test
    void missingDataIsNamedAsTheModelsRecordedDataWithThePlacesTriedAndTheFix() throws Exception {
        Path moved = Files.createDirectories(dir.resolve("shared"));
        Path shared = Files.move(model, moved.resolve("m.safetensors"));
        Files.delete(csv);
        for (String command : new String[] {"evaluate", "plot"}) {
            CliRun run = command.equals("plot")
                    ? CliRun.of("plot", shared.toString(), "--out", dir.resolve("figures").toString())
                    : CliRun.of("evaluate", shared.toString(), "--k", "2");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(run.errLines()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("atlas " + command + ": error: " + shared + ": the model's recorded data, "
                    + csv + ", is not found: tried " + csv + " (as recorded) and " + moved.resolve("tiny.csv")
                    + " (beside the model); give its new place with --dataset PATH --csv-label last --test-size 10"
                    + " (as it was read in training), or put it back at one of those paths\n");
        }
        assertThat(dir.resolve("figures")).doesNotExist();
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int[] code = {-1};
        Thread server = new Thread(() -> code[0] = cl.execute("serve", model.toString(), "--port", "0"));
        server.start();
        URI url = ServeCommandTest.awaitUrl(out);
        assertThat(err.toString()).startsWith("atlas serve: warning: " + model + ": the model's recorded data, " + csv
                + ", is not found: tried ").contains("; put it back at one of those paths to see its points. Serving"
                + " the explorer without data points: the decoder, prior samples and the draw pad work without them");
        HttpResponse<String> points = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(url.resolve("/points.json")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode doc = Json.MAPPER.readTree(points.body());
        assertThat(doc.at("/splits/test/count").asInt()).isZero();
        assertThat(doc.at("/dataset/unavailable").asText()).contains("is not found");
        assertThat(doc.at("/dataset/classNames").size()).isEqualTo(2);
        server.interrupt();
        server.join(10_000);
        assertThat(code[0]).isZero();
    }
}
