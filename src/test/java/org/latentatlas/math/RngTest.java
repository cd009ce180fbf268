package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedGivesTheSameStream() {
        Rng a = new Rng(123);
        Rng b = new Rng(123);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextLong()).isEqualTo(b.nextLong());
        }
    }

    @Test
    void restoredStateContinuesTheStreamExactly() {
        Rng a = new Rng(9);
        a.nextGaussian(); // leaves a spare Gaussian in the state
        Rng b = Rng.fromState(a.state());
        for (int i = 0; i < 50; i++) {
            assertThat(b.nextGaussian()).isEqualTo(a.nextGaussian());
        }
    }

    @Test
    void fillGaussianGivesTheValuesAndStateOfNextGaussianCalls() {
        // Lengths around the parallel threshold (pairs of logarithms), odd and even, with and without a spare pending,
        // and past 8,192 pairs (fillGaussian draws its pairs a block at a time).
        int big = 2 * Parallel.PARALLEL_MIN_EXPS;
        for (int length : new int[] {0, 1, 2, 3, big - 1, big, big + 1, 5 * big + 3, 40_001}) {
            for (boolean spareFirst : new boolean[] {false, true}) {
                Rng filled = new Rng(77);
                Rng called = new Rng(77);
                if (spareFirst) {
                    filled.nextGaussian();
                    called.nextGaussian();
                }
                float[] out = new float[length + 2];
                filled.fillGaussian(out, 1, length);
                for (int i = 0; i < length; i++) {
                    assertThat(out[1 + i]).as("length %d, value %d", length, i).isEqualTo((float) called.nextGaussian());
                }
                assertThat(out[0]).isZero();
                assertThat(out[length + 1]).isZero();
                assertThat(filled.state()).as("length %d, state after", length).containsExactly(called.state());
            }
        }
    }

    @Test
    void fillGaussianPastTheArraysEndFailsBeforeDrawingAnything() {
        Rng r = new Rng(3);
        r.nextGaussian(); // a spare pending
        long[] before = r.state();
        assertThatThrownBy(() -> r.fillGaussian(new float[10], 4, 7))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("10");
        assertThat(r.state()).containsExactly(before);
    }

    @Test
    void gaussiansHaveUnitMomentsAndUniformsStayInRange() {
        Rng r = new Rng(1);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sq += g * g;
            float u = r.nextFloat();
            assertThat(u).isGreaterThanOrEqualTo(0f).isLessThan(1f);
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(sq / n).isCloseTo(1, within(0.01));
    }

    @Test
    void nextIntIsUnbiasedAcrossItsRange() {
        Rng r = new Rng(2);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
    }
}
