package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {
    @Test
    void firstBiasCorrectedStepMovesEachParameterByTheLearningRateAgainstItsGradient() {
        float[] params = {1f, 1f, 1f};
        new Adam(3, 0.1).update(params, new float[] {5f, -0.01f, 0f});
        assertThat(params[0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(params[1]).isCloseTo(1.1f, within(1e-5f));
        assertThat(params[2]).isEqualTo(1f);
    }

    @Test
    void minimizesAQuadratic() {
        float[] w = {3f, -2f};
        Adam adam = new Adam(2, 0.05);
        for (int i = 0; i < 2000; i++) {
            adam.update(w, new float[] {2 * (w[0] - 1), 2 * (w[1] + 1)});
        }
        assertThat(w[0]).isCloseTo(1f, within(1e-2f));
        assertThat(w[1]).isCloseTo(-1f, within(1e-2f));
        assertThat(adam.step()).isEqualTo(2000);
    }

    /**
     * PyTorch 1.13's {@code torch.optim.Adam} (float32) on six weights, a zero and negatives among them, whose
     * gradients change sign and size from step to step, at the defaults and at lr 0.01, betas (0.8, 0.99), eps 1e-6:
     * the weights after 3 and after 10 steps, as this script (Debian's python3-torch, under /usr/bin/python3) prints
     * them. Within two ulps plus 1e-5 of the distance each weight moved, not to the ulp: torch rounds 1 − β₂ to a
     * float from the double, and we take it in float from the float β₂ (0.0009999871 for 0.001), which scales the
     * second moment by 1 − 1.3e-5 and so every step by ~1 + 6.4e-6 at the default β₂.
     * <pre>
     * import torch
     * start = [0.5, -1.25, 0.0, 2.0, -0.03125, 1e-3]
     * base = [0.1, -2.0, 0.5, 1e-3, -0.3, 3.0]
     * sign = [1, -1, 0.5, 2, -0.25, 1, -3, 0.75, -0.5, 1.5]
     * for kw in (dict(lr=1e-3), dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6)):
     *     p = torch.nn.Parameter(torch.tensor(start, dtype=torch.float32))
     *     opt = torch.optim.Adam([p], **kw)
     *     for t in range(10):
     *         p.grad = torch.tensor([b * sign[(t + i) % 10] for i, b in enumerate(base)], dtype=torch.float32)
     *         opt.step()
     *         if t + 1 in (3, 10):
     *             print(kw, t + 1, ", ".join(str(v) + "f" for v in p.detach().numpy()))
     * </pre>
     */
    @Test
    void matchesPyTorchOverSeveralSteps() {
        assertMatchesTorch(new Adam(6, 1e-3),
                new float[] {0.4988779f, -1.2508091f, -0.0024860806f, 1.9977468f, -0.032154202f, 0.00071838277f},
                new float[] {0.49733937f, -1.2500192f, -0.0036168527f, 1.9973819f, -0.03224635f, 0.00026042617f});
        assertMatchesTorch(new Adam(6, 0.01, 0.8, 0.99, 1e-6),
                new float[] {0.48949948f, -1.2566743f, -0.02483616f, 1.9781567f, -0.040423352f, -0.0013385031f},
                new float[] {0.47555396f, -1.2487121f, -0.033644427f, 1.9763323f, -0.03771979f, -0.009719811f});
    }

    /** Runs the script's 10 steps and holds the weights after 3 and 10 to torch's (see above for how close). */
    private static void assertMatchesTorch(Adam adam, float[] afterThree, float[] afterTen) {
        float[] start = {0.5f, -1.25f, 0f, 2f, -0.03125f, 1e-3f};
        double[] base = {0.1, -2.0, 0.5, 1e-3, -0.3, 3.0};
        double[] sign = {1, -1, 0.5, 2, -0.25, 1, -3, 0.75, -0.5, 1.5};
        float[] p = start.clone();
        for (int t = 0; t < 10; t++) {
            float[] g = new float[6];
            for (int i = 0; i < 6; i++) {
                g[i] = (float) (base[i] * sign[(t + i) % 10]); // as Python multiplies, then torch rounds to float
            }
            adam.update(p, g);
            float[] expected = t + 1 == 3 ? afterThree : t + 1 == 10 ? afterTen : null;
            for (int i = 0; expected != null && i < 6; i++) {
                float moved = Math.abs(expected[i] - start[i]);
                assertThat(p[i]).as("weight %d after %d steps", i, t + 1)
                        .isCloseTo(expected[i], within(2 * Math.ulp(expected[i]) + 1e-5f * moved));
            }
        }
    }

    @Test
    void rejectsANonPositiveLearningRate() {
        assertThatThrownBy(() -> new Adam(1, -1)).hasMessageContaining("-1.0");
    }

    @Test
    void updateSaysWhetherEveryGradientAndWeightStayedFinite() {
        assertThat(new Adam(3, 0.1).update(new float[3], new float[] {1f, -2f, 0f})).isTrue();
        assertThat(new Adam(3, 0.1).update(new float[3], new float[] {1f, Float.NaN, 0f})).isFalse();
        assertThat(new Adam(3, 0.1).update(new float[] {0f, 0f, Float.POSITIVE_INFINITY}, new float[3])).isFalse();
    }

    @Test
    void updateLeavesTheGradientsAsTheyWereForTheGuardToName() {
        float[] g = {1f, -2f, 0.5f};
        float[] p = new float[3];
        assertThat(new Adam(3, 0.1).update(p, g, 0.1)).isTrue();
        assertThat(g).containsExactly(1f, -2f, 0.5f); // the next backward pass writes them whole: no clearing
        assertThat(p[0]).isCloseTo(-0.1f, within(1e-6f));
        float[] bad = {1f, Float.NaN, 0.5f};
        assertThat(new Adam(3, 0.1).update(new float[3], bad, 0.1)).isFalse();
        assertThat(bad[1]).isNaN(); // kept, so the divergence guard can name the tensor
    }

    /** 1000 parameters with gradients, as a layer would see them: enough for the vector loops and their tails. */
    private static float[][] problem(long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] p = new float[1000];
        float[] g = new float[1000];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) r.nextGaussian();
            g[i] = (float) r.nextGaussian();
        }
        return new float[][] {p, g};
    }

    @Test
    void weightsClaimedAndAppliedTileByTileEndBitwiseWhereTheWholeUpdateLeavesThem() {
        float[][] a = problem(3);
        float[] plain = a[0].clone();
        float[] fused = a[0].clone();
        float[] grads = a[1];
        Adam plainAdam = new Adam(1000, 0.01);
        Adam fusedAdam = new Adam(1000, 0.01);
        for (int step = 0; step < 3; step++) {
            assertThat(plainAdam.update(plain, grads, 0.01)).isTrue();
            Adam.Step update = fusedAdam.begin(fused, 0.01);
            update.claim(900, 50); // a run of the array, its gradient read in place (claims come in any order)
            update.apply(grads, 900, 0, 900, 0, 1, 50, null, 0);
            // Weights [100, 700) as a (20, 30) matrix, its gradient handed over from a copy in another layout:
            // rows 37 apart, starting at 5, and the rows in two tiles, the second through a row map.
            update.claim(100, 600);
            float[] tile = new float[5 + 20 * 37];
            for (int r = 0; r < 20; r++) {
                System.arraycopy(grads, 100 + r * 30, tile, 5 + r * 37, 30);
            }
            update.apply(tile, 5, 37, 100, 30, 12, 30, null, 0);
            update.apply(tile, 5 + 12 * 37, 37, 100, 30, 8, 30, new int[] {0, 12, 13, 14, 15, 16, 17, 18, 19}, 1);
            assertThat(update.isClaimed(99)).isFalse();
            assertThat(update.isClaimed(100)).isTrue();
            assertThat(update.isClaimed(949)).isTrue();
            assertThat(update.finish(grads)).isTrue();
            assertThat(fused).containsExactly(plain);
            assertThat(fusedAdam.firstMoment()).containsExactly(plainAdam.firstMoment());
            assertThat(fusedAdam.secondMoment()).containsExactly(plainAdam.secondMoment());
        }
        assertThat(fusedAdam.step()).isEqualTo(3);
    }

    @Test
    void aStepNamesTheFirstClaimedWeightWhoseGradientWasNotFinite() {
        float[] p = new float[1000];
        float[] g = new float[1000];
        g[640] = Float.NaN;
        g[620] = Float.POSITIVE_INFINITY;
        Adam.Step update = new Adam(1000, 0.1).begin(p, 0.1);
        update.claim(600, 100);
        update.apply(g, 650, 1, 650, 1, 1, 50, null, 0); // the second half first: threads finish in any order
        update.apply(g, 600, 1, 600, 1, 1, 50, null, 0);
        assertThat(update.finish(new float[1000])).isFalse();
        assertThat(update.firstNonFiniteClaimedGradient()).isEqualTo(620);
    }

    @Test
    void aStepRefusesOverlappingClaimsAndUseOutsideBeginAndFinish() {
        Adam adam = new Adam(10, 0.1);
        Adam.Step update = adam.begin(new float[10], 0.1);
        update.claim(2, 4);
        assertThatThrownBy(() -> update.claim(5, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[5, 7)").hasMessageContaining("[2, 6)");
        assertThatThrownBy(() -> update.claim(8, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[8, 11)").hasMessageContaining("10 parameters");
        assertThatThrownBy(() -> adam.begin(new float[10], 0.1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never finished");
        update.finish(new float[10]);
        assertThatThrownBy(() -> update.finish(new float[10])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Adam.begin");
        assertThatThrownBy(() -> adam.begin(new float[9], 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9");
    }
}
