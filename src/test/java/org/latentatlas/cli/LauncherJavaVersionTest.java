package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./atlas on a Java older than 17: it must say which Java it found and what to install, not let the JVM fail on
 * {@code --add-modules jdk.incubator.vector} with a message that names neither. The fake JDK's java fails loudly if
 * the launcher ever runs it, so these tests also prove the check happens before any JVM starts (and before any build).
 */
class LauncherJavaVersionTest {

    private record Outcome(int exitCode, String stderr) {}

    /** A JDK directory whose release file says {@code version} and whose java must never be run. */
    private static Path fakeJdk(Path dir, String version) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'the launcher ran the fake java' >&2\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return dir;
    }

    private static Outcome launch(Path javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "atlas", "--version");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("./atlas finished").isTrue();
        return new Outcome(p.exitValue(), stderr);
    }

    @Test
    void refusesJava11NamingTheVersionTheJavaAndTheFix(@TempDir Path dir) throws Exception {
        Path jdk = fakeJdk(dir, "11.0.2");
        Outcome out = launch(jdk);
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr())
                .contains(jdk.resolve("bin/java").toString())
                .contains("is Java 11.0.2")
                .contains("needs a JDK 17 or newer")
                .contains("JAVA_HOME")
                .doesNotContain("the launcher ran the fake java");
    }

    @Test
    void readsJava8FromItsOneDotVersionNumber(@TempDir Path dir) throws Exception {
        Outcome out = launch(fakeJdk(dir, "1.8.0_402"));
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr()).contains("is Java 1.8.0_402").doesNotContain("the launcher ran the fake java");
    }
}
