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
import org.latentatlas.text.Json;

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
        JsonNode dataset = Json.readTree(ModelFile.read(model).metadata().get(TrainingRun.DATASET_KEY));
        assertThat(dataset.at("/range/min").asDouble()).isEqualTo(-3.09);
        assertThat(dataset.at("/range/max").asDouble()).isEqualTo(5.0);
        assertThat(dataset.at("/range/inferred").asBoolean()).isTrue();
        assertThat(dataset.get("levels").asInt()).as("real values are not counts").isZero();
    }

    /** One test example has no spread: its error is "-", not "± 0.00", and the protocol counts "1 example". */
    @Test
    void aTestSplitOfOneExampleHasNoStandardError() {
        CliRun one = run("train", "--dataset", csv.toString(), "--csv-label", "last", "--likelihood", "gaussian(0.1)",
                "--test-size", "1", "--epochs", "1", "--hidden", "8", "--no-progress",
                "-o", dir.resolve("one.safetensors").toString());
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains(" ± - nats/example").doesNotContain("± 0.00")
                .contains("test split, 1 example (");
        assertThat(trained.out()).containsPattern("ELBO -?\\d+\\.\\d+ ± \\d+\\.\\d\\d nats/example")
                .containsPattern("test split, \\d+ examples \\(");
    }

    @Test
    void evaluationsCardSaysHowThePixelsWereMapped() throws Exception {
        Path json = dir.resolve("real.json");
        CliRun eval = run("evaluate", model.toString(), "--k", "2", "--repeats", "1", "--json", json.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("  pixels: (x + 3.09)/8.09 in [0,1], from the data's range -3.09..5");
        assertThat(Json.readTree(json.toFile()).at("/report/protocol/pixels").asText())
                .isEqualTo("(x + 3.09)/8.09 in [0,1], from the data's range -3.09..5");
    }

    @Test
    void theDigitsKeepTheirCounts() {
        CliRun digits = run("train", "--epochs", "1", "--hidden", "8", "--limit", "50", "--no-progress", "-o",
                dir.resolve("digits.safetensors").toString());
        assertThat(digits.out()).contains("pixels x/16 in [0,1];");
        assertThat(Arrays.stream(digits.out().split("\n")).filter(l -> l.startsWith("protocol:"))).hasSize(1);
    }

    /** 60 rows of 64 whole values 0..255 read as 8-bit pixels (--value-range 0:255): counts k/255 of 8x8 images. */
    static Path bytesCsv() throws Exception {
        return bytesCsv(dir);
    }

    /** {@link #bytesCsv()} written into {@code folder} (bytes.csv, with a 0/1 label last). */
    static Path bytesCsv(Path folder) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 64; j++) {
                rows.append((i * 7 + j * 13) % 256).append(',');
            }
            rows.append(i % 2).append('\n');
        }
        return Files.writeString(folder.resolve("bytes.csv"), rows);
    }

    /** Binomial(16) on k/255 pixels rounded x·16 to counts the data never held, and called the result a true bound. */
    @Test
    void binomialIsRefusedOnPixelsThatAreNotCountsOutOfN() throws Exception {
        Path csv = bytesCsv();
        Path out = dir.resolve("never.safetensors");
        CliRun run = run("train", "--dataset", csv.toString(), "--csv-label", "last", "--value-range", "0:255",
                "--likelihood", "binomial(16)", "--epochs", "1", "--no-progress", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas train: invalid setting: --likelihood binomial(16) needs pixel values"
                + " that are counts out of 16; " + csv + "'s pixels are k/255: use binomial(255), or bernoulli with"
                + " --binarize (see 'atlas train --help')\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void binomialIsRefusedOnRealValuesNamingTheirMappingAndADensity() {
        CliRun run = run("train", "--dataset", csv.toString(), "--csv-label", "last", "--likelihood", "binomial(16)",
                "--epochs", "1", "--no-progress", "-o", dir.resolve("never.safetensors").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("pixels are not counts but (x + 3.09)/8.09 in [0,1], from the data's range"
                + " -3.09..5: use a density (gaussian(SIGMA), gaussian(learned), continuous-bernoulli), or bernoulli"
                + " with --binarize");
    }

    /** x·N is whole when the pixels are k/L and L divides N: k/16 is 2k/32. */
    @Test
    void binomialOfAMultipleOfTheLevelsFitsAndOfAnythingElseDoesNot() {
        CliRun twice = run("train", "--likelihood", "binomial(32)", "--epochs", "1", "--hidden", "8", "--limit", "40",
                "--no-progress", "-o", dir.resolve("b32.safetensors").toString());
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        CliRun other = run("train", "--likelihood", "binomial(255)", "--epochs", "1", "--hidden", "8",
                "--no-progress", "-o", dir.resolve("never.safetensors").toString());
        assertThat(other.err()).contains("digits' pixels are k/16: use binomial(16)");
    }

    @Test
    void evaluatingABinomialModelOnOtherDataNeedsItsPixelsToBeCountsOutOfN() throws Exception {
        Path digits = dir.resolve("b16.safetensors");
        assertThat(run("train", "--epochs", "1", "--hidden", "8", "--limit", "40", "--no-progress", "-o",
                digits.toString()).exitCode()).isZero();
        Path csv = bytesCsv();
        CliRun run = run("evaluate", digits.toString(), "--k", "2", "--dataset", csv.toString(), "--csv-label", "last",
                "--value-range", "0:255");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("--dataset " + csv + ": " + digits + "'s likelihood binomial(16) needs pixel"
                + " values that are counts out of 16; " + csv + "'s pixels are k/255, so its nats would bound nothing");
    }

    /**
     * With --binarize the card said "on grayscale x it is not a normalized density" beside "evaluated on the split
     * binarized once": on binarized data the Bernoulli ELBO is a true bound, and every protocol now says so.
     */
    @Test
    void onBinarizedDataTheBernoulliIsNamedATrueBoundEverywhere() throws Exception {
        String bound = "Bernoulli on binary x: the ELBO is a true lower bound on log p(x) of the binary data";
        Path binarized = dir.resolve("binarized.safetensors");
        CliRun train = run("train", "--likelihood", "bernoulli", "--binarize", "dynamic", "--epochs", "1", "--hidden",
                "8", "--limit", "60", "--no-progress", "-o", binarized.toString());
        assertThat(train.out()).contains(bound).doesNotContain("grayscale");
        assertThat(run("info", binarized.toString()).out()).contains("likelihood: bernoulli — " + bound)
                .doesNotContain("grayscale");
        Path json = dir.resolve("binarized.json");
        CliRun eval = run("evaluate", binarized.toString(), "--k", "2", "--repeats", "1", "--json", json.toString());
        assertThat(eval.out()).contains("likelihood bernoulli: " + bound).doesNotContain("grayscale");
        assertThat(Json.readTree(json.toFile()).at("/report/protocol/likelihoodMeaning").asText())
                .startsWith(bound);

        Path gray = dir.resolve("gray.safetensors");
        CliRun grayscale = run("train", "--likelihood", "bernoulli", "--epochs", "1", "--hidden", "8", "--limit", "60",
                "--no-progress", "-o", gray.toString());
        assertThat(grayscale.out()).contains("on grayscale x it is not a normalized density");
        assertThat(run("evaluate", gray.toString(), "--k", "2", "--repeats", "1").out())
                .contains("on grayscale x it is not a normalized density");
    }
}
