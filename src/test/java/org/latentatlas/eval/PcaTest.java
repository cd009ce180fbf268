package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;

class PcaTest {
    @Test
    void theFirstComponentFollowsTheDirectionOfLargestSpread() {
        // points spread 10× more along (1, 1, 0)/√2 than along (1, −1, 0)/√2, with a little noise in z
        Rng rng = new Rng(1);
        int n = 500;
        float[] x = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double a = 10 * rng.nextGaussian();
            double b = rng.nextGaussian();
            x[3 * i] = (float) ((a + b) / Math.sqrt(2) + 5);
            x[3 * i + 1] = (float) ((a - b) / Math.sqrt(2));
            x[3 * i + 2] = (float) (0.1 * rng.nextGaussian());
        }
        Pca pca = Pca.fit(x, n, 3, 2);
        double r = 1 / Math.sqrt(2);
        assertThat(pca.components()[0]).containsExactly(new double[] {r, r, 0}, within(0.01));
        assertThat(Math.abs(pca.components()[1][0])).isCloseTo(r, within(0.01));
        assertThat(pca.variances()[0]).isCloseTo(100, within(15.0));
        assertThat(pca.variances()[1]).isCloseTo(1, within(0.2));
        assertThat(pca.mean()[0]).isCloseTo(5, within(1.0));
    }

    @Test
    void projectedCoordinatesHaveTheComponentVariances() {
        Rng rng = new Rng(2);
        int n = 300;
        int d = 6;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((1 + i % d) * rng.nextGaussian());
        }
        Pca pca = Pca.fit(x, n, d, 2);
        float[] y = pca.transform(x, n);
        double[] var = LatentStatistics.meanVariance(y, n, 2);
        assertThat(var[0]).isCloseTo(pca.variances()[0], within(1e-3 * pca.variances()[0]));
        assertThat(var[1]).isCloseTo(pca.variances()[1], within(1e-3 * pca.variances()[1]));
        assertThat(var[0]).isGreaterThanOrEqualTo(var[1]);
    }
}
