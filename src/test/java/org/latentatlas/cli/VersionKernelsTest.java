package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code atlas --version} says which GEMM kernels run: with the scalar ones chosen on purpose (docs/training.md's
 * {@code -Datlas.gemm=scalar}) it must not advise adding the Vector API module, which the launcher already adds.
 */
class VersionKernelsTest {

    private static String version(String... jvmFlags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java);
        pb.command().addAll(List.of(jvmFlags));
        pb.command().addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--version"));
        Process child = pb.redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void scalarKernelsChosenOnPurposeAreSaidToBeChosen() throws Exception {
        assertThat(version("--add-modules", "jdk.incubator.vector", "-Datlas.gemm=scalar"))
                .contains("GEMM kernels: scalar, chosen by -Datlas.gemm=scalar").doesNotContain("run with");
    }

    @Test
    void aMissingVectorModuleIsSaidWithItsCure() throws Exception {
        assertThat(version()).contains("GEMM kernels: scalar fallback (run with --add-modules jdk.incubator.vector)");
    }
}
