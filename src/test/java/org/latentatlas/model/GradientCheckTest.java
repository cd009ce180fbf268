package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latentatlas.model.TensorChecks.maxRelativeError;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;
import org.latentatlas.train.Elbo;

/**
 * Gradients are checked in two links. (1) A double-precision reference of the whole ELBO agrees with central
 * differences to a relative error below 1e-4 on every tensor of every layer. (2) The float model's analytic
 * gradients agree with that reference, tensor by tensor. Float central differences alone cannot reach 1e-4,
 * which is why the chain goes through double.
 */
class GradientCheckTest {
    private static final VaeConfig CONFIG =
            new VaeConfig(6, 2, 3, List.of(5, 4), 3, List.of(4, 5), "bernoulli", "relu");
    private static final int BATCH = 3;
    private static final double BETA = 1.5;

    private final Rng rng = new Rng(7);
    private final double[] x = uniform(BATCH * CONFIG.inputDim(), 0, 1);
    private final double[] eps = gaussian(BATCH * CONFIG.latentDim());
    private final double[] params = floatRounded(uniform(CONFIG.parameterCount(), -0.6, 0.6));

    @Test
    void elboGradientsOfEveryLayerMatchCentralDifferencesInDouble() {
        DoubleReferenceVae ref = new DoubleReferenceVae(CONFIG);
        double[] analytic = new double[params.length];
        ref.loss(params, x, eps, BATCH, BETA, analytic);
        double h = 1e-5;
        double[] numeric = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            double saved = params[i];
            params[i] = saved + h;
            double plus = ref.loss(params, x, eps, BATCH, BETA, null);
            params[i] = saved - h;
            double minus = ref.loss(params, x, eps, BATCH, BETA, null);
            params[i] = saved;
            numeric[i] = (plus - minus) / (2 * h);
        }
        forEachTensor((name, from, to) ->
                assertThat(maxRelativeError(analytic, numeric, from, to)).as(name).isLessThan(1e-4));
    }

    @Test
    void floatVaeGradientsOfEveryLayerMatchTheDoubleReference() {
        double[] reference = new double[params.length];
        new DoubleReferenceVae(CONFIG).loss(params, x, eps, BATCH, BETA, reference);

        // The reference reads every tensor in the file's order, the model keeps the data layer's weight input-major.
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        float[] p = layout.toMemoryOrder(toFloat(params));
        float[] xf = toFloat(x);
        Vae vae = new Vae(CONFIG, p);
        float[] grads = new float[p.length];
        int n = BATCH * CONFIG.latentDim();
        float[] dMu = new float[n];
        float[] dLogvar = new float[n];
        Vae.Pass pass = vae.forward(xf, toFloat(eps), BATCH);
        Elbo.gradients(vae.likelihood(), pass.logits(), xf, 0, BATCH, CONFIG.inputDim(), pass.mu(), pass.logvar(),
                CONFIG.latentDim(), BETA, vae.logitsGradient(BATCH), dMu, dLogvar);
        vae.backward(grads, dMu, dLogvar, BATCH);

        double[] actual = toDouble(layout.toFileOrder(grads));
        forEachTensor((name, from, to) ->
                assertThat(maxRelativeError(actual, reference, from, to)).as(name).isLessThan(1e-4));
    }

    /** The direct terms are read, never added into: the same arrays give the same gradients a second time. */
    @Test
    void backwardLeavesTheDirectTermsItIsGivenAsTheyWere() {
        Vae vae = new Vae(CONFIG, ParameterLayout.of(CONFIG).toMemoryOrder(toFloat(params)));
        int n = BATCH * CONFIG.latentDim();
        float[] dMu = toFloat(gaussian(n));
        float[] dLogvar = toFloat(gaussian(n));
        float[] dMuGiven = dMu.clone();
        float[] dLogvarGiven = dLogvar.clone();
        float[] first = new float[vae.parameters().length];
        float[] second = new float[vae.parameters().length];
        for (float[] grads : new float[][] {first, second}) {
            vae.forward(toFloat(x), toFloat(eps), BATCH);
            Arrays.fill(vae.logitsGradient(BATCH), 0.25f);
            vae.backward(grads, dMu, dLogvar, BATCH);
        }
        assertThat(dMu).containsExactly(dMuGiven);
        assertThat(dLogvar).containsExactly(dLogvarGiven);
        assertThat(second).containsExactly(first);
    }

    @Test
    void linearLayerGradientsMatchCentralDifferences() {
        // L = Σ r ⊙ y is linear in W, b and x, so central differences are exact up to float rounding of y.
        int in = 7;
        int out = 5;
        int batch = 4;
        float[] p = toFloat(uniform(in * out + out, -1, 1));
        float[] xf = toFloat(uniform(batch * in, -1, 1));
        float[] r = toFloat(uniform(batch * out, -1, 1));
        Linear layer = new Linear("l", in, out, 0);
        float[] grads = new float[p.length];
        float[] dx = new float[batch * in];
        layer.backward(p, grads, xf, r, batch, dx, false);

        float h = 1f / 64; // a power of two: w ± h is exact in float
        double[] numericParams = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            numericParams[i] = centralDifference(p, i, h, () -> weightedSum(layer, p, xf, r, batch));
        }
        double[] numericInputs = new double[xf.length];
        for (int i = 0; i < xf.length; i++) {
            numericInputs[i] = centralDifference(xf, i, h, () -> weightedSum(layer, p, xf, r, batch));
        }
        assertThat(maxRelativeError(toDouble(grads), numericParams, 0, in * out)).as("weight").isLessThan(1e-4);
        assertThat(maxRelativeError(toDouble(grads), numericParams, in * out, p.length)).as("bias").isLessThan(1e-4);
        assertThat(maxRelativeError(toDouble(dx), numericInputs, 0, dx.length)).as("input").isLessThan(1e-4);
    }

    private static double centralDifference(float[] v, int i, float h, java.util.function.DoubleSupplier loss) {
        float saved = v[i];
        v[i] = saved + h;
        double plus = loss.getAsDouble();
        v[i] = saved - h;
        double minus = loss.getAsDouble();
        v[i] = saved;
        return (plus - minus) / (2 * h);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void reluPassesGradientOnlyWhereItsOutputIsPositive() {
        float[] y = {-2f, 0f, 3f, 0.5f};
        Relu.forward(y, 4);
        assertThat(y).containsExactly(0f, 0f, 3f, 0.5f);
        float[] dy = {1f, 1f, 1f, -2f};
        Relu.backward(y, dy, 4);
        assertThat(dy).containsExactly(0f, 0f, 1f, -2f);
    }

    private static double weightedSum(Linear layer, float[] p, float[] x, float[] r, int batch) {
        float[] y = new float[batch * layer.out()];
        layer.forward(p, x, batch, y);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * r[i];
        }
        return sum;
    }

    private static void forEachTensor(TensorChecks.TensorCheck check) {
        TensorChecks.forEachTensor(CONFIG, check);
    }

    private double[] uniform(int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return v;
    }

    private double[] gaussian(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double[] floatRounded(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) v[i];
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
