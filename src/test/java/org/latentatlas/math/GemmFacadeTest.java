package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The facade the layers call: vectorized when it can be, the scalar oracle when it cannot, never a crash. */
class GemmFacadeTest {

    @Test
    void facadeUsesTheVectorKernelsWhenTheModuleIsPresent() {
        // Surefire runs with --add-modules jdk.incubator.vector (see the pom).
        assertThat(Gemm.isVectorized()).isTrue();
    }

    @Test
    void facadeFallsBackToScalarWithoutTheVectorModule() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GemmFacadeTest.class.getName())
            .redirectErrorStream(true)
            .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).endsWith("vectorized=false c=[11.0, 12.0]");
    }

    /** Child process for the fallback test: started without --add-modules, so the Vector API is absent. */
    public static void main(String[] args) {
        float[] a = {1, 2}; // (1, 2)
        float[] b = {3, 4, 5, 3.5f}; // (2, 2) as (n, k)
        float[] c = new float[2]; // (1, 2)
        Gemm.abT(a, 0, b, 0, c, 0, 1, 2, 2, false);
        System.out.println("vectorized=" + Gemm.isVectorized() + " c=" + java.util.Arrays.toString(c));
    }

    @Test
    void facadeAgreesWithTheOracleOnALayerShape() {
        Rng rng = new Rng(5);
        float[] x = new float[128 * 784]; // (batch, in)
        float[] w = new float[512 * 784]; // (out, in)
        rng.fillGaussian(x, 0, x.length);
        rng.fillGaussian(w, 0, w.length);
        float[] y = new float[128 * 512]; // (batch, out)
        float[] yRef = new float[128 * 512]; // (batch, out)
        Gemm.abT(x, 0, w, 0, y, 0, 128, 512, 784, false);
        ScalarGemm.abT(x, 0, w, 0, yRef, 0, 128, 512, 784, false);
        for (int i = 0; i < y.length; i++) {
            // Gaussian entries: Σ|x||w| ≈ 784·(2/π) ≈ 500; 1e-5 of that.
            assertThat(y[i]).isCloseTo(yRef[i], org.assertj.core.data.Offset.offset(5e-3f));
        }
    }
}
