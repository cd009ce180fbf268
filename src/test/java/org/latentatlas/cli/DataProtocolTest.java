package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;

/** What every printed protocol says about the data: how raw values became pixels, in numbers. */
class DataProtocolTest {
    static final String RANGE = "pixels (x + 3.09)/8.09 in [0,1], from the data's range -3.09..5";

    @TempDir
    static Path dir;
    static Path csv;
    static Path model;
    static CliRun trained;

    /** 60 rows of four real values in -3.09..5 (a 2x2 image) and a label 0 or 1 in the last column. */
    @BeforeAll
    static void trainOnRealValues() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            rows.append(i == 0 ? "-3.09" : "0.25").append(',').append(i % 3 - 1.5).append(",5,")
                    .append(i % 7 * 0.5).append(',').append(i % 2).append('\n');
        }
        csv = Files.writeString(dir.resolve("real.csv"), rows);
        model = dir.resolve("real.safetensors");
        trained = run("train", "--dataset", csv.toString(), "--csv-label", "last", "--likelihood", "gaussian(0.1)",
                "--epochs", "1", "--hidden", "8", "--no-progress", "-o", model.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** "pixels x/1 in [0,1]" was printed for a CSV mapped by its own range. */
    @Test
    void trainingPrintsAndStoresTheRangeTheCsvWasMappedBy() throws Exception {
        assertThat(trained.out()).contains("protocol: ").contains(RANGE).doesNotContain("x/1 ");
        CliRun info = run("info", model.toString());
        assertThat(info.out()).contains(RANGE);
        JsonNode dataset = Json.MAPPER.readTree(ModelFile.read(model).metadata().get(TrainingRun.DATASET_KEY));
        assertThat(dataset.at("/range/min").asDouble()).isEqualTo(-3.09);
        assertThat(dataset.at("/range/max").asDouble()).isEqualTo(5.0);
        assertThat(dataset.at("/range/inferred").asBoolean()).isTrue();
        assertThat(dataset.get("levels").asInt()).as("real values are not counts").isZero();
    }

    @Test
    void evaluationsCardSaysHowThePixelsWereMapped() throws Exception {
        Path json = dir.resolve("real.json");
        CliRun eval = run("evaluate", model.toString(), "--k", "2", "--repeats", "1", "--json", json.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("  pixels: (x + 3.09)/8.09 in [0,1], from the data's range -3.09..5");
        assertThat(Json.MAPPER.readTree(json.toFile()).at("/report/protocol/pixels").asText())
                .isEqualTo("(x + 3.09)/8.09 in [0,1], from the data's range -3.09..5");
    }

    @Test
    void theDigitsKeepTheirCounts() {
        CliRun digits = run("train", "--epochs", "1", "--hidden", "8", "--limit", "50", "--no-progress", "-o",
                dir.resolve("digits.safetensors").toString());
        assertThat(digits.out()).contains("pixels x/16 in [0,1];");
        assertThat(Arrays.stream(digits.out().split("\n")).filter(l -> l.startsWith("protocol:"))).hasSize(1);
    }
}
