package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.latentatlas.model.DiagonalGaussian;

class ElboTest {
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
    void aReconstructionSumOfPartOfAnExampleIsRefused() {
        // a per-pixel σ is read at pixel i mod dim: 5 values of 3-pixel examples would number the last two wrong
        org.latentatlas.model.Likelihood lik = org.latentatlas.model.Likelihood.parse("gaussian(learned-pixel)")
                .bind(new float[] {0f, 0.5f, -0.5f}, 0);
        float[] values = new float[6]; // (2, 3)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Elbo.reconstruction(lik, values, 0, values, 0, 5, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a reconstruction sum needs whole examples of dim 3 pixels (dim > 0), got 5 values");
        assertThat(Elbo.reconstruction(lik, values, 0, values, 0, 6, 3))
                .isCloseTo(2 * Elbo.reconstruction(lik, values, 0, values, 0, 3, 3), within(1e-12));
    }

    @Test
    void theReconstructionAndItsGradientInOnePassAreBitwiseTheSeparateOnes() {
        int batch = 37;
        int dim = 61; // 2,257 values: several vector blocks and a ragged tail
        org.latentatlas.math.Rng rng = new org.latentatlas.math.Rng(6);
        float[] logits = new float[batch * dim];
        float[] x = new float[batch * dim];
        rng.fillGaussian(logits, 0, logits.length);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(16 * rng.nextFloat()) / 16f; // a grayscale a Binomial(16) reads as whole counts
        }
        for (String spec : new String[] {"bernoulli", "binomial(16)", "gaussian(0.1)"}) {
            org.latentatlas.model.Likelihood lik = org.latentatlas.model.Likelihood.parse(spec);
            float[] separate = new float[batch * dim];
            float[] fused = new float[batch * dim];
            double recon = Elbo.reconstruction(lik, logits, 0, x, 0, batch * dim, dim);
            Elbo.gradients(lik, logits, x, 0, batch, dim, new float[0], new float[0], 0, 1.0, separate, new float[0],
                    new float[0]);
            assertThat(Elbo.reconstructionAndGradient(lik, logits, x, batch, dim, fused)).as(spec).isEqualTo(recon);
            assertThat(fused).as(spec).containsExactly(separate);
        }
    }

    @Test
    void theKlGradientFromSharedVariancesIsBitwiseTheDirectOne() {
        int n = 3001; // past the size at which the exponentials are split over the pool
        org.latentatlas.math.Rng rng = new org.latentatlas.math.Rng(9);
        float[] mu = new float[n];
        float[] logvar = new float[n];
        rng.fillGaussian(mu, 0, n);
        rng.fillGaussian(logvar, 0, n);
        double[] variance = DiagonalGaussian.variances(logvar, n, new double[n]);
        float[] dMu = new float[n];
        float[] dLogvar = new float[n];
        Elbo.klGradients(mu, variance, n, 1, 0.7, dMu, dLogvar);
        float[] directDMu = new float[n];
        float[] directDLogvar = new float[n];
        Elbo.gradients(new org.latentatlas.model.Likelihood.Bernoulli(), new float[0], new float[0], 0, n, 0, mu,
                logvar, 1, 0.7, new float[0], directDMu, directDLogvar);
        for (int i = 0; i < n; i++) {
            // the gradient from its own exponential, rounded to float: sharing σ² must not change a bit
            assertThat(dLogvar[i]).isEqualTo((float) (0.7 / n) * 0.5f * ((float) StrictMath.exp(logvar[i]) - 1f));
        }
        assertThat(dMu).containsExactly(directDMu);
        assertThat(dLogvar).containsExactly(directDLogvar);
    }

    @Test
    void termsReportTheElboAsMinusReconPlusKlPerExample() {
        Elbo.Terms t = new Elbo.Terms(30, 10, 4).plus(new Elbo.Terms(10, 2, 2));
        assertThat(t.meanRecon()).isCloseTo(40.0 / 6, within(1e-12));
        assertThat(t.meanKl()).isCloseTo(2.0, within(1e-12));
        assertThat(t.meanElbo()).isCloseTo(-52.0 / 6, within(1e-12));
    }
}
