package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An MLP fed a mostly-zero batch (binarized pixels) reads it through the sparse index in its first layer, and
 * its outputs and parameter gradients are bitwise those of the dense layer-by-layer computation.
 */
class MlpSparseInputTest {
    private static final int BATCH = 64, IN = 784, HIDDEN = 64, OUT = 10;

    @Test
    void binarizedInputTakesTheSparsePathWithTheDenseResultsBitForBit() {
        Linear first = new Linear("l0", IN, HIDDEN, 0);
        Linear second = new Linear("l1", HIDDEN, OUT, first.end());
        Mlp mlp = new Mlp(List.of(first, second), false, Activation.RELU);
        Random r = new Random(3);
        float[] params = new float[second.end()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (r.nextGaussian() * 0.05);
        }
        float[] x = new float[BATCH * IN]; // (batch, in) of 0/1 pixels, one in eight set
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(8) == 0 ? 1f : 0f;
        }
        float[] upstream = new float[BATCH * OUT]; // (batch, out) dL/dy
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) r.nextGaussian();
        }

        float[] y = mlp.forward(params, x, BATCH).clone();
        assertThat(mlp.inputWasSparse()).as("the first layer read the sparse index").isTrue();
        System.arraycopy(upstream, 0, mlp.outputGradient(BATCH), 0, upstream.length);
        float[] grads = new float[params.length];
        mlp.backward(params, grads, BATCH, null, false);

        // The same two layers by hand, dense GEMMs throughout.
        float[] h = new float[BATCH * HIDDEN];
        first.forward(params, x, BATCH, h);
        Relu.forward(h, h.length);
        float[] expectedY = new float[BATCH * OUT];
        second.forward(params, h, BATCH, expectedY);
        float[] expectedGrads = new float[params.length];
        float[] dh = new float[BATCH * HIDDEN];
        second.backward(params, expectedGrads, h, upstream.clone(), BATCH, dh, false);
        Relu.backward(h, dh, dh.length);
        first.backward(params, expectedGrads, x, dh, BATCH, null, false);

        assertThat(y).isEqualTo(expectedY);
        assertThat(grads).isEqualTo(expectedGrads);
    }

    @Test
    void aDenseInputStaysOnTheDenseGemms() {
        Linear only = new Linear("l0", 16, 4, 0);
        Mlp mlp = new Mlp(List.of(only), false, Activation.RELU);
        float[] x = new float[BATCH * 16];
        java.util.Arrays.fill(x, 0.5f);
        mlp.forward(new float[only.end()], x, BATCH);
        assertThat(mlp.inputWasSparse()).isFalse();
    }
}
