package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an export's shutdown hook does when Ctrl-C stops the JVM mid-export, run here as the hook runs it (without
 * stopping the test's JVM): the staging folder goes, and one line says what the interrupt left.
 */
class ExportStagingTest {
    @TempDir
    Path tmp;

    private Path stagedWithAFile(String name) throws Exception {
        Path staged = Files.createDirectory(tmp.resolve(name));
        Files.write(staged.resolve("points.json"), new byte[1000]);
        return staged;
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.count();
        }
    }

    /**
     * Ctrl-C in a real JVM: its shutdown hook, not only the action run below, removes the staging folder, and the
     * folders it made above the export's.
     */
    @Test
    void aJvmStoppedMidExportLeavesNoStagingFolderAndSaysSo() throws Exception {
        Path site = tmp.resolve("new/deeper/site");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoppedMidExport.class.getName(), site.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isEqualTo(130);
        assertThat(output).isEqualTo("atlas export: interrupted; nothing was written to " + site + "\n");
        assertThat(count(tmp)).as("no staging folder beside the export's, and not new/deeper").isZero();
    }

    @Test
    void anInterruptBeforeTheRenameRemovesTheStagingFolderAndSaysNothingWasWritten() throws Exception {
        Path staged = stagedWithAFile(".site.export-1.tmp");
        try (ExportStaging staging = ExportStaging.cover(Path.of("site"), staged)) {
            assertThat(staging.interrupt()).isEqualTo("atlas export: interrupted; nothing was written to site");
        }
        assertThat(staged).doesNotExist();
        assertThat(count(tmp)).isZero();
    }

    /** Under --force, a rename is the one step that changes the user's folder: the line names what it changed. */
    @Test
    void anInterruptWhileMovingFilesIntoPlaceNamesTheFilesItHadReplaced() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Path staged = stagedWithAFile("site/.atlas-export-1.tmp");
        Files.writeString(staged.resolve("index.html"), "new");
        Files.writeString(staged.resolve("app.js"), "new");
        try (ExportStaging staging = ExportStaging.cover(site, staged)) {
            for (String name : new String[] {"index.html", "app.js"}) {
                staging.moved(name, () -> Files.move(staged.resolve(name), site.resolve(name)));
            }
            assertThat(staging.interrupt()).isEqualTo("atlas export: interrupted while moving the export into " + site
                    + ": only index.html, app.js are the new export's, the other files are as they were; run the"
                    + " export again");
        }
        assertThat(staged).doesNotExist();
        assertThat(count(site)).isEqualTo(2);
    }

    @Test
    void anInterruptAfterTheExportIsInPlaceSaysNothingAndRemovesNothing() throws Exception {
        Path site = stagedWithAFile("site");
        try (ExportStaging staging = ExportStaging.cover(site, site)) {
            staging.done();
            assertThat(staging.interrupt()).isNull();
        }
        assertThat(site.resolve("points.json")).exists();
    }
}
