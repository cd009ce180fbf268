package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.latentatlas.model.Likelihood;

/** The vectorized loss and optimizer passes against the scalar references they replace. */
class ElementwiseOpsTest {
    private static final Likelihood BERNOULLI = new Likelihood.Bernoulli();

    /** Logits over the whole useful range plus extremes; targets binary and grayscale; ragged lengths. */
    private static float[][] logitsAndTargets(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] l = new float[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = switch (i % 7) {
                case 0 -> 30f * (2 * rng.nextFloat() - 1);
                case 1 -> 1e-6f * (2 * rng.nextFloat() - 1);
                case 2 -> (i % 2 == 0 ? 1 : -1) * (80f + 50 * rng.nextFloat());
                default -> 4f * (float) rng.nextGaussian();
            };
            x[i] = i % 3 == 0 ? rng.nextFloat() : (rng.nextFloat() < 0.3f ? 1f : 0f);
        }
        return new float[][] {l, x};
    }

    @Test
    void bernoulliNllMatchesTheLikelihoodForEveryLengthAndRange() {
        for (int n : new int[] {0, 1, 7, 8, 17, 784, 3 * 784 + 5, 20_000}) {
            float[][] d = logitsAndTargets(n + 3, n);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += BERNOULLI.negLogLikelihood(d[0][i + 3], d[1][i + 1]);
            }
            double actual = ElementwiseOps.bernoulliNll(d[0], 3, d[1], 1, n);
            assertThat(actual).as("n=%d", n).isCloseTo(expected, within(1e-6 * Math.abs(expected) + 1e-6));
        }
    }

    @Test
    void bernoulliNllIsAccurateElementByElement() {
        float[][] d = logitsAndTargets(4096, 11);
        // One element in lane 0; the other lanes hold l = 200, x = 1, whose loss is 0 to float precision.
        float[] l = new float[64];
        float[] x = new float[64];
        java.util.Arrays.fill(l, 200f);
        java.util.Arrays.fill(x, 1f);
        for (int i = 0; i < 4096; i++) {
            l[0] = d[0][i];
            x[0] = d[1][i];
            double expected = BERNOULLI.negLogLikelihood(l[0], x[0]);
            assertThat(ElementwiseOps.bernoulliNll(l, 0, x, 0, 64)).as("l=%s x=%s", l[0], x[0])
                    .isCloseTo(expected, within(3e-7 * Math.abs(expected) + 1e-7));
        }
    }

    @Test
    void bernoulliGradientMatchesTheLikelihood() {
        for (int n : new int[] {1, 9, 784, 5000}) {
            float[][] d = logitsAndTargets(n, 3 + n);
            float[] out = new float[n];
            ElementwiseOps.bernoulliGradient(d[0], d[1], 0, out, n, 0.25f);
            for (int i = 0; i < n; i++) {
                float expected = (float) BERNOULLI.gradient(d[0][i], d[1][i]) * 0.25f;
                assertThat(out[i]).as("l=%s", d[0][i]).isCloseTo(expected, within(2e-7f));
            }
        }
    }

    @Test
    void theFusedBernoulliPassIsBitwiseTheTwoSeparatePasses() {
        // Ragged lengths, one part and several (the parallel parts' partial sums must add up in the same order).
        for (int n : new int[] {0, 1, 7, 8, 17, 1024 + 9, 3 * 784 + 5, 100_352, 100_359}) {
            float[][] d = logitsAndTargets(n, n + 11);
            float[] separate = new float[n];
            float[] fused = new float[n];
            double nll = ElementwiseOps.bernoulliNll(d[0], 0, d[1], 0, n);
            ElementwiseOps.bernoulliGradient(d[0], d[1], 0, separate, n, 1f / 128);
            double both = ElementwiseOps.bernoulliNllAndGradient(d[0], d[1], 0, fused, n, 1f / 128);
            assertThat(both).as("n=%d", n).isEqualTo(nll);
            assertThat(fused).as("n=%d", n).containsExactly(separate);
        }
    }

    @Test
    void logChooseIsLogFactorialsSummedInAscendingOrder() {
        for (int n : new int[] {1, 2, 16, 255, 1000}) {
            for (int k = 0; k <= n; k += Math.max(1, n / 17)) {
                // the definition written out: each log m! its own sum of log i from i = 2 up, from +0
                double expected = logFactorialBySum(n) - logFactorialBySum(k) - logFactorialBySum(n - k);
                assertThat(ElementwiseOps.logChoose(n, k)).as("log C(%d, %d)", n, k).isEqualTo(expected);
            }
        }
        assertThat(ElementwiseOps.logChoose(16, 8)).isCloseTo(Math.log(12_870), within(1e-12));
        assertThat(ElementwiseOps.logChoose(16, 0)).isZero();
    }

    private static double logFactorialBySum(int m) {
        double sum = 0;
        for (int i = 2; i <= m; i++) {
            sum += StrictMath.log(i);
        }
        return sum;
    }

    @Test
    void binomialNllAndGradientMatchTheLikelihood() {
        for (int trials : new int[] {16, 255, 3}) {
            Likelihood binomial = new Likelihood.Binomial(trials);
            for (int n : new int[] {1, 9, 64 * 64 + 3, 40_000}) {
                float[][] d = logitsAndTargets(n, n + trials);
                float[] x = d[1];
                for (int i = 0; i < n; i++) {
                    x[i] = Math.round(x[i] * trials) / (float) trials; // counts out of n, as the datasets store them
                }
                double expected = 0;
                double scale = 0;
                for (int i = 0; i < n; i++) {
                    expected += binomial.negLogLikelihood(d[0][i], x[i]);
                    scale += trials * Math.abs(d[0][i]);
                }
                assertThat(ElementwiseOps.binomialNll(d[0], 0, x, 0, n, trials)).as("n=%d trials=%d", n, trials)
                        .isCloseTo(expected, within(1e-6 * Math.abs(expected) + 1e-7 * scale + 1e-6));
                float[] out = new float[n];
                ElementwiseOps.binomialGradient(d[0], x, 0, out, n, trials, 0.5f);
                for (int i = 0; i < n; i++) {
                    float ref = (float) binomial.gradient(d[0][i], x[i]) * 0.5f;
                    assertThat(out[i]).as("l=%s x=%s", d[0][i], x[i]).isCloseTo(ref, within(4e-7f * trials));
                }
            }
        }
    }

    @Test
    void adamIsBitwiseTheScalarLoop() {
        int n = 1003;
        Rng rng = new Rng(5);
        float[] p1 = new float[n];
        float[] g = new float[n];
        rng.fillGaussian(p1, 0, n);
        float[] p2 = p1.clone();
        float[] m1 = new float[n], v1 = new float[n], m2 = new float[n], v2 = new float[n];
        for (int step = 0; step < 5; step++) {
            rng.fillGaussian(g, 0, n);
            g[step] = step == 0 ? 0f : 1e-20f * step;
            ElementwiseOps.adam(p1, g, m1, v1, new int[] {0, n}, 1, 0.9f, 0.999f, 1e-3f, 0.05f, 1e-8f);
            for (int i = 0; i < n; i++) {
                float mi = 0.9f * m2[i] + (1 - 0.9f) * g[i];
                float vi = 0.999f * v2[i] + (1 - 0.999f) * g[i] * g[i];
                m2[i] = mi;
                v2[i] = vi;
                p2[i] -= 1e-3f * mi / ((float) Math.sqrt(vi) / 0.05f + 1e-8f);
            }
        }
        assertThat(p1).containsExactly(p2);
        assertThat(m1).containsExactly(m2);
        assertThat(v1).containsExactly(v2);
    }

    @Test
    void adamOverRangesUpdatesExactlyThemAcrossPartBoundariesAndLeavesTheGapsAlone() {
        int n = 3 * 4 * ElementwiseOps.PART + 40; // ranges crossing the 4·PART part boundaries, and a scalar tail
        int[] ranges = {3, 10, 100, 4 * ElementwiseOps.PART + 7, 4 * ElementwiseOps.PART + 20,
                        9 * ElementwiseOps.PART, n - 17, n};
        Rng rng = new Rng(11);
        float[] g = new float[n];
        float[] p1 = new float[n];
        rng.fillGaussian(g, 0, n);
        rng.fillGaussian(p1, 0, n);
        float[] p2 = p1.clone();
        float[] m1 = new float[n], v1 = new float[n], m2 = new float[n], v2 = new float[n];
        assertThat(ElementwiseOps.adam(p1, g, m1, v1, ranges, 4, 0.9f, 0.999f, 1e-3f, 0.05f, 1e-8f)).isTrue();
        for (int r = 0; r < 4; r++) {
            for (int i = ranges[2 * r]; i < ranges[2 * r + 1]; i++) {
                float mi = 0.9f * m2[i] + (1 - 0.9f) * g[i];
                float vi = 0.999f * v2[i] + (1 - 0.999f) * g[i] * g[i];
                m2[i] = mi;
                v2[i] = vi;
                p2[i] -= 1e-3f * mi / ((float) Math.sqrt(vi) / 0.05f + 1e-8f);
            }
        }
        assertThat(java.util.Arrays.mismatch(p1, p2)).as("first parameter that differs").isEqualTo(-1);
        assertThat(java.util.Arrays.mismatch(m1, m2)).isEqualTo(-1);
        assertThat(java.util.Arrays.mismatch(v1, v2)).isEqualTo(-1);
        assertThat(p1[0]).isEqualTo(p2[0]);
        assertThat(m1[10]).isZero(); // between ranges: untouched
        assertThat(m1[4 * ElementwiseOps.PART + 10]).isZero();
        assertThat(m1[n - 18]).isZero();
        assertThat(m1[n - 17]).isNotZero();
    }

    @Test
    void adamReportsANonFiniteGradientOrWeightWhereverItSits() {
        int n = 2 * 4 * ElementwiseOps.PART + 13; // several parts and a scalar tail
        int[] places = {0, 5, 4 * ElementwiseOps.PART + 8, n - 14, n - 1};
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int place : places) {
            for (float b : bad) {
                float[] g = new float[n];
                g[place] = b;
                assertThat(adam(new float[n], g, 1e-3f)).as("gradient %s at %d", b, place).isFalse();
            }
            float[] p = new float[n];
            p[place] = -Float.MAX_VALUE;
            float[] g = new float[n];
            g[place] = 1f; // a finite gradient whose step pushes the weight past -MAX_VALUE
            assertThat(adam(p, g, 1e38f)).as("weight overflow at %d", place).isFalse();
            assertThat(p[place]).isEqualTo(Float.NEGATIVE_INFINITY);
        }
        Rng rng = new Rng(9);
        float[] g = new float[n];
        rng.fillGaussian(g, 0, n);
        assertThat(adam(new float[n], g, 1e-3f)).as("all finite").isTrue();
    }

    private static boolean adam(float[] params, float[] grads, float stepSize) {
        int n = params.length;
        return ElementwiseOps.adam(params, grads, new float[n], new float[n], new int[] {0, n}, 1, 0.9f, 0.999f,
                stepSize, 0.05f, 1e-8f);
    }
}
