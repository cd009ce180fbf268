package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on a terminal, where the progress bar draws through JLine (which resets SIGINT to the operating system's
 * default as it opens the terminal): the JVM must still run its shutdown hooks, or an interrupted training run ends
 * without naming its checkpoint and leaves a half-written temp file. The probe runs on a pseudo-terminal made by
 * util-linux {@code script}, which Debian installs everywhere (bsdutils is essential).
 */
class InterruptOnATerminalTest {

    @Test
    void ctrlCAfterAProgressBarOnATerminalStillRunsTheShutdownHooks() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assertThat(Files.isExecutable(script)).as("util-linux script, for a pseudo-terminal").isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + InterruptProbe.class.getName();
        // stdin stays an open pipe: script copies it to the terminal until the command ends
        Process p = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null").redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);

        assertThat(text).contains("shutdown hooks ran").doesNotContain("not interrupted");
        assertThat(p.exitValue()).as(text).isEqualTo(Interrupts.EXIT_CODE);
    }
}
