package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An MLP whose ReLU units are silent for a whole batch runs the next products on the live units only
 * ({@link LiveUnits}, {@link ThinLinear}), and everything it computes is bitwise what the full products give:
 * the output, every parameter gradient (written over stale values, silent units' zeros included) and the input
 * gradient.
 */
class MlpSilentUnitsTest {
    private static final float SILENCED_BIAS = -1e4f; // pre-activation far below zero for every row

    /** Layers in→h1→h2→out with the first {@code silent1} units of h1 and {@code silent2} of h2 silenced. */
    private record Net(List<Linear> layers, float[] params) {
        static Net of(Random r, int in, int h1, int h2, int out, int silent1, int silent2) {
            List<Linear> layers = new ArrayList<>();
            int[] sizes = {in, h1, h2, out};
            int offset = 0;
            for (int i = 0; i < 3; i++) {
                Linear layer = new Linear("l" + i, sizes[i], sizes[i + 1], offset);
                layers.add(layer);
                offset = layer.end();
            }
            float[] params = new float[offset];
            for (int i = 0; i < params.length; i++) {
                params[i] = (float) (r.nextGaussian() * 0.2);
            }
            // Silenced units are spread out (every other one first), so the live ones are not one block.
            silence(params, layers.get(0), silent1);
            silence(params, layers.get(1), silent2);
            return new Net(layers, params);
        }

        private static void silence(float[] params, Linear layer, int count) {
            for (int k = 0; k < count; k++) {
                int unit = (2 * k) % layer.out() + (2 * k >= layer.out() ? 1 : 0);
                params[layer.biasOffset() + unit] = SILENCED_BIAS;
            }
        }
    }

    /** Output, gradients and input gradient of one forward and backward pass. */
    private record Pass(float[] y, float[] grads, float[] dx) {}

    private static Pass run(Net net, boolean skip, boolean activateLast, float[] x, int batch, float[] upstream,
                            float[] startGrads, float[] startDx, boolean accumulateDx) {
        Mlp mlp = new Mlp(net.layers(), activateLast, Activation.RELU, skip);
        float[] y = mlp.forward(net.params(), x, batch).clone();
        System.arraycopy(upstream, 0, mlp.outputGradient(batch), 0, upstream.length);
        float[] grads = startGrads.clone();
        float[] dx = startDx.clone();
        mlp.backward(net.params(), grads, batch, dx, accumulateDx);
        if (skip) {
            assertThat(mlp.layerWasThin(1)).as("the middle layer ran on its live units").isTrue();
        }
        return new Pass(y, grads, dx);
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest(name = "silent {0} of 96 and {1} of 80, last layer activated {2}, dx accumulated {3}")
    @CsvSource({
        "60, 50, false, false",
        "60, 0, false, false", // thin input of the middle layer only
        "0, 50, true, false",  // thin outputs only
        "96, 50, false, true", // every unit of h1 silent: the middle layer sums over nothing
        "30, 79, true, true",
    })
    void silentUnitsChangeNoBitOfTheResults(int silent1, int silent2, boolean activateLast, boolean accumulateDx) {
        Random r = new Random(silent1 * 100L + silent2);
        int batch = 128, in = 40, out = 30;
        Net net = Net.of(r, in, 96, 80, out, silent1, silent2);
        float[] x = gaussian(r, batch * in);
        float[] upstream = gaussian(r, batch * out);
        float[] startGrads = gaussian(r, net.params().length); // stale values, which backward must write over
        float[] startDx = gaussian(r, batch * in);

        Pass full = run(net, false, activateLast, x, batch, upstream, startGrads, startDx, accumulateDx);
        Pass thin = run(net, true, activateLast, x, batch, upstream, startGrads, startDx, accumulateDx);
        Pass thinFromZeros = run(net, true, activateLast, x, batch, upstream, new float[startGrads.length], startDx,
                accumulateDx);

        assertThat(thin.y()).isEqualTo(full.y());
        assertThat(thin.grads()).isEqualTo(full.grads());
        assertThat(thin.grads()).isEqualTo(thinFromZeros.grads());
        assertThat(thin.dx()).isEqualTo(full.dx());
    }

    @Test
    void aSparseBinarizedInputAndSilentUnitsTogetherChangeNoBit() {
        Random r = new Random(11);
        int batch = 64, in = 300, out = 20;
        Net net = Net.of(r, in, 128, 64, out, 90, 40);
        float[] x = new float[batch * in]; // 0/1 pixels, one in eight set: the first layer reads them sparsely
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(8) == 0 ? 1f : 0f;
        }
        float[] upstream = gaussian(r, batch * out);
        float[] startGrads = gaussian(r, net.params().length);

        Pass full = run(net, false, false, x, batch, upstream, startGrads, new float[batch * in], false);
        Pass thin = run(net, true, false, x, batch, upstream, startGrads, new float[batch * in], false);
        Pass thinFromZeros = run(net, true, false, x, batch, upstream, new float[startGrads.length],
                new float[batch * in], false);

        assertThat(thin.y()).isEqualTo(full.y());
        assertThat(thin.grads()).isEqualTo(full.grads());
        assertThat(thin.grads()).isEqualTo(thinFromZeros.grads());
    }

    @ParameterizedTest(name = "{0} of the middle layer's 80 outputs silent")
    @CsvSource({"20", "50"}) // its outputs all counted, or thinned too
    void aThinnedInputThatIsStillMostlyZerosIsReadSparselyAndChangesNoBit(int silentOutputs) {
        Random r = new Random(23);
        int batch = 128, in = 40, out = 30;
        Net net = Net.of(r, in, 96, 80, out, 0, silentOutputs);
        Linear first = net.layers().get(0);
        // Pre-activations have a spread of ~1.3 here: a bias of -1.7 lets each unit fire for ~1 row in 10, so every
        // unit left alive fires somewhere in the batch while its column stays ~90 % zeros.
        Arrays.fill(net.params(), first.biasOffset(), first.biasOffset() + first.out(), -1.7f);
        Net.silence(net.params(), first, 60);
        float[] x = gaussian(r, batch * in);
        float[] upstream = gaussian(r, batch * out);
        float[] startGrads = gaussian(r, net.params().length);

        Pass full = run(net, false, false, x, batch, upstream, startGrads, new float[batch * in], false);
        Mlp mlp = new Mlp(net.layers(), false, Activation.RELU, true);
        float[] y = mlp.forward(net.params(), x, batch).clone();
        System.arraycopy(upstream, 0, mlp.outputGradient(batch), 0, upstream.length);
        float[] grads = startGrads.clone();
        float[] dx = new float[batch * in];
        mlp.backward(net.params(), grads, batch, dx, false);

        assertThat(mlp.layerReadSparseInput(1)).as("the middle layer read its live inputs through an index").isTrue();
        assertThat(y).isEqualTo(full.y());
        assertThat(grads).isEqualTo(full.grads());
        assertThat(dx).isEqualTo(full.dx());
    }

    @Test
    void aNaNInTheBatchReachesTheOutputsAsWithTheFullProducts() {
        Random r = new Random(5);
        int batch = 16, in = 24, out = 8;
        Net net = Net.of(r, in, 64, 48, out, 40, 30);
        float[] x = gaussian(r, batch * in);
        x[3 * in + 2] = Float.NaN;
        float[] upstream = gaussian(r, batch * out);
        float[] zeros = new float[net.params().length];

        Pass full = run(net, false, false, x, batch, upstream, zeros, new float[batch * in], false);
        Mlp mlp = new Mlp(net.layers(), false, Activation.RELU, true);
        float[] y = mlp.forward(net.params(), x, batch);

        assertThat(y[3 * out]).isNaN();
        assertThat(y).isEqualTo(full.y());
    }

    @Test
    void aThinInputsGradientIsWrittenNeverAccumulatedAndAskingLeavesItUntouched() {
        int batch = 128, in = 40, out = 8;
        Linear layer = new Linear("l", in, out, 0);
        float[] params = gaussian(new Random(2), layer.end());
        float[] x = new float[batch * in]; // (batch, in): only the first 4 columns ever fire
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * in + j] = 1f + i + j;
            }
        }
        LiveUnits units = new LiveUnits(true);
        assertThat(units.addBiasReluAndFind(x, batch, in, new float[in], 0)).isTrue(); // x ≥ 0: kept as it is
        LiveUnits outputs = new LiveUnits(true);
        outputs.clear(out);
        ThinLinear thin = new ThinLinear();
        thin.product(layer, params, x, units, batch, new float[batch * out]);
        float[] dx = new float[batch * in];
        Arrays.fill(dx, 7f);

        assertThatThrownBy(() -> thin.backward(layer, params, new float[params.length], x, null, units, outputs,
                new float[batch * out], false, batch, dx, true, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("written, not accumulated");
        assertThat(dx).containsOnly(7f);
    }

    @Test
    void aThinInputsGradientWrittenWholeIsTheLiveBlockWithZerosInTheSilentColumns() {
        int batch = 128, in = 40, out = 8;
        Linear layer = new Linear("l", in, out, 0);
        Random r = new Random(3);
        float[] params = gaussian(r, layer.end());
        float[] x = new float[batch * in]; // (batch, in): only columns 0, 5 and 9 ever fire
        for (int i = 0; i < batch; i++) {
            x[i * in] = 1f + i;
            x[i * in + 5] = 0.5f * i;
            x[i * in + 9] = i % 3;
        }
        float[] dy = gaussian(r, batch * out);
        LiveUnits units = new LiveUnits(true);
        assertThat(units.addBiasReluAndFind(x, batch, in, new float[in], 0)).isTrue(); // x ≥ 0: kept as it is
        LiveUnits outputs = new LiveUnits(true);
        outputs.clear(out);
        float[] fullGrads = new float[params.length];
        float[] fullDx = new float[batch * in];
        layer.backward(params, fullGrads, x, dy, batch, fullDx, false);
        fullGrads = Arrays.copyOf(fullGrads, layer.biasOffset()); // the bias gradient is the caller's

        ThinLinear thin = new ThinLinear();
        thin.product(layer, params, x, units, batch, new float[batch * out]);
        float[] grads = gaussian(r, params.length); // stale values, which backward must write over
        float[] dx = gaussian(r, batch * in);
        thin.backward(layer, params, grads, x, null, units, outputs, dy, false, batch, dx, false, null);

        float[] expectedDx = new float[batch * in]; // the full product's live columns, zero in the silent ones (which
        for (int i = 0; i < batch; i++) {            // the previous ReLU masks anyway)
            for (int j : new int[] {0, 5, 9}) {
                expectedDx[i * in + j] = fullDx[i * in + j];
            }
        }
        assertThat(Arrays.copyOf(grads, layer.biasOffset())).isEqualTo(fullGrads);
        assertThat(dx).isEqualTo(expectedDx);
        float[] live = thin.backwardToLiveInputs(layer, params, new float[params.length], units, outputs, dy, false,
                batch);
        for (int i = 0; i < batch; i++) {
            assertThat(new float[] {live[i * 3], live[i * 3 + 1], live[i * 3 + 2]}).as("row %d, the live block", i)
                    .containsExactly(fullDx[i * in], fullDx[i * in + 5], fullDx[i * in + 9]);
        }
    }

    @Test
    void onlyAThinInputsGradientIsHandedOverAsItsLiveBlock() {
        int batch = 4, in = 6, out = 3;
        Linear layer = new Linear("l", in, out, 0);
        float[] params = gaussian(new Random(4), layer.end());
        LiveUnits all = new LiveUnits(true);
        all.clear(in);
        LiveUnits outputs = new LiveUnits(true);
        outputs.clear(out);
        float[] grads = new float[params.length];
        Arrays.fill(grads, 7f);

        assertThatThrownBy(() -> new ThinLinear().backwardToLiveInputs(layer, params, grads, all, outputs,
                new float[batch * out], false, batch))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only a thin input's gradient");
        assertThat(grads).as("nothing written").containsOnly(7f);
    }
}
