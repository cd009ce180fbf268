package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;

class DatasetTest {
    private static final Dataset DIGITS = DigitsCsv.load();

    @Test
    void gatherRowsCopiesTheExamplesOfTheOrderIntoTheBatch() {
        int[] order = new int[DIGITS.size()]; // (size) a shuffled order, as an epoch has
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new Rng(5).shuffle(order);
        int first = 300;
        int count = 1000; // 64,000 floats: past the copies' threshold, so the batch is split over the pool
        assertThat((long) count * DIGITS.dim()).isGreaterThan(Parallel.PARALLEL_MIN_COPIES);
        float[] x = new float[(count + 1) * DIGITS.dim()]; // (count + 1, dim): the row past the batch stays as it was
        Arrays.fill(x, -1f);
        DIGITS.gatherRows(order, first, count, x);
        Dataset expected = DIGITS.subset(Arrays.copyOfRange(order, first, first + count), "");
        assertThat(Arrays.copyOf(x, count * DIGITS.dim())).containsExactly(expected.pixels());
        for (int i = count * DIGITS.dim(); i < x.length; i++) {
            assertThat(x[i]).isEqualTo(-1f);
        }
    }

    /** A subset is named for what was cut ("digits (first 2)") and still knows the set it was cut from. */
    @Test
    void aSubsetKeepsTheBaseNameOfTheSetItWasCutFrom() {
        Dataset first = DIGITS.subset(new int[] {0, 1}, " (first 2)");
        assertThat(first.name()).isEqualTo("digits (first 2)");
        assertThat(first.baseName()).isEqualTo("digits");
        assertThat(first.subset(new int[] {1}, " (second)").baseName()).isEqualTo("digits");
        assertThat(first.named("two.csv").baseName()).isEqualTo("two.csv");
    }

    @Test
    void aBaseNameThatDoesNotBeginTheNameIsRefused() {
        assertThatThrownBy(() -> new Dataset("digits (first 2)", 1, 1, new float[1], new int[] {0}, List.of("0"), 16,
                new ValueRange(0, 16), "sha", "mnist")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a dataset's name begins with its base name, got name 'digits (first 2)' and base name"
                        + " 'mnist'");
    }
}
