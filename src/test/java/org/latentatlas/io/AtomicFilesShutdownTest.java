package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM stopped in the middle of an atomic write leaves no temp file behind and the target as it was. */
class AtomicFilesShutdownTest {

    @Test
    void aJvmStoppedMidWriteLeavesNoTempFileAndTheOldTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.safetensors");
        Files.write(target, new byte[] {9});
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoppedMidWrite.class.getName(), target.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isEqualTo(130);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
        assertThat(Files.readAllBytes(target)).containsExactly(9);
    }
}
