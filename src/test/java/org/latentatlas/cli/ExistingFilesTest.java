package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every command does with a file that is already where it would write, and with a checkpoint given where
 * a model is expected. The rule: a file may only be replaced by one of its own kind, anything else is refused
 * before any work with a message naming the option, the path and what is there, and the file keeps its bytes.
 */
class ExistingFilesTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path checkpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyModelWithACheckpoint() {
        model = shared.resolve("tiny.safetensors");
        checkpoint = shared.resolve("tiny.ckpt.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "16", "--no-progress", "--checkpoint-every",
                "1000", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(checkpoint).isRegularFile();
    }

    /** A copy of {@code original} in this test's folder under {@code name}, so each test can check its bytes. */
    private Path copy(Path original, String name) throws Exception {
        return Files.copy(original, dir.resolve(name));
    }

    private static void assertRefused(CliRun run, Path victim, byte[] before, String... says) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains(victim.toString()).contains(says);
        assertThat(Files.readAllBytes(victim)).as("the existing file's bytes").isEqualTo(before);
    }

    @Test
    void infoRecognizesACheckpoint() throws Exception {
        Path ckpt = copy(checkpoint, "run.ckpt.safetensors");
        CliRun run = CliRun.of("info", ckpt.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains(ckpt.toString()).contains("training checkpoint, not a model file")
                .contains("atlas train --resume " + ckpt).doesNotContain("adam.m");
    }

    @Test
    void evaluatePlotAndServeRecognizeACheckpointToo() throws Exception {
        Path ckpt = copy(checkpoint, "run.ckpt.safetensors");
        String[][] commands = {{"evaluate", ckpt.toString(), "--k", "2"},
            {"plot", ckpt.toString(), "--out", dir.resolve("figs").toString()},
            {"serve", ckpt.toString(), "--port", "0"}};
        for (String[] command : commands) {
            CliRun run = CliRun.of(command);
            assertThat(run.exitCode()).as(command[0] + ": " + run.err()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(run.err()).as(command[0]).contains("training checkpoint, not a model file")
                    .contains("--resume " + ckpt);
        }
    }
}
