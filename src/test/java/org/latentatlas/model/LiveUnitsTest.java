package org.latentatlas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;
import org.latentatlas.math.ScalarOps;

/** Which units of a ReLU output count as live, and when the products are thinned to them. */
class LiveUnitsTest {
    /** (rows, width) all zeros but for the given (row, unit, value) triples. */
    private static float[] output(int rows, int width, float... entries) {
        float[] y = new float[rows * width];
        for (int i = 0; i < entries.length; i += 3) {
            y[(int) entries[i] * width + (int) entries[i + 1]] = entries[i + 2];
        }
        return y;
    }

    /** Finds the live units of y (batch, width), already a ReLU's output: a zero bias and the ReLU keep its values. */
    private static boolean find(LiveUnits units, float[] y, int batch, int width) {
        return units.addBiasReluAndFind(y, batch, width, new float[width], 0);
    }

    @Test
    void aUnitIsLiveWhenItFiredForAnyRowAndNaNCountsAsFiring() {
        LiveUnits units = new LiveUnits(true);
        float[] y = new float[100 * 20]; // (100, 20)
        System.arraycopy(output(3, 20, 0, 2, 1f, 2, 7, 0.5f, 1, 11, Float.NaN, 2, 13, -0f), 0, y, 0, 60);

        assertThat(find(units, y, 100, 20)).isTrue();
        assertThat(units.count()).isEqualTo(3);
        assertThat(new int[] {units.unit(0), units.unit(1), units.unit(2)}).containsExactly(2, 7, 11);
    }

    @Test
    void zeroSilentRowsClearsExactlyTheSilentUnitsRowsAndNothingWhenNotThin() {
        LiveUnits units = new LiveUnits(true);
        assertThat(find(units, output(100, 5, 0, 1, 1f, 3, 3, 2f), 100, 5)).isTrue(); // units 1 and 3 live
        float[] m = new float[2 + 5 * 3]; // 2 + (5 units, 3): rows of a weight gradient after two other floats
        Arrays.fill(m, 7f);
        units.zeroSilentRows(m, 2, 3);
        assertThat(m).containsExactly(7, 7, 0, 0, 0, 7, 7, 7, 0, 0, 0, 7, 7, 7, 0, 0, 0);

        units.clear(5);
        Arrays.fill(m, 7f);
        units.zeroSilentRows(m, 2, 3);
        assertThat(m).as("not thin: every row is live").containsOnly(7f);
    }

    @Test
    void zeroSilentRowsSplitOverThePoolClearsTheSameRowsAsOneSweep() {
        // 512 units of 784: large enough to be split over the threads, so parts start between live units.
        int width = 512;
        int rowLength = 784;
        int batch = 128; // a third of the units live: thinned at this batch
        float[] y = new float[batch * width]; // (batch, width)
        Rng rng = new Rng(3);
        boolean[] live = new boolean[width];
        for (int j = 0; j < width; j++) {
            live[j] = rng.nextInt(3) == 0 || j == width - 1;
            if (live[j]) {
                y[rng.nextInt(batch) * width + j] = 1f;
            }
        }
        LiveUnits units = new LiveUnits(true);
        assertThat(find(units, y, batch, width)).isTrue();
        float[] m = new float[1 + width * rowLength];
        Arrays.fill(m, 7f);
        units.zeroSilentRows(m, 1, rowLength);
        assertThat(m[0]).isEqualTo(7f);
        for (int j = 0; j < width; j++) {
            float expected = live[j] ? 7f : 0f;
            int row = 1 + j * rowLength;
            assertThat(Arrays.copyOfRange(m, row, row + rowLength)).as("row %d", j).containsOnly(expected);
        }
    }

    @Test
    void addBiasReluAndFindAppliesBiasAndReluAndKeepsTheUnitsThatFired() {
        Rng rng = new Rng(5);
        int width = 40;
        float[] bias = new float[2 + width]; // 2 other parameters, then (width)
        for (int j = 0; j < width; j++) {
            bias[2 + j] = j % 3 == 0 ? -5f : 0.1f; // every third unit silent on every row
        }
        for (int batch : new int[] {128, LiveUnits.MAX_BATCH + 1}) {
            float[] y = new float[batch * width]; // (batch, width)
            for (int i = 0; i < y.length; i++) {
                y[i] = 2 * rng.nextFloat() - 1;
            }
            float[] expected = y.clone();
            ScalarOps.addBiasRows(expected, 0, bias, 2, batch, width);
            ScalarOps.reluInPlace(expected, 0, expected.length);
            boolean thinnable = batch <= LiveUnits.MAX_BATCH; // 2 of 3 units fire, few enough at batch 128
            List<Integer> expectedUnits = new ArrayList<>(); // the fired ones, or all (the identity) when not thin
            for (int j = 0; j < width; j++) {
                if (!thinnable || j % 3 != 0) {
                    expectedUnits.add(j);
                }
            }

            LiveUnits fused = new LiveUnits(true);
            assertThat(fused.addBiasReluAndFind(y, batch, width, bias, 2)).as("batch %d", batch).isEqualTo(thinnable);
            assertThat(y).as("batch %d", batch).isEqualTo(expected);
            List<Integer> units = new ArrayList<>();
            for (int u = 0; u < fused.count(); u++) {
                units.add(fused.unit(u));
            }
            assertThat(units).as("batch %d", batch).isEqualTo(expectedUnits);
        }
        assertThat(new LiveUnits(true).addBiasReluAndFind(new float[128 * width], 128, width, bias, 2))
                .as("two of three units live at batch 128: thinned").isTrue();
    }

    @Test
    void theLargerTheBatchTheMoreLiveUnitsStillPayForThinning() {
        assertThat(LiveUnits.maxLiveFraction(9)).isZero(); // never thinned
        assertThat(LiveUnits.maxLiveFraction(32)).isBetween(0.46, 0.48);
        assertThat(LiveUnits.maxLiveFraction(128)).isBetween(0.73, 0.74);
        assertThat(LiveUnits.maxLiveFraction(4096)).isEqualTo(0.9);
    }

    @Test
    void theProductsAreThinnedOnlyWhenFewEnoughUnitsFired() {
        LiveUnits units = new LiveUnits(true);
        int batch = 1000; // up to 90 % live is thinned
        float[] y = new float[batch * 10];
        for (int j = 0; j < 9; j++) {
            y[(j * 7) * 10 + j] = 1f; // unit j fires on one row
        }
        assertThat(find(units, y, batch, 10)).as("nine of ten fired").isTrue();
        assertThat(units.count()).isEqualTo(9);

        y[5 * 10 + 9] = 2f;
        assertThat(find(units, y, batch, 10)).as("all ten fired").isFalse();
        assertThat(units.count()).isEqualTo(10);
        assertThat(units.unit(9)).as("not thin: the identity").isEqualTo(9);
        y[5 * 10 + 9] = 0f;
        assertThat(find(units, y, 128, 10)).as("nine of ten on 128 rows: too many to pay for thinning").isFalse();
    }

    @Test
    void aWholeDatasetPassIsNeverThinned() {
        LiveUnits units = new LiveUnits(true);
        int rows = LiveUnits.MAX_BATCH + 1;
        assertThat(find(units, new float[rows * 4], rows, 4)).isFalse();
        assertThat(units.count()).isEqualTo(4);
    }

    @Test
    void switchedOffEveryUnitCounts() {
        LiveUnits units = new LiveUnits(false);
        assertThat(find(units, new float[4 * 8], 4, 8)).isFalse();
        assertThat(units.isThin()).isFalse();
        assertThat(units.count()).isEqualTo(8);
    }

    @Test
    void gatherAndScatterMoveTheLiveColumnsAndZeroTheSilentOnes() {
        LiveUnits units = new LiveUnits(true);
        float[] y = new float[100 * 5]; // (100, 5)
        System.arraycopy(output(2, 5, 0, 1, 3f, 1, 4, 5f), 0, y, 0, 10);
        assertThat(find(units, y, 100, 5)).isTrue();
        float[] live = new float[2 * 2];
        units.gatherColumns(new float[] {0, 1, 2, 3, 4, 10, 11, 12, 13, 14}, 0, 2, live);
        assertThat(live).containsExactly(1, 4, 11, 14);

        float[] back = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
        units.scatterColumns(live, 2, back, 0);
        assertThat(back).containsExactly(0, 1, 0, 0, 4, 0, 11, 0, 0, 14);
    }
}
