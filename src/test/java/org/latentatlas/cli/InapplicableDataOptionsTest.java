package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data option that the named data never reads is refused before any work, naming the option and what it is for: it
 * would otherwise be ignored and recorded in the model file as if it had been used (train once recorded a CSV's
 * header, label column, shape and range for the embedded digits, and later commands suggested them back).
 */
class InapplicableDataOptionsTest {
    @TempDir
    Path dir;

    private static void assertRefused(CliRun run, String... says) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains(says);
        assertThat(run.out()).doesNotContain("training");
    }

    private CliRun train(String... extra) {
        String[] base = {"train", "--epochs", "1", "--hidden", "8", "--limit", "40", "--no-progress", "-o",
            dir.resolve("m.safetensors").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void csvOptionsAndResizeAreRefusedForTheEmbeddedDigits() {
        assertRefused(train("--csv-header", "--csv-label", "3", "--shape", "4x16", "--value-range", "0:255", "--resize",
                        "28x28"),
                "the dataset digits does not read --csv-header (reads CSV files only), --csv-label 3 (reads CSV files"
                        + " only), --shape 4x16 (reads CSV files only), --value-range 0:255 (reads CSV files only),"
                        + " --resize 28x28 (resizes the images of an image folder only): leave them out");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void downloadOptionsAreRefusedForACsvFileAndResizeToo() throws Exception {
        Path csv = DataProtocolTest.bytesCsv(dir);
        assertRefused(train("--dataset", csv.toString(), "--csv-label", "last", "--download", "--resize", "4x4"),
                "the dataset " + csv + " does not read --resize 4x4 (resizes the images of an image folder only),"
                        + " --download (fetches mnist and fashion-mnist only): leave them out");
    }

    @Test
    void aMirrorWithoutDownloadIsRefusedForANamedSet() {
        CliRun run = CliRun.of("datasets", "show", "fashion-mnist", "--mirror", "http://127.0.0.1:9/",
                "--cache-dir", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("--mirror http://127.0.0.1:9/ (says where --download fetches from, and"
                + " --download is not given): leave it out");
    }

    @Test
    void csvOptionsOnACsvFileAndResizeOnAnImageFolderAreRead() throws Exception {
        Path csv = DataProtocolTest.bytesCsv(dir);
        CliRun run = train("--dataset", csv.toString(), "--csv-label", "last", "--value-range", "0:255");
        assertThat(run.exitCode()).as(run.err()).isZero();

        Path folder = Files.createDirectories(dir.resolve("images"));
        CliRun images = CliRun.of("datasets", "show", folder.toString(), "--resize", "4x4");
        assertThat(images.err()).doesNotContain("does not read");
    }
}
