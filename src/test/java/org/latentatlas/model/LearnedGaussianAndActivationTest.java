package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;

/** Closed forms of the learned-σ Gaussian and of the activations; where their tensors live. */
class LearnedGaussianAndActivationTest {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    @Test
    void learnedGaussianScoresWithTheSigmaStoredInTheModel() {
        float[] p = {(float) Math.log(0.5)};
        Likelihood lik = Likelihood.parse("gaussian(learned)").bind(p, 0);
        double s = p[0]; // the float log σ actually stored
        double r = (0.3 - 0.1) / Math.exp(s);
        assertThat(lik.negLogLikelihood(4, 0.1, 0.3)).isCloseTo(0.5 * r * r + s + HALF_LOG_2PI, within(1e-12));
        assertThat(lik.gradient(4, 0.1, 0.3)).isCloseTo((0.1 - 0.3) / Math.exp(2 * s), within(1e-12));
        float[] g = new float[1];
        lik.accumulateLearnedGradient(4, 0.1, 0.3, 1, g, 0);
        assertThat(g[0]).isCloseTo((float) (1 - r * r), within(1e-6f)); // d/ds [½r²e^{−2s} + s]
    }

    @Test
    void learnedGaussianAtSigmaOneIsTheUnitGaussian() {
        Likelihood lik = Likelihood.parse("gaussian(learned-pixel)").bind(new float[] {0f, 0f, 0f}, 0);
        assertThat(lik.negLogLikelihood(2, 0.25, 0.75)).isCloseTo(0.125 + HALF_LOG_2PI, within(1e-12));
    }

    @Test
    void perPixelSigmaReadsItsOwnPixelAndSigmaIsFlooredWithoutGradient() {
        float[] p = {0f, -20f};
        Likelihood lik = Likelihood.parse("gaussian(learned-pixel)").bind(p, 0);
        double floor = Math.log(Likelihood.LearnedGaussian.MIN_SIGMA);
        assertThat(lik.negLogLikelihood(1, 0.5, 0.5)).isCloseTo(floor + HALF_LOG_2PI, within(1e-12));
        assertThat(lik.negLogLikelihood(0, 0.5, 0.5)).isCloseTo(HALF_LOG_2PI, within(1e-12));
        float[] g = new float[2];
        lik.accumulateLearnedGradient(1, 0.5, 0.5, 1, g, 0);
        assertThat(g[1]).isZero();
    }

    @Test
    void learnedSigmaIsATensorOfTheModelFileAfterTheLinears() {
        VaeConfig global = new VaeConfig(6, 2, 3, List.of(4), 2, List.of(4), "gaussian(learned)", "relu");
        VaeConfig perPixel = new VaeConfig(6, 2, 3, List.of(4), 2, List.of(4), "gaussian(learned-pixel)", "relu");
        assertThat(global.tensorShapes()).containsKey("likelihood.logsigma");
        assertThat(global.tensorShapes().get("likelihood.logsigma")).containsExactly(1);
        assertThat(perPixel.tensorShapes().get("likelihood.logsigma")).containsExactly(6);
        ParameterLayout layout = ParameterLayout.of(perPixel);
        assertThat(layout.slot("likelihood.logsigma").end()).isEqualTo(layout.size());
        Vae vae = Vae.initialize(perPixel, new Rng(1));
        for (int i = layout.offset("likelihood.logsigma"); i < layout.size(); i++) {
            assertThat(vae.parameters()[i]).isZero(); // σ starts at 1
        }
        assertThat(Likelihood.parse("gaussian(learned)").meaning()).contains("learned").contains("nats");
    }

    @Test
    void activationsHaveTheirClosedFormsAndDerivativesMatchCentralDifferences() {
        assertThat(Activation.GELU.apply(0)).isZero();
        assertThat(Activation.SILU.apply(0)).isZero();
        assertThat(Activation.SILU.apply(2)).isCloseTo(2 / (1 + Math.exp(-2)), within(1e-15));
        assertThat(Activation.GELU.apply(1)).isCloseTo(0.8411919906082768, within(1e-12)); // torch tanh-GELU(1)
        assertThat(Activation.TANH.apply(0.5)).isEqualTo(Math.tanh(0.5));
        for (Activation a : Activation.values()) {
            for (double v : new double[] {-3, -0.7, 0.3, 1.1, 4}) {
                double h = 1e-6;
                double numeric = (a.apply(v + h) - a.apply(v - h)) / (2 * h);
                assertThat(a.derivative(v)).as(a + " at " + v).isCloseTo(numeric, within(1e-7));
            }
        }
    }

    @Test
    void floatActivationForwardAndBackwardAgreeWithTheDoubleForms() {
        for (Activation a : Activation.values()) {
            float[] pre = {-2f, -0.5f, 0.25f, 3f};
            float[] out = new float[4];
            a.forward(pre, out, 4);
            float[] dy = {1f, 1f, 1f, 1f};
            a.backward(pre, out, dy, 4);
            for (int i = 0; i < 4; i++) {
                assertThat((double) out[i]).isCloseTo(a.apply(pre[i]), within(1e-6));
                assertThat((double) dy[i]).isCloseTo(a.derivative(pre[i]), within(1e-6));
            }
        }
    }

    @Test
    void unknownActivationIsRejectedNamingIt() {
        assertThatThrownBy(() -> new VaeConfig(6, 2, 3, List.of(4), 2, List.of(4), "bernoulli", "softsign"))
                .hasMessageContaining("softsign").hasMessageContaining("gelu");
    }
}
