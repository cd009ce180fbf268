package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code atlas ...} run in a child JVM, for what a test JVM cannot change about itself: the working directory
 * and the environment.
 *
 * @param exitCode the child's exit status
 * @param output   its standard output and error, interleaved
 */
record AtlasProcess(int exitCode, String output) {
    /** Runs {@code atlas args} in {@code workingDir} with {@code env} added to this JVM's environment. */
    static AtlasProcess run(Path workingDir, Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process child = builder.start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("atlas %s finished", args[0]).isTrue();
        return new AtlasProcess(child.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
