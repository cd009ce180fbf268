package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;

/** Binarization draws x ~ Bernoulli(p) as [u < p], one uniform u per pixel from the seeded stream. */
class BinarizationTest {
    /** Pixels that probe the comparison's edges: 0, 1, the smallest floats, and values a 24-bit u can equal. */
    private static float[] edgyPixels(int n) {
        float[] x = new float[n];
        float[] edges = {0f, 1f, Float.MIN_VALUE, Float.MIN_NORMAL, 0x1.0p-24f, 0.5f, 1f - 0x1.0p-24f, 0x1.0p-25f};
        Rng r = new Rng(3);
        for (int i = 0; i < n; i++) {
            x[i] = i % 3 == 0 ? edges[i % edges.length] : i % 3 == 1 ? r.nextFloat() : (r.nextLong() >>> 40) * 0x1.0p-24f;
        }
        return x;
    }

    @Test
    void eachPixelIsOneExactlyWhenItsUniformIsBelowIt() {
        float[] x = edgyPixels(200_000);
        Rng preview = new Rng(11); // the very uniforms sample will draw: every fifth pixel equals its own u
        for (int i = 0; i < x.length; i++) {
            float u = preview.nextFloat();
            if (i % 5 == 0) {
                x[i] = u;
            }
        }
        float[] expected = x.clone();
        Rng reference = new Rng(11);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = reference.nextFloat() < expected[i] ? 1f : 0f;
        }
        Binarization.sample(x, 0, x.length, new Rng(11));
        assertThat(x).isEqualTo(expected);
    }

    @Test
    void onlyTheGivenRangeIsTouchedAndTheRateFollowsThePixel() {
        float[] x = new float[100_002];
        java.util.Arrays.fill(x, 0.3f);
        Binarization.sample(x, 1, 100_000, new Rng(5));
        assertThat(x[0]).isEqualTo(0.3f);
        assertThat(x[100_001]).isEqualTo(0.3f);
        double ones = 0;
        for (int i = 1; i <= 100_000; i++) {
            assertThat(x[i]).isIn(0f, 1f);
            ones += x[i];
        }
        assertThat(ones / 100_000).isBetween(0.295, 0.305); // 0.3 ± 3.5 standard errors
    }

    @Test
    void aBadSpecNamesTheChoices() {
        assertThatThrownBy(() -> Binarization.parse("sometimes")).hasMessageContaining("none, static or dynamic")
                .hasMessageContaining("sometimes");
    }

    @Test
    void aBinarizedSubsetKeepsTheNameOfTheSetItWasCutFrom() {
        Dataset digits = new Dataset("digits", 1, 2, new float[] {0.2f, 0.9f, 0.4f, 0.1f}, new int[] {0, 1},
                List.of("0", "1"), 17, "sha");
        Dataset firstOne = digits.subset(new int[] {0}, " (first 1)");
        Dataset binarized = Binarization.binarized(firstOne, new Rng(5));
        assertThat(binarized.name()).isEqualTo("digits (first 1)");
        assertThat(binarized.baseName()).isEqualTo("digits"); // what figures word its classes by ("digit 0")
        assertThat(binarized.levels()).isEqualTo(1);
    }
}
