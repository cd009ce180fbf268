package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.Rng;

class GaussianHeadsTest {
    /**
     * μ's weights and bias, then logσ²'s, as in the parameter file with some slack around them, an input h (batch, in)
     * and the output gradients dμ and dlogσ² (batch, latent), all random.
     */
    private record Heads(Linear mu, Linear logvar, float[] params, float[] h, float[] dMu, float[] dLogvar) {
        static final int BEFORE = 5;

        static Heads random(int in, int latent, int batch) {
            int head = latent * in + latent;
            Rng rng = new Rng(in * 31L + latent);
            Heads t = new Heads(new Linear("mu", in, latent, BEFORE), new Linear("logvar", in, latent, BEFORE + head),
                    new float[BEFORE + 2 * head + 3], new float[batch * in], new float[batch * latent],
                    new float[batch * latent]);
            for (float[] a : new float[][] {t.params, t.h, t.dMu, t.dLogvar}) {
                rng.fillGaussian(a, 0, a.length);
            }
            return t;
        }

        /** dh (batch, in) of the two layers run one after the other: what the one product must give. */
        float[] separateInputGradient(float[] weights, int batch) {
            float[] dh = new float[batch * mu.in()];
            mu.backward(weights, new float[weights.length], h, dMu, batch, dh, false);
            logvar.backward(weights, new float[weights.length], h, dLogvar, batch, dh, true);
            return dh;
        }
    }

    private static void assertBothHeadsAreBitwiseTheTwoLayers(int in, int latent, int batch, boolean withInputGradient) {
        assertThat(Gemm.isVectorized()).as("Vector API available to the tests").isTrue();
        Heads t = Heads.random(in, latent, batch);
        Linear mu = t.mu();
        Linear logvar = t.logvar();
        float[] params = t.params();
        float[] h = t.h();
        float[] dMu = t.dMu();
        float[] dLogvar = t.dLogvar();
        int head = latent * in + latent;

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
        for (int i = Heads.BEFORE; i < Heads.BEFORE + 2 * head; i++) {
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

    /** dh is the gradient of what forward computed, so it uses the weights forward read, whatever changed since. */
    @Test
    void theInputGradientUsesTheWeightsOfTheForwardPass() {
        assertThat(Gemm.isVectorized()).as("Vector API available to the tests: bitwise the separate layers").isTrue();
        int batch = 8;
        Heads t = Heads.random(16, 3, batch);
        GaussianHeads heads = new GaussianHeads(t.mu(), t.logvar());
        heads.forward(t.params(), t.h(), batch, new float[t.dMu().length], new float[t.dLogvar().length]);
        float[] stepped = t.params().clone();
        for (int i = 0; i < stepped.length; i++) {
            stepped[i] += 1f; // an optimizer step taken before backward: not the weights forward used
        }
        float[] dh = new float[t.h().length];
        heads.backward(stepped, new float[stepped.length], t.h(), t.dMu(), t.dLogvar(), batch, dh);

        assertThat(dh).containsExactly(t.separateInputGradient(t.params(), batch));
    }

    @Test
    void anInputGradientBeforeAnyForwardPassIsRefused() {
        GaussianHeads heads = new GaussianHeads(new Linear("mu", 4, 2, 0), new Linear("logvar", 4, 2, 10));
        assertThatThrownBy(() -> heads.backward(new float[20], new float[20], new float[4], new float[2],
                new float[2], 1, new float[4])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a forward pass first");
    }

    @Test
    void headsOfDifferentShapesAreRefused() {
        assertThatThrownBy(() -> new GaussianHeads(new Linear("mu", 8, 2, 0), new Linear("logvar", 8, 3, 18)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8→2").hasMessageContaining("8→3");
    }
}
