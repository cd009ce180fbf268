package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;

class ReparameterizeTest {
    @Test
    void zIsMuPlusSigmaTimesEpsilonElementByElementWhereverTheWorkIsSplit() {
        for (int n : new int[] {1, 7, 1023, 1024, 2560, 4099}) { // inline below 1,024 values, split over the pool above
            Rng rng = new Rng(n);
            float[] mu = new float[n];
            float[] logvar = new float[n];
            float[] eps = new float[n];
            rng.fillGaussian(mu, 0, n);
            rng.fillGaussian(logvar, 0, n);
            rng.fillGaussian(eps, 0, n);
            float[] z = new float[n];
            float[] sigma = new float[n];
            Vae.reparameterize(mu, logvar, eps, z, sigma, n);
            for (int i = 0; i < n; i++) {
                float s = (float) Math.exp(0.5 * logvar[i]);
                assertThat(sigma[i]).as("σ[%d] of %d", i, n).isEqualTo(s);
                assertThat(z[i]).as("z[%d] of %d", i, n).isEqualTo(mu[i] + s * eps[i]);
            }
            float[] zAlone = new float[n];
            Vae.reparameterize(mu, logvar, eps, zAlone, null, n); // σ not asked for
            assertThat(zAlone).containsExactly(z);
        }
    }
}
