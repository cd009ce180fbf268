package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./atlas reached through a symlink (say ~/bin/atlas): it must run the jar beside the real script, not look for one
 * beside the link and try to build there. A copy of the launcher with a stand-in jar and a fake Java 17 that prints
 * its arguments keeps the test from starting a JVM or a build.
 */
class LauncherLocationTest {
    @Test
    void aSymlinkToTheLauncherRunsTheJarBesideTheRealScript(@TempDir Path dir) throws Exception {
        Path install = Files.createDirectories(dir.resolve("latent-atlas"));
        Files.copy(Path.of("atlas"), install.resolve("atlas"));
        Path jar = Files.createDirectories(install.resolve("target")).resolve("latent-atlas.jar");
        Files.writeString(jar, "stand-in: only its path matters");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("bin")).resolve("atlas"),
                install.resolve("atlas"));
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");

        ProcessBuilder pb = new ProcessBuilder("bash", link.toString(), "--version").directory(dir.toFile());
        pb.environment().put("JAVA_HOME", jdk.toString());
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("./atlas finished").isTrue();

        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stdout).contains("-jar " + jar.toRealPath() + " --version");
        assertThat(stderr).doesNotContain("building");
    }
}
