package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vectorized element-wise helpers agree bitwise with their scalar equivalents, ragged tails included, and
 * so do their multi-threaded splits (the larger sizes, past Parallel.PARALLEL_MIN_ELEMENTS elements).
 */
class GemmVectorOpsTest {
    private static final int OFF = 3;

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,7", "128,512", "5,33", "2,17", "128,20", "512,784", "300,133"})
    void addBiasRowsMatchesScalarBitwise(int rows, int cols) {
        Rng rng = new Rng(rows * 100L + cols);
        float[] y = random(rng, OFF + rows * cols + 2); // OFF + (rows, cols) + slack
        float[] bias = random(rng, OFF + cols); // OFF + (cols)
        float[] expected = y.clone();
        ScalarOps.addBiasRows(expected, OFF, bias, OFF, rows, cols);
        VectorOps.addBiasRows(y, OFF, bias, OFF, rows, cols);
        assertThat(y).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,7", "128,512", "5,33", "2,17", "128,20", "512,784", "300,133", "1000,41"})
    void sumRowsWritesTheColumnSumsIntoTheBiasGradientBitwiseLikeScalar(int rows, int cols) {
        Rng rng = new Rng(rows * 7L + cols);
        float[] dy = random(rng, OFF + rows * cols); // OFF + (rows, cols)
        float[] db = random(rng, OFF + cols + 2); // OFF + (cols) + slack: stale values, written over
        float[] expected = db.clone();
        ScalarOps.sumRows(dy, OFF, expected, OFF, rows, cols);
        VectorOps.sumRows(dy, OFF, db, OFF, rows, cols);
        assertThat(db).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,7", "128,512", "5,33", "2,17", "128,20", "512,784", "300,133", "1000,41"})
    void addBiasReluColumnMaxAbsIsBiasThenReluThenColumnMaxAbsBitwise(int rows, int cols) {
        Rng rng = new Rng(rows * 13L + cols);
        float[] y = random(rng, OFF + rows * cols + 2); // OFF + (rows, cols) + slack
        float[] bias = random(rng, OFF + cols); // OFF + (cols)
        y[OFF] = Float.NaN;
        if (cols > 2) {
            bias[OFF + 2] = -10f; // column 2 silent on every row: its maximum is exactly 0
            y[OFF + (rows - 1) * cols + 1] = -bias[OFF + 1]; // y + b = 0 exactly
        }
        if (cols > 3) {
            bias[OFF + 3] = 0f; // column 3 all ±0: silent too, +0 and −0 alike
            for (int r = 0; r < rows; r++) {
                y[OFF + r * cols + 3] = r % 2 == 0 ? 0f : -0f;
            }
        }
        float[] expected = y.clone();
        float[] expectedMax = new float[cols];
        ScalarOps.addBiasRows(expected, OFF, bias, OFF, rows, cols);
        ScalarOps.reluInPlace(expected, OFF, rows * cols);
        ScalarOps.columnMaxAbs(expected, OFF, rows, cols, expectedMax);
        float[] scalar = y.clone();
        float[] scalarMax = new float[cols];
        ScalarOps.addBiasReluColumnMaxAbs(scalar, OFF, bias, OFF, rows, cols, scalarMax);
        float[] max = new float[cols];
        VectorOps.addBiasReluColumnMaxAbs(y, OFF, bias, OFF, rows, cols, max);

        assertThat(scalar).isEqualTo(expected);
        assertThat(scalarMax).isEqualTo(expectedMax);
        assertThat(y).isEqualTo(expected);
        assertThat(max).isEqualTo(expectedMax);
        assertThat(max[0]).as("a NaN stays NaN and reaches its column's maximum").isNaN();
        if (cols > 2) {
            assertThat(max[2]).as("silent column").isZero();
        }
        if (cols > 3) {
            assertThat(max[3]).as("a column of ±0 is silent").isZero();
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,7", "128,512", "5,33", "2,17", "128,20", "512,784", "300,133", "1000,41"})
    void reluBackwardSumRowsIsTheMaskThenTheColumnSumsBitwise(int rows, int cols) {
        Rng rng = new Rng(rows * 17L + cols);
        float[] dy = random(rng, rows * cols); // (rows, cols)
        float[] y = random(rng, rows * cols); // (rows, cols) a ReLU's output: negatives stand for its zeros
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(y[i], 0f);
        }
        y[0] = Float.NaN; // masked: NaN > 0 is false
        int last = rows * cols - 1;
        if (last > 0) {
            dy[last] = Float.NaN; // kept where its unit is active
            y[last] = 1f;
        }
        float[] expected = dy.clone();
        float[] expectedDb = random(rng, OFF + cols + 2); // OFF + (cols) + slack: stale values, written over
        float[] db = expectedDb.clone();
        float[] scalarDb = expectedDb.clone();
        ScalarOps.reluBackward(expected, 0, y, 0, rows * cols);
        ScalarOps.sumRows(expected, 0, expectedDb, OFF, rows, cols);
        float[] scalar = dy.clone();
        ScalarOps.reluBackwardSumRows(scalar, y, rows, cols, scalarDb, OFF);
        VectorOps.reluBackwardSumRows(dy, y, rows, cols, db, OFF);

        assertThat(scalar).isEqualTo(expected);
        assertThat(scalarDb).isEqualTo(expectedDb);
        assertThat(dy).isEqualTo(expected);
        assertThat(db).isEqualTo(expectedDb);
        assertThat(dy[0]).as("masked where the output is NaN").isZero();
        if (last > 0) {
            assertThat(db[OFF + cols - 1]).as("a NaN gradient reaches its bias").isNaN();
        }
    }

    @ParameterizedTest(name = "len {0}")
    @CsvSource({"1", "7", "8", "17", "1000", "100003"})
    void reluInPlaceMatchesScalarIncludingNaNAndSignedZero(int len) {
        Rng rng = new Rng(len);
        float[] y = random(rng, OFF + len + 2);
        y[OFF] = Float.NaN;
        if (len > 2) {
            y[OFF + 1] = -0f;
            y[OFF + len - 1] = Float.NaN; // in the scalar tail when len is not a multiple of the lanes
        }
        float[] expected = y.clone();
        ScalarOps.reluInPlace(expected, OFF, len);
        VectorOps.reluInPlace(y, OFF, len);
        assertThat(y).isEqualTo(expected);
        assertThat(y[OFF]).isNaN();
    }

    @ParameterizedTest(name = "len {0}")
    @CsvSource({"1", "7", "8", "17", "1000", "100003"})
    void reluBackwardZeroesTheGradientWhereTheOutputIsNotPositive(int len) {
        Rng rng = new Rng(len + 5);
        float[] y = random(rng, OFF + len); // OFF + (len): a ReLU output with some zeros
        ScalarOps.reluInPlace(y, OFF, len);
        float[] dy = random(rng, OFF + len + 2); // OFF + (len) + slack
        float[] expected = dy.clone();
        ScalarOps.reluBackward(expected, OFF, y, OFF, len);
        VectorOps.reluBackward(dy, OFF, y, OFF, len);
        assertThat(dy).isEqualTo(expected);
        for (int i = 0; i < len; i++) {
            if (y[OFF + i] == 0f) {
                assertThat(dy[OFF + i]).isZero();
            }
        }
    }

    private static float[] random(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = 2 * rng.nextFloat() - 1;
        }
        return x;
    }
}
