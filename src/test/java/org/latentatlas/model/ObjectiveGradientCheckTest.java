package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latentatlas.model.TensorChecks.maxRelativeError;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.latentatlas.math.Rng;
import org.latentatlas.train.BatchLoss;

/**
 * The new pieces of the model and the objectives checked as {@link GradientCheckTest} checks the base VAE:
 * the double reference against central differences, then the float model against the reference, tensor by
 * tensor, to a relative error below 1e-4. Covered: every activation, learned σ (global and per pixel), and the
 * IWAE bound with k = 3.
 */
class ObjectiveGradientCheckTest {
    private static final int BATCH = 3;
    private static final int K = 3;
    private static final double BETA = 1.5;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tanh", "bernoulli", false),
                Arguments.of("silu", "bernoulli", false),
                Arguments.of("gelu", "binomial(16)", false),
                Arguments.of("relu", "gaussian(learned)", false),
                Arguments.of("silu", "gaussian(learned-pixel)", false),
                Arguments.of("relu", "bernoulli", true),
                Arguments.of("gelu", "gaussian(learned-pixel)", true));
    }

    @ParameterizedTest(name = "{0} {1} iwae={2}: reference matches central differences")
    @MethodSource("cases")
    void referenceGradientsMatchCentralDifferences(String activation, String likelihood, boolean iwae) {
        Fixture f = new Fixture(activation, likelihood, iwae);
        double[] analytic = new double[f.params.length];
        f.referenceLoss(analytic);
        double h = 1e-5;
        double[] numeric = new double[f.params.length];
        for (int i = 0; i < f.params.length; i++) {
            double saved = f.params[i];
            f.params[i] = saved + h;
            double plus = f.referenceLoss(null);
            f.params[i] = saved - h;
            double minus = f.referenceLoss(null);
            f.params[i] = saved;
            numeric[i] = (plus - minus) / (2 * h);
        }
        f.forEachTensor((name, from, to) ->
                assertThat(maxRelativeError(analytic, numeric, from, to)).as(name).isLessThan(1e-4));
    }

    @ParameterizedTest(name = "{0} {1} iwae={2}: float model matches the reference")
    @MethodSource("cases")
    void floatGradientsMatchTheDoubleReference(String activation, String likelihood, boolean iwae) {
        Fixture f = new Fixture(activation, likelihood, iwae);
        double[] reference = new double[f.params.length];
        double refLoss = f.referenceLoss(reference);

        // The reference reads every tensor in the file's order, the model keeps the data layer's weight input-major.
        ParameterLayout layout = ParameterLayout.of(f.config);
        Vae vae = new Vae(f.config, layout.toMemoryOrder(toFloat(f.params)));
        float[] grads = new float[vae.parameters().length];
        BatchLoss.Result r;
        if (iwae) {
            float[] xk = new float[BATCH * K * f.config.inputDim()];
            for (int row = 0; row < BATCH * K; row++) {
                for (int d = 0; d < f.config.inputDim(); d++) {
                    xk[row * f.config.inputDim() + d] = (float) f.x[(row / K) * f.config.inputDim() + d];
                }
            }
            r = new BatchLoss().iwae(vae, xk, toFloat(f.eps), BATCH, K, grads);
        } else {
            r = new BatchLoss().elbo(vae, toFloat(f.x), toFloat(f.eps), BATCH, BETA, 0, grads);
        }
        assertThat(r.loss()).isCloseTo(refLoss, org.assertj.core.api.Assertions.within(1e-4 * Math.abs(refLoss)));
        float[] fileOrder = layout.toFileOrder(grads);
        double[] actual = new double[fileOrder.length];
        for (int i = 0; i < fileOrder.length; i++) {
            actual[i] = fileOrder[i];
        }
        f.forEachTensor((name, from, to) ->
                assertThat(maxRelativeError(actual, reference, from, to)).as(name).isLessThan(1e-4));
    }

    private static final class Fixture {
        final VaeConfig config;
        final boolean iwae;
        final double[] x;
        final double[] eps;
        final double[] params;
        final DoubleReferenceVae ref;

        Fixture(String activation, String likelihood, boolean iwae) {
            config = new VaeConfig(6, 2, 3, List.of(5, 4), 3, List.of(4, 5), likelihood, activation);
            this.iwae = iwae;
            Rng rng = new Rng(11);
            x = new double[BATCH * 6];
            for (int i = 0; i < x.length; i++) {
                // counts out of 16, so the Binomial case sees the data it models
                x[i] = (float) (Math.round(16 * rng.nextDouble()) / 16.0);
            }
            eps = new double[(iwae ? BATCH * K : BATCH) * 3];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = (float) rng.nextGaussian();
            }
            params = new double[config.parameterCount()];
            for (int i = 0; i < params.length; i++) {
                params[i] = (float) (-0.6 + 1.2 * rng.nextDouble());
            }
            ref = new DoubleReferenceVae(config);
        }

        double referenceLoss(double[] grads) {
            return iwae ? ref.iwae(params, x, eps, BATCH, K, grads) : ref.loss(params, x, eps, BATCH, BETA, grads);
        }

        void forEachTensor(TensorChecks.TensorCheck check) {
            assertThat(TensorChecks.forEachTensor(config, check)).isEqualTo(params.length);
        }
    }


    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
