package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ElboTest {
    @Test
    void klOfStandardNormalIsZero() {
        assertThat(Elbo.klTerm(0, 0)).isZero();
        assertThat(Elbo.klDivergence(new float[] {0, 0, 0}, new float[] {0, 0, 0}, 3)).isZero();
    }

    @Test
    void klMatchesTheClosedFormForShiftedAndScaledGaussians() {
        // KL(N(1, 1) ‖ N(0, 1)) = ½ μ² = 0.5
        assertThat(Elbo.klTerm(1, 0)).isCloseTo(0.5, within(1e-15));
        // KL(N(0, e²) ‖ N(0, 1)) = ½ (e² − 2 − 1)
        assertThat(Elbo.klTerm(0, 2)).isCloseTo(0.5 * (Math.exp(2) - 3), within(1e-12));
    }

    @Test
    void bceWithLogitsIsTheNegativeBernoulliLogLikelihood() {
        double p = 0.3;
        double logit = Math.log(p / (1 - p));
        assertThat(Elbo.bceWithLogits(logit, 1)).isCloseTo(-Math.log(p), within(1e-12));
        assertThat(Elbo.bceWithLogits(logit, 0)).isCloseTo(-Math.log(1 - p), within(1e-12));
        assertThat(Elbo.bceWithLogits(0, 0.5)).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void bceWithLogitsStaysFiniteForExtremeLogits() {
        assertThat(Elbo.bceWithLogits(1000, 1)).isZero();
        assertThat(Elbo.bceWithLogits(-1000, 1)).isCloseTo(1000, within(1e-9));
        assertThat(Elbo.bceWithLogits(1000, 0)).isCloseTo(1000, within(1e-9));
    }

    @Test
    void gradientsOfTheBatchMeanLossHaveTheClosedForm() {
        float[] logits = {0f, 2f};
        float[] x = {1f, 0f};
        float[] mu = {0.5f};
        float[] logvar = {1f};
        float[] dLogits = new float[2];
        float[] dMu = new float[1];
        float[] dLogvar = new float[1];
        Elbo.gradients(new org.latentatlas.model.Likelihood.Bernoulli(), logits, x, 0, 1, 2, mu, logvar, 1, 2.0, dLogits, dMu, dLogvar);
        assertThat(dLogits[0]).isCloseTo(-0.5f, within(1e-7f));
        assertThat(dLogits[1]).isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-7f));
        assertThat(dMu[0]).isCloseTo(1.0f, within(1e-7f));
        assertThat(dLogvar[0]).isCloseTo((float) (Math.exp(1) - 1), within(1e-6f));
    }

    @Test
    void termsReportTheElboAsMinusReconPlusKlPerExample() {
        Elbo.Terms t = new Elbo.Terms(30, 10, 4).plus(new Elbo.Terms(10, 2, 2));
        assertThat(t.meanRecon()).isCloseTo(40.0 / 6, within(1e-12));
        assertThat(t.meanKl()).isCloseTo(2.0, within(1e-12));
        assertThat(t.meanElbo()).isCloseTo(-52.0 / 6, within(1e-12));
    }
}
