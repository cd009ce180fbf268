package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;

class DiagonalGaussianTest {
    @Test
    void klOfStandardNormalIsZero() {
        assertThat(DiagonalGaussian.klToStandardNormal(0, 0)).isZero();
        assertThat(DiagonalGaussian.klToStandardNormal(new float[] {0, 0, 0}, new float[] {0, 0, 0}, 0, 3)).isZero();
    }

    @Test
    void klMatchesTheClosedFormForShiftedAndScaledGaussians() {
        // KL(N(1, 1) ‖ N(0, 1)) = ½ μ² = 0.5
        assertThat(DiagonalGaussian.klToStandardNormal(1, 0)).isCloseTo(0.5, within(1e-15));
        // KL(N(0, e²) ‖ N(0, 1)) = ½ (e² − 2 − 1)
        assertThat(DiagonalGaussian.klToStandardNormal(0, 2)).isCloseTo(0.5 * (Math.exp(2) - 3), within(1e-12));
    }

    @Test
    void anExamplesKlSumsItsOwnRowOnly() {
        float[] mu = {1, 0, 3, 2};     // (2, 2)
        float[] logvar = {0, 2, 0, 0}; // (2, 2)
        assertThat(DiagonalGaussian.klToStandardNormal(mu, logvar, 0, 2))
                .isCloseTo(0.5 + 0.5 * (Math.exp(2) - 3), within(1e-12));
        assertThat(DiagonalGaussian.klToStandardNormal(mu, logvar, 2, 4)).isCloseTo(0.5 * 9 + 0.5 * 4, within(1e-12));
        assertThat(DiagonalGaussian.klToStandardNormal(mu, logvar, 1, 1)).isZero();
    }

    @Test
    void theKlsGradientIsMuAndHalfOfVarianceMinusOne() {
        // the derivatives train.Elbo.klGradients scales by β / batch, against central differences
        double h = 1e-6;
        for (double[] at : new double[][] {{0.5, 1}, {-1.3, -2}, {0, 0}, {2, 0.3}}) {
            double mu = at[0];
            double logvar = at[1];
            double dMu = (DiagonalGaussian.klToStandardNormal(mu + h, logvar)
                    - DiagonalGaussian.klToStandardNormal(mu - h, logvar)) / (2 * h);
            double dLogvar = (DiagonalGaussian.klToStandardNormal(mu, logvar + h)
                    - DiagonalGaussian.klToStandardNormal(mu, logvar - h)) / (2 * h);
            assertThat(dMu).as("dKL/dμ at %s", java.util.Arrays.toString(at)).isCloseTo(mu, within(1e-8));
            assertThat(dLogvar).as("dKL/dlogσ² at %s", java.util.Arrays.toString(at))
                    .isCloseTo(0.5 * (Math.exp(logvar) - 1), within(1e-8));
        }
    }

    @Test
    void theKlFromSharedVariancesIsBitwiseTheDirectOne() {
        int n = 3001; // past the size at which the exponentials are split over the pool
        Rng rng = new Rng(9);
        float[] mu = new float[n];
        float[] logvar = new float[n];
        rng.fillGaussian(mu, 0, n);
        rng.fillGaussian(logvar, 0, n);
        double[] variance = DiagonalGaussian.variances(logvar, n, new double[n]);
        for (int i = 0; i < n; i++) {
            assertThat(variance[i]).isEqualTo(StrictMath.exp(logvar[i]));
            assertThat(DiagonalGaussian.klToStandardNormal(mu[i], logvar[i], variance[i]))
                    .isEqualTo(DiagonalGaussian.klToStandardNormal(mu[i], logvar[i]));
        }
    }

    @Test
    void sigmaIsTheSquareRootOfTheVariance() {
        for (double logvar : new double[] {-6, -1, 0, 0.7, 3}) {
            double sigma = DiagonalGaussian.sigma(logvar);
            assertThat(sigma * sigma).as("σ² at logσ² %s", logvar)
                    .isCloseTo(DiagonalGaussian.variance(logvar), within(1e-12 * DiagonalGaussian.variance(logvar)));
        }
    }

    @Test
    void logPriorOverPosteriorIsTheDifferenceOfTheTwoLogDensitiesAtZ() {
        Rng rng = new Rng(4);
        for (int i = 0; i < 200; i++) {
            float mu = 2 * rng.nextFloat() - 1;
            float logvar = 4 * rng.nextFloat() - 2;
            float eps = (float) rng.nextGaussian();
            float z = mu + (float) DiagonalGaussian.sigma(logvar) * eps;
            // z's ε as z itself gives it: μ + σε rounded to float is not exactly μ + σε
            double sigma = Math.exp(0.5 * logvar);
            double logPrior = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
            double logPosterior = -0.5 * Math.pow((z - mu) / sigma, 2) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
            assertThat(DiagonalGaussian.logPriorOverPosterior(z, eps, logvar))
                    .as("z %s, μ %s, logσ² %s, ε %s", z, mu, logvar, eps)
                    .isCloseTo(logPrior - logPosterior, within(1e-5));
        }
    }
}
