package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.Rng;

class GaussianHeadsTest {
    /** μ's weights and bias, then logσ²'s, as in the parameter file; some slack around them. */
    private static void assertBothHeadsAreBitwiseTheTwoLayers(int in, int latent, int batch, boolean withInputGradient) {
        assertThat(Gemm.isVectorized()).as("Vector API available to the tests").isTrue();
        int head = latent * in + latent;
        Linear mu = new Linear("mu", in, latent, 5);
        Linear logvar = new Linear("logvar", in, latent, 5 + head);
        Rng rng = new Rng(in * 31L + latent);
        float[] params = new float[5 + 2 * head + 3];
        float[] h = new float[batch * in];
        float[] dMu = new float[batch * latent];
        float[] dLogvar = new float[batch * latent];
        rng.fillGaussian(params, 0, params.length);
        rng.fillGaussian(h, 0, h.length);
        rng.fillGaussian(dMu, 0, dMu.length);
        rng.fillGaussian(dLogvar, 0, dLogvar.length);

        float[] expectedMu = new float[batch * latent];
        float[] expectedLogvar = new float[batch * latent];
        mu.forward(params, h, batch, expectedMu);
        logvar.forward(params, h, batch, expectedLogvar);
        float[] expectedGrads = new float[params.length];
        float[] expectedDh = withInputGradient ? new float[batch * in] : null;
        mu.backward(params, expectedGrads, h, dMu, batch, expectedDh, false);
        logvar.backward(params, expectedGrads, h, dLogvar, batch, expectedDh, true);

        GaussianHeads heads = new GaussianHeads(mu, logvar);
        float[] outMu = new float[batch * latent];
        float[] outLogvar = new float[batch * latent];
        heads.forward(params, h, batch, outMu, outLogvar);
        float[] grads = new float[params.length];
        java.util.Arrays.fill(grads, Float.NaN); // written, not accumulated: stale values must not leak through
        grads[0] = grads[params.length - 1] = 0f; // outside both heads: left alone
        float[] dh = withInputGradient ? new float[batch * in] : null;
        heads.backward(params, grads, h, dMu, dLogvar, batch, dh);

        String shape = in + "→" + latent + " at batch " + batch;
        assertThat(outMu).as(shape).containsExactly(expectedMu);
        assertThat(outLogvar).as(shape).containsExactly(expectedLogvar);
        for (int i = 5; i < 5 + 2 * head; i++) {
            assertThat(grads[i]).as("%s: gradient %d", shape, i).isEqualTo(expectedGrads[i]);
        }
        if (withInputGradient) {
            assertThat(dh).as(shape).containsExactly(expectedDh);
        }
    }

    @Test
    void bothHeadsAsOneProductAreBitwiseTheTwoLayers() {
        assertBothHeadsAreBitwiseTheTwoLayers(256, 20, 128, true); // the benchmark's heads
        assertBothHeadsAreBitwiseTheTwoLayers(7, 3, 5, true);      // ragged everywhere
        assertBothHeadsAreBitwiseTheTwoLayers(64, 2, 33, true);    // the digits default's latent 2
    }

    @Test
    void headsReadingTheInputDirectlyWriteNoInputGradient() {
        assertBothHeadsAreBitwiseTheTwoLayers(64, 4, 16, false);
    }

    @Test
    void headsOfDifferentShapesAreRefused() {
        assertThatThrownBy(() -> new GaussianHeads(new Linear("mu", 8, 2, 0), new Linear("logvar", 8, 3, 18)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8→2").hasMessageContaining("8→3");
    }
}
