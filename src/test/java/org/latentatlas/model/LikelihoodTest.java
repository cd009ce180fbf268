package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LikelihoodTest {
    @Test
    void bernoulliIsBinaryCrossEntropyWithLogits() {
        Likelihood ber = new Likelihood.Bernoulli();
        double p = 0.3;
        double logit = Math.log(p / (1 - p));
        assertThat(ber.negLogLikelihood(logit, 1)).isCloseTo(-Math.log(p), within(1e-12));
        assertThat(ber.negLogLikelihood(logit, 0)).isCloseTo(-Math.log(1 - p), within(1e-12));
        assertThat(ber.negLogLikelihood(0, 0.5)).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void bernoulliStaysFiniteForExtremeLogits() {
        Likelihood ber = new Likelihood.Bernoulli();
        assertThat(ber.negLogLikelihood(1000, 1)).isZero();
        assertThat(ber.negLogLikelihood(-1000, 1)).isCloseTo(1000, within(1e-9));
        assertThat(ber.negLogLikelihood(1000, 0)).isCloseTo(1000, within(1e-9));
    }

    @Test
    void binomialNegLogPmfMatchesATable() {
        // Binomial(4, p = 0.25): pmf(k) = C(4,k) 0.25^k 0.75^(4-k) = {81, 108, 54, 12, 1} / 256
        Likelihood b = new Likelihood.Binomial(4);
        double logit = Math.log(0.25 / 0.75);
        double[] pmf = {81 / 256.0, 108 / 256.0, 54 / 256.0, 12 / 256.0, 1 / 256.0};
        for (int k = 0; k <= 4; k++) {
            assertThat(b.negLogLikelihood(logit, k / 4.0)).as("k=" + k).isCloseTo(-Math.log(pmf[k]), within(1e-12));
        }
    }

    @Test
    void binomialOfOneTrialIsTheBernoulli() {
        Likelihood bin = new Likelihood.Binomial(1);
        Likelihood ber = new Likelihood.Bernoulli();
        for (double l : new double[] {-3, 0, 0.7, 20}) {
            assertThat(bin.negLogLikelihood(l, 1)).isCloseTo(ber.negLogLikelihood(l, 1), within(1e-12));
            assertThat(bin.negLogLikelihood(l, 0)).isCloseTo(ber.negLogLikelihood(l, 0), within(1e-12));
        }
    }

    @Test
    void gaussianWithUnitSigmaIsHalfSquaredErrorPlusTheLogNormalizer() {
        Likelihood g = new Likelihood.Gaussian(1);
        assertThat(g.negLogLikelihood(0.2, 0.7)).isCloseTo(0.5 * 0.25 + 0.5 * Math.log(2 * Math.PI), within(1e-12));
        assertThat(g.gradient(0.2, 0.7)).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void continuousBernoulliIsANormalizedDensityOnTheUnitInterval() {
        Likelihood cb = new Likelihood.ContinuousBernoulli();
        for (double l : new double[] {-4, -0.3, 0, 1e-4, 2.5}) {
            int n = 20_000;
            double integral = 0;
            double meanIntegral = 0;
            for (int i = 0; i < n; i++) {
                double x = (i + 0.5) / n;
                double density = Math.exp(-cb.negLogLikelihood(l, x));
                integral += density / n;
                meanIntegral += x * density / n;
            }
            assertThat(integral).as("∫p at l=" + l).isCloseTo(1, within(1e-6));
            assertThat(cb.mean(l)).as("mean at l=" + l).isCloseTo(meanIntegral, within(1e-6));
        }
    }

    @Test
    void everyGradientMatchesCentralDifferences() {
        List<Likelihood> all = List.of(new Likelihood.Bernoulli(), new Likelihood.Binomial(16),
                new Likelihood.Gaussian(0.3), new Likelihood.ContinuousBernoulli());
        double h = 1e-6;
        for (Likelihood lik : all) {
            for (double out : new double[] {-2.5, -0.004, 0.0003, 0.8, 3}) {
                for (double x : new double[] {0, 0.25, 1}) {
                    double numeric = (lik.negLogLikelihood(out + h, x) - lik.negLogLikelihood(out - h, x)) / (2 * h);
                    assertThat(lik.gradient(out, x)).as(lik.spec() + " out=" + out + " x=" + x)
                            .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    @Test
    void specsRoundTripAndBadSpecsNameTheValue() {
        for (String spec : List.of("bernoulli", "binomial(16)", "gaussian(0.1)", "continuous-bernoulli")) {
            assertThat(Likelihood.parse(spec).spec()).isEqualTo(spec);
        }
        assertThat(Likelihood.parse(" Binomial( 16 ) ").spec()).isEqualTo("binomial(16)");
        assertThatThrownBy(() -> Likelihood.parse("poisson")).hasMessageContaining("'poisson'")
                .hasMessageContaining("binomial(N)");
        assertThatThrownBy(() -> Likelihood.parse("binomial(0)")).hasMessageContaining("got 0");
        assertThatThrownBy(() -> Likelihood.parse("gaussian(-1)")).hasMessageContaining("-1");
    }

    /** On binary x the Bernoulli is the discrete likelihood itself: a bound to cite, not only to compare with. */
    @Test
    void bernoullisMeaningOnBinaryDataIsATrueBoundWithoutTheGrayscaleCaveat() {
        Likelihood bernoulli = Likelihood.parse("bernoulli");
        assertThat(bernoulli.meaning(true)).contains("true lower bound on log p(x) of the binary data")
                .doesNotContain("grayscale").doesNotContain("not a normalized density");
        assertThat(bernoulli.meaning(false)).isEqualTo(bernoulli.meaning()).contains("on grayscale x it is not a"
                + " normalized density");
        assertThat(Likelihood.parse("gaussian(0.1)").meaning(true)).isEqualTo(Likelihood.parse("gaussian(0.1)").meaning());
    }
}
