package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./atlas drops the JVM's incubator warning from stderr and passes the rest through as it comes: a progress bar redraws
 * its line with a carriage return and no newline, so a line filter would hold every redraw until the run ended. The
 * launcher runs a copy of itself beside a jar newer than its sources (so it builds nothing) on a fake java that writes
 * the warning, a bar's partial line, and the rest only once the test has seen that partial line.
 */
class LauncherStderrTest {
    private static final long DEADLINE_MILLIS = 20_000;

    /** A project folder holding the launcher and an up-to-date jar, and a JDK whose java is {@code javaScript}. */
    private static ProcessBuilder launcher(Path dir, String javaScript) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(Path.of("atlas"), project.resolve("atlas"));
        Path pom = Files.writeString(project.resolve("pom.xml"), "");
        Path source = Files.writeString(Files.createDirectories(project.resolve("src/main")).resolve("A.java"), "");
        Path jar = Files.writeString(Files.createDirectories(project.resolve("target")).resolve("latent-atlas.jar"), "");
        FileTime before = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(pom, before);
        Files.setLastModifiedTime(source, before);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

        Path jdk = dir.resolve("jdk");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + javaScript);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");

        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("atlas").toString(), "train");
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb;
    }

    /** Collects a stream's bytes on a thread of its own, so the test can look at what has arrived so far. */
    private static final class Collector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Collector(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buffer = new byte[256];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** Whether {@code expected} arrived before the deadline. */
        boolean await(String expected) throws InterruptedException {
            long end = System.currentTimeMillis() + DEADLINE_MILLIS;
            while (!text().contains(expected)) {
                if (System.currentTimeMillis() > end) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }
    }

    /**
     * A shell line for the fake java that waits until the test creates {@code file}. The fake java stays alive until the
     * test has seen what it waits for: once the launcher's process has exited, Java closes the pipe it read from, and
     * whatever the filter (a process of its own) had not yet passed on would be lost to the test.
     */
    private static String awaitFile(Path file) {
        return "while [ ! -f '" + file + "' ]; do sleep 0.05; done\n";
    }

    @Test
    void aProgressBarsPartialLineArrivesWhileTheRunGoesOnAndTheIncubatorWarningDoesNot(@TempDir Path dir)
            throws Exception {
        Path go = dir.resolve("go");
        Path end = dir.resolve("end");
        Process p = launcher(dir, ""
                + "printf 'WARNING: Using incubator modules: jdk.incubator.vector\\n' >&2\n"
                + "printf 'epoch 1 ... 1/2 steps\\r' >&2\n"
                + awaitFile(go)
                + "printf 'epoch 1 ... 2/2 steps\\n' >&2\n"
                + awaitFile(end)).start();
        Collector stderr = new Collector(p.getErrorStream());

        boolean partialArrived = stderr.await("1/2 steps");
        Files.writeString(go, ""); // let the fake run go on either way
        boolean restArrived = stderr.await("2/2 steps\n");
        Files.writeString(end, "");
        assertThat(p.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).as("./atlas finished").isTrue();
        assertThat(partialArrived).as("the bar's partial line reached stderr while the run went on; got %s",
                stderr.text()).isTrue();
        assertThat(restArrived).as("the rest arrived; got %s", stderr.text()).isTrue();
        assertThat(stderr.text()).isEqualTo("epoch 1 ... 1/2 steps\repoch 1 ... 2/2 steps\n");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aFirstLineThatIsNotTheWarningIsKeptAndAnUnfinishedLastLineToo(@TempDir Path dir) throws Exception {
        Path end = dir.resolve("end");
        Process p = launcher(dir, "printf 'Error: could not create the Java VM\\nno newline' >&2\n" + awaitFile(end)
                + "exit 1\n").start();
        Collector stderr = new Collector(p.getErrorStream());
        boolean arrived = stderr.await("no newline");
        Files.writeString(end, "");
        assertThat(p.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).as("./atlas finished").isTrue();
        assertThat(arrived).as("got %s", stderr.text()).isTrue();
        assertThat(stderr.text()).isEqualTo("Error: could not create the Java VM\nno newline");
        assertThat(p.exitValue()).isEqualTo(1);
    }

    /**
     * Options set in the environment make the JVM say so before anything else ("NOTE: Picked up JDK_JAVA_OPTIONS", then
     * "Picked up JAVA_TOOL_OPTIONS"), which pushes the incubator warning down, as the JIT's word on jvm.options'
     * directives file does: the notices stay, the JIT's line and the warning go.
     */
    @Test
    void theIncubatorWarningGoesAfterTheJvmsPickedUpNoticesToo(@TempDir Path dir) throws Exception {
        Path end = dir.resolve("end");
        Process p = launcher(dir, ""
                + "printf 'NOTE: Picked up JDK_JAVA_OPTIONS: -Da=1\\n' >&2\n"
                + "printf 'Picked up JAVA_TOOL_OPTIONS: -Db=2\\n' >&2\n"
                + "printf '1 compiler directives added\\n' >&2\n"
                + "printf 'WARNING: Using incubator modules: jdk.incubator.vector\\n' >&2\n"
                + "printf 'training ...\\n' >&2\n"
                + awaitFile(end)).start();
        Collector stderr = new Collector(p.getErrorStream());
        boolean arrived = stderr.await("training ...\n");
        Files.writeString(end, "");
        assertThat(p.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).as("./atlas finished").isTrue();
        assertThat(arrived).as("got %s", stderr.text()).isTrue();
        assertThat(stderr.text()).isEqualTo("NOTE: Picked up JDK_JAVA_OPTIONS: -Da=1\n"
                + "Picked up JAVA_TOOL_OPTIONS: -Db=2\ntraining ...\n");
    }

    /**
     * jvm.options names its compiler directives file relative to the project, and the user may run ./atlas from
     * anywhere; without the file the JVM would refuse to start, so the launcher leaves the option out (only speed is
     * lost).
     */
    @Test
    void theDirectivesFileIsPassedByItsPathInTheProjectAndLeftOutWhereMissing(@TempDir Path dir) throws Exception {
        Path args = dir.resolve("args");
        ProcessBuilder pb = launcher(dir, "printf '%s\\n' \"$@\" > '" + args + "'\n");
        Path project = dir.resolve("project");
        Files.writeString(project.resolve("jvm.options"), "# a comment\n-XX:+UnlockDiagnosticVMOptions\n"
                + "-XX:CompilerDirectivesFile=jit-directives.json\n-XX:CompileCommand=quiet\n");
        pb.directory(dir.toFile());

        assertThat(pb.start().waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(Files.readAllLines(args)).contains("-XX:+UnlockDiagnosticVMOptions", "-XX:CompileCommand=quiet")
                .noneMatch(a -> a.startsWith("-XX:CompilerDirectivesFile"));

        Files.writeString(project.resolve("jit-directives.json"), "[]");
        assertThat(pb.start().waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(Files.readAllLines(args))
                .contains("-XX:CompilerDirectivesFile=" + project.toRealPath().resolve("jit-directives.json"));
    }

    @Test
    void aRunThatWritesNothingToStderrGetsNothingFromTheFilter(@TempDir Path dir) throws Exception {
        Process p = launcher(dir, "exit 0\n").start();
        Collector stderr = new Collector(p.getErrorStream());
        assertThat(p.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).as("./atlas finished").isTrue();
        stderr.join(DEADLINE_MILLIS);
        assertThat(stderr.text()).isEmpty();
    }

    /**
     * Ctrl-C on a terminal reaches the run's whole process group, the launcher's stderr filter too: the filter ignores
     * it, so what the run says as it stops (an interrupted training run names its checkpoint) still gets through. The
     * fake java says its last words on SIGINT and exits 130, as a training run does.
     */
    @Test
    void aCtrlCToTheWholeRunLeavesTheFilterToPassOnTheRunsLastWords(@TempDir Path dir) throws Exception {
        Path end = dir.resolve("end");
        ProcessBuilder pb = launcher(dir, ""
                + "finish() { printf 'interrupted after step 7\\n' >&2; " + awaitFile(end).replace("\n", "; ")
                + "exit 130; }\n"
                + "trap finish INT\n"
                + "printf 'running\\n' >&2\n"
                + "while :; do sleep 0.05; done\n");
        pb.command().add(0, "setsid"); // a process group of its own, as a terminal's foreground job has
        Process p = pb.start();
        Collector stderr = new Collector(p.getErrorStream());
        assertThat(stderr.await("running\n")).as("the run started; got %s", stderr.text()).isTrue();

        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).inheritIO().start();
        assertThat(kill.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS) && kill.exitValue() == 0).as("kill").isTrue();
        boolean arrived = stderr.await("interrupted after step 7\n");
        Files.writeString(end, "");
        assertThat(p.waitFor(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).as("./atlas finished").isTrue();
        assertThat(arrived).as("the last words arrived; got %s", stderr.text()).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
    }
}
