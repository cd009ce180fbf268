package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentatlas.train.Adam;

/**
 * Adam handed to the backward pass ({@link org.latentatlas.math.WeightUpdate}) leaves the parameters and both
 * moments bitwise where Adam after the pass leaves them, on every path a layer's weight gradient can take: the
 * dense product, the sparse data layer, the data layer with silent outputs, sparse or dense (whose silent rows get a
 * zero gradient), and the layers with a thinned input, which still write their gradient to the array.
 */
class FusedWeightUpdateTest {

    private static List<Linear> layers(int... sizes) {
        return layers(false, sizes);
    }

    /** With {@code inputMajor}, the first layer stores W (in, out), as {@link ParameterLayout} keeps the data layer. */
    private static List<Linear> layers(boolean inputMajor, int... sizes) {
        List<Linear> layers = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            Linear layer = new Linear("l" + i, sizes[i], sizes[i + 1], offset, inputMajor && i == 0);
            layers.add(layer);
            offset = layer.end();
        }
        return layers;
    }

    @ParameterizedTest(name = "input density {0}, {1} of 96 first-layer units silenced, batch {2}")
    @CsvSource({
        "0.13, 0, 64",   // sparse data layer, nothing thin
        "0.13, 60, 64",  // sparse data layer with silent outputs, the next layer's input thin
        "0.13, 60, 130", // ragged blocks of the sparse product
        "0.6, 0, 64",    // dense products only
        "0.6, 60, 50",   // dense data layer with silent outputs
    })
    void fusedUpdateLeavesTheSameBitsAsTheUpdateAfterThePass(double density, int silenced, int batch) {
        Random r = new Random(7);
        List<Linear> layers = layers(70, 96, 40, 33);
        int size = layers.get(layers.size() - 1).end();
        float[] start = new float[size];
        for (int i = 0; i < size; i++) {
            start[i] = (float) (r.nextGaussian() * 0.2);
        }
        float[] fusedParams = start.clone();
        float[] plainParams = start.clone();
        Adam fusedAdam = new Adam(size, 1e-2);
        Adam plainAdam = new Adam(size, 1e-2);
        Mlp fused = new Mlp(layers, false, Activation.RELU, true);
        Mlp plain = new Mlp(layers, false, Activation.RELU, true);
        float[] fusedGrads = new float[size];
        float[] plainGrads = new float[size];
        for (int step = 0; step < 3; step++) {
            if (step == 1) {
                // Silenced from the second step on: their rows' moments are not zero by then, so a zero gradient
                // still moves them, and a path that skipped those rows would show.
                for (int k = 0; k < silenced; k++) { // silent for every row: far below zero before the ReLU
                    int unit = layers.get(0).biasOffset() + (2 * k) % 96 + (2 * k >= 96 ? 1 : 0);
                    fusedParams[unit] = -1e4f;
                    plainParams[unit] = -1e4f;
                }
            }
            float[] x = new float[batch * 70];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() < density ? (float) r.nextDouble() : 0f;
            }
            float[] upstream = new float[batch * 33];
            for (int i = 0; i < upstream.length; i++) {
                upstream[i] = (float) r.nextGaussian();
            }

            fused.forward(fusedParams, x, batch);
            System.arraycopy(upstream, 0, fused.outputGradient(batch), 0, upstream.length);
            Adam.Step update = fusedAdam.begin(fusedParams, 1e-2);
            float[] fusedDx = new float[batch * 70]; // the input gradient too: read before the weights move
            fused.backward(fusedParams, fusedGrads, batch, fusedDx, false, update);
            boolean fusedFinite = update.finish(fusedGrads);

            plain.forward(plainParams, x, batch);
            System.arraycopy(upstream, 0, plain.outputGradient(batch), 0, upstream.length);
            float[] plainDx = new float[batch * 70];
            plain.backward(plainParams, plainGrads, batch, plainDx, false);
            boolean plainFinite = plainAdam.update(plainParams, plainGrads);

            assertThat(fusedFinite).isEqualTo(plainFinite).isTrue();
            assertThat(fusedDx).as("input gradient at step %d", step).containsExactly(plainDx);
            assertThat(fusedParams).as("parameters after step %d", step).containsExactly(plainParams);
            assertThat(fusedAdam.firstMoment()).containsExactly(plainAdam.firstMoment());
            assertThat(fusedAdam.secondMoment()).containsExactly(plainAdam.secondMoment());
            assertThat(update.isClaimed(layers.get(2).weightOffset())).as("the last layer's weights").isTrue();
            assertThat(update.isClaimed(layers.get(0).biasOffset())).as("a bias").isFalse();
            assertThat(fused.inputWasSparse()).isEqualTo(density < 0.25);
            assertThat(update.isClaimed(layers.get(0).weightOffset())).as("the data layer").isTrue();
            if (silenced > 0 && step > 0) {
                assertThat(fused.layerWasThin(0)).isTrue();
                assertThat(update.isClaimed(layers.get(1).weightOffset())).as("a thin input's layer").isFalse();
            }
        }
    }

    /**
     * The data layer stored input-major, (in, out), with the update after the pass and handed to it, against the
     * (out, in) layer: the same parameters, moments and input gradient, bit for bit, on every path its products take.
     */
    @ParameterizedTest(name = "input density {0}, {1} of 96 first-layer units silenced, batch {2}")
    @CsvSource({
        "0.13, 0, 64",   // sparse, every output live
        "0.13, 60, 64",  // sparse with silent outputs: each row of dWᵀ spread over the live columns
        "0.13, 60, 130", // and more rows than a block of the weight gradient takes
        "0.6, 0, 64",    // dense
        "0.6, 60, 50",   // dense with silent outputs
    })
    void anInputMajorDataLayerGivesTheBitsOfTheOutputMajorOne(double density, int silenced, int batch) {
        Random r = new Random(11);
        int in = 70;
        int hidden = 96;
        List<Linear> reference = layers(in, hidden, 40, 33);
        List<Linear> inputMajor = layers(true, in, hidden, 40, 33);
        int size = reference.get(reference.size() - 1).end();
        float[] start = new float[size];
        for (int i = 0; i < size; i++) {
            start[i] = (float) (r.nextGaussian() * 0.2);
        }
        float[] refParams = start.clone();
        float[] fusedParams = transposeFirst(start, hidden, in);
        float[] plainParams = fusedParams.clone();
        Adam refAdam = new Adam(size, 1e-2);
        Adam fusedAdam = new Adam(size, 1e-2);
        Adam plainAdam = new Adam(size, 1e-2);
        Mlp refMlp = new Mlp(reference, false, Activation.RELU, true);
        Mlp fused = new Mlp(inputMajor, false, Activation.RELU, true);
        Mlp plain = new Mlp(inputMajor, false, Activation.RELU, true);
        float[] grads = new float[size];
        for (int step = 0; step < 3; step++) {
            if (step == 1) {
                for (int k = 0; k < silenced; k++) {
                    int unit = reference.get(0).biasOffset() + (2 * k) % hidden + (2 * k >= hidden ? 1 : 0);
                    refParams[unit] = fusedParams[unit] = plainParams[unit] = -1e4f;
                }
            }
            float[] x = new float[batch * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() < density ? (float) r.nextDouble() : 0f;
            }
            float[] upstream = new float[batch * 33];
            for (int i = 0; i < upstream.length; i++) {
                upstream[i] = (float) r.nextGaussian();
            }

            float[] refY = refMlp.forward(refParams, x, batch).clone();
            System.arraycopy(upstream, 0, refMlp.outputGradient(batch), 0, upstream.length);
            float[] refDx = new float[batch * in];
            refMlp.backward(refParams, grads, batch, refDx, false);
            refAdam.update(refParams, grads);

            float[] fusedY = fused.forward(fusedParams, x, batch).clone();
            System.arraycopy(upstream, 0, fused.outputGradient(batch), 0, upstream.length);
            Adam.Step update = fusedAdam.begin(fusedParams, 1e-2);
            float[] fusedDx = new float[batch * in];
            fused.backward(fusedParams, grads, batch, fusedDx, false, update);
            assertThat(update.finish(grads)).isTrue();

            plain.forward(plainParams, x, batch);
            System.arraycopy(upstream, 0, plain.outputGradient(batch), 0, upstream.length);
            float[] plainDx = new float[batch * in];
            plain.backward(plainParams, grads, batch, plainDx, false);
            plainAdam.update(plainParams, grads);

            assertThat(fused.inputWasSparse()).isEqualTo(density < 0.25);
            assertThat(fused.layerWasThin(0)).isEqualTo(silenced > 0 && step > 0);
            assertThat(fusedY).as("output at step %d", step).containsExactly(refY);
            assertThat(fusedDx).as("input gradient, fused, at step %d", step).containsExactly(refDx);
            assertThat(plainDx).as("input gradient at step %d", step).containsExactly(refDx);
            for (float[][] run : new float[][][] {
                    {fusedParams, fusedAdam.firstMoment(), fusedAdam.secondMoment()},
                    {plainParams, plainAdam.firstMoment(), plainAdam.secondMoment()}}) {
                assertThat(transposeFirst(run[0], in, hidden)).as("parameters after step %d", step)
                        .containsExactly(refParams);
                assertThat(transposeFirst(run[1], in, hidden)).containsExactly(refAdam.firstMoment());
                assertThat(transposeFirst(run[2], in, hidden)).containsExactly(refAdam.secondMoment());
            }
        }
    }

    /** A copy of {@code a} whose first (rows, cols) block, at 0, is transposed to (cols, rows). */
    private static float[] transposeFirst(float[] a, int rows, int cols) {
        float[] t = a.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }
}
