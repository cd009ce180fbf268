package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line that opens a training run says how many classes the data has and, for a CSV, which column they came
 * from: a --csv-label counted from 1, as editors count, would otherwise train on a pixel column's values unseen.
 * Data without labels adds nothing to the line.
 */
class TrainSummaryClassesTest {
    @TempDir
    Path dir;

    /** 40 rows of a 2x2 image; {@code label} says where the label goes: "first", "last" or "none". */
    private Path csv(String header, String label) throws Exception {
        StringBuilder rows = new StringBuilder(header);
        for (int i = 0; i < 40; i++) {
            String pixels = (i % 5) + "," + (i % 3) + ",4," + (i % 7);
            rows.append(switch (label) {
                case "first" -> i % 3 + "," + pixels;
                case "last" -> pixels + "," + i % 2;
                default -> pixels;
            }).append('\n');
        }
        return Files.writeString(dir.resolve(label + ".csv"), rows);
    }

    /** The run's summary line, which begins "training ". */
    private String summary(String... options) {
        String[] common = {"train", "--epochs", "1", "--hidden", "8", "--no-progress", "-o",
            dir.resolve("m.safetensors").toString()};
        String[] args = Stream.concat(Arrays.stream(common), Arrays.stream(options))
                .toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().filter(l -> l.startsWith("training ")).findFirst().orElseThrow();
    }

    @Test
    void aCsvLabelColumnWithAHeaderIsNamedByItsNumberAndName() throws Exception {
        Path csv = csv("label,a,b,c,d\n", "first");
        assertThat(summary("--dataset", csv.toString(), "--csv-header", "--csv-label", "0"))
                .matches("training VAE .* on " + csv + " \\(32 train / 8 test, 2x2\\), 3 classes from column 1"
                        + " \\(label\\), \\d+ parameters");
    }

    @Test
    void aCsvLabelColumnWithoutAHeaderIsNamedByItsNumberAndTheOption() throws Exception {
        Path csv = csv("", "last");
        assertThat(summary("--dataset", csv.toString(), "--csv-label", "last"))
                .matches("training VAE .* on " + csv + " \\(32 train / 8 test, 2x2\\), 2 classes from column 5"
                        + " \\(--csv-label last\\), \\d+ parameters");
    }

    @Test
    void aCsvWithoutLabelsSaysNothingOfClasses() throws Exception {
        Path csv = csv("", "none");
        assertThat(summary("--dataset", csv.toString()))
                .matches("training VAE .* on " + csv + " \\(32 train / 8 test, 2x2\\), \\d+ parameters");
    }

    /** The embedded digits hold their labels: the count alone, no column. */
    @Test
    void theDigitsSayTheirClassCount() {
        assertThat(summary("--limit", "40"))
                .matches("training VAE .* on digits \\(40 train / 40 test, 8x8\\), 10 classes, \\d+ parameters");
    }

    /** A --limit that leaves some classes out says how many are there: the set's list alone would promise all ten. */
    @Test
    void aSubsetHoldingSomeClassesSaysHowMany() {
        assertThat(summary("--limit", "2"))
                .matches("training VAE .* on digits \\(2 train / 2 test, 8x8\\), 10 classes, \\d of them among these 4"
                        + " images, \\d+ parameters");
    }
}
