package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weight-gradient products that hand their tiles to a {@link WeightUpdate} instead of writing dW hand over
 * every element exactly once, bitwise the value the written product gives, at the right weight: over tall and wide
 * shapes, tall ones narrower than a panel (computed transposed, their blocks handed over as dW's rows), ragged tiles,
 * a batch deeper than one k block, one and several threads, and silent rows skipped.
 */
class FusedWeightGradientTest {

    /** Records what it is handed: the gradient at each weight index, and how many times each index came. */
    private static final class Recorder implements WeightUpdate {
        final float[] gradient;
        final AtomicIntegerArray times;

        Recorder(int size) {
            gradient = new float[size];
            times = new AtomicIntegerArray(size);
        }

        @Override
        public void claim(int offset, int length) {}

        @Override
        public void apply(float[] g, int gOff, int gStride, int p, int pStride, int rows, int cols, int[] rowOf,
                          int rowOfOff) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int at = p + (rowOf == null ? r : rowOf[rowOfOff + r]) * pStride + c;
                    gradient[at] = g[gOff + r * gStride + c];
                    times.incrementAndGet(at);
                }
            }
        }

        /** Asserts that weight i came {@code expected.applyAsInt(i)} times, for every i (one assertion: fast). */
        void assertTimes(java.util.function.IntUnaryOperator expected) {
            for (int i = 0; i < times.length(); i++) {
                if (times.get(i) != expected.applyAsInt(i)) {
                    assertThat(times.get(i)).as("updates of weight %d", i).isEqualTo(expected.applyAsInt(i));
                }
            }
        }
    }

    private static float[] gaussian(Random r, int n, double density) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() < density ? (float) r.nextGaussian() : 0f;
        }
        return v;
    }

    @ParameterizedTest(name = "dW ({0}, {1}) over a batch of {2}, {3} thread(s)")
    @CsvSource({
        "8, 32, 16, 1", "40, 256, 128, 2", "256, 40, 128, 2", "784, 512, 128, 2", "9, 33, 7, 2",
        "100, 70, 600, 2", "512, 784, 300, 3", "1, 1, 1, 1",
        "1000, 300, 64, 1", "100, 2000, 64, 1", // one part, bigger than the fused region: sliced
        "256, 20, 128, 2", "200, 2, 64, 1", "300, 7, 1030, 3", // narrower than a panel: computed transposed
    })
    void denseProductHandsOverEveryElementOnceAsWritten(int out, int in, int batch, int threads) {
        Random r = new Random(out * 31L + in);
        float[] dy = gaussian(r, batch * out, 1);
        float[] x = gaussian(r, batch * in, 0.7);
        int wOff = 5; // the weights start inside the flat array
        float[] written = new float[wOff + out * in];
        Parallel pool = new Parallel(threads);
        VectorGemm.aTb(dy, 0, x, 0, written, wOff, out, in, batch, false, pool);

        Recorder recorder = new Recorder(wOff + out * in);
        VectorGemm.aTb(dy, 0, x, 0, recorder, wOff, null, out, in, batch, pool);

        recorder.assertTimes(i -> i < wOff ? 0 : 1);
        assertThat(java.util.Arrays.mismatch(recorder.gradient, written)).as("first weight whose gradient differs")
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "dW ({0}, {1}) over a batch of {2}, {3} thread(s), region of {4} floats")
    @CsvSource({
        "40, 300, 16, 1, 1", "40, 300, 16, 2, 1",      // wide: slices of one panel, larger than the region
        "300, 40, 16, 1, 1", "300, 40, 16, 2, 100",    // tall: slices of one row tile
        "100, 500, 16, 2, 5000", "500, 100, 16, 1, 5000", // several panels or row tiles per slice
        "300, 12, 16, 2, 100", "300, 12, 16, 1, 1000",  // computed transposed: slices of one or several panels
    })
    void slicesOfTheRegionHandOverEveryElementOnceAsWritten(int out, int in, int batch, int threads, int region) {
        Random r = new Random(out * 13L + in + region);
        float[] dy = gaussian(r, batch * out, 1);
        float[] x = gaussian(r, batch * in, 0.7);
        float[] written = new float[out * in];
        Parallel pool = new Parallel(threads);
        VectorGemm.aTb(dy, 0, x, 0, written, 0, out, in, batch, false, pool);

        Recorder recorder = new Recorder(out * in);
        VectorGemm.aTb(dy, 0, x, 0, recorder, 0, null, out, in, batch, pool, region);

        recorder.assertTimes(i -> 1);
        assertThat(java.util.Arrays.mismatch(recorder.gradient, written)).as("first weight whose gradient differs")
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "dW of {0} live rows of {1}, ({1}, {2}) over a batch of {3}, {4} thread(s)")
    @CsvSource({"20, 30, 70, 64, 1", "300, 512, 200, 128, 2", "500, 784, 512, 128, 2", "200, 256, 12, 128, 2"})
    void denseProductOnLiveRowsHandsEachToItsWeightRow(int live, int out, int in, int batch, int threads) {
        Random r = new Random(live * 7L + in);
        int[] rowOf = new int[live]; // every other row, then the rest, ascending: live rows spread over the matrix
        for (int j = 0, next = 0; j < out && next < live; j++) {
            if (j % 2 == 0 || live - next > (out - j) / 2) {
                rowOf[next++] = j;
            }
        }
        float[] dy = gaussian(r, batch * live, 1);
        float[] x = gaussian(r, batch * in, 0.7);
        int wOff = 2;
        float[] block = new float[live * in]; // (live, in) the written product on the live rows
        Parallel pool = new Parallel(threads);
        VectorGemm.aTb(dy, 0, x, 0, block, 0, live, in, batch, false, pool);
        float[] written = new float[wOff + out * in];
        for (int i = 0; i < live; i++) {
            System.arraycopy(block, i * in, written, wOff + rowOf[i] * in, in);
        }

        Recorder recorder = new Recorder(wOff + out * in);
        VectorGemm.aTb(dy, 0, x, 0, recorder, wOff, rowOf, live, in, batch, pool);

        boolean[] isLive = new boolean[out];
        for (int row : rowOf) {
            isLive[row] = true;
        }
        recorder.assertTimes(i -> i >= wOff && isLive[(i - wOff) / in] ? 1 : 0);
        assertThat(java.util.Arrays.mismatch(recorder.gradient, written)).as("first weight whose gradient differs")
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "sparse dW ({0}, {1}) over a batch of {2}, {3} thread(s), silent rows {4}")
    @CsvSource({
        "512, 784, 128, 2, false", "512, 784, 128, 2, true", "70, 50, 64, 1, true", "300, 33, 130, 3, false",
        "200, 3000, 64, 2, true", // several column slices of the fused block
    })
    void sparseProductHandsOverEveryLiveRowOnceAsWritten(int out, int in, int batch, int threads, boolean silent) {
        Random r = new Random(out * 17L + in);
        float[] x = gaussian(r, batch * in, 0.13);
        int[] rowOf = null;
        int live = out;
        if (silent) { // every third output silent: dy holds the live ones only
            live = 0;
            rowOf = new int[out];
            for (int j = 0; j < out; j++) {
                if (j % 3 != 0) {
                    rowOf[live++] = j;
                }
            }
        }
        float[] dy = gaussian(r, batch * live, 1);
        SparseBatch index = new SparseBatch(new Parallel(threads), 1);
        assertThat(index.index(x, batch, in)).isTrue();
        int wOff = 3;
        float[] written = new float[wOff + out * in];
        index.weightGradient(dy, live, written, wOff, rowOf);

        Recorder recorder = new Recorder(wOff + out * in);
        index.weightGradient(dy, live, recorder, wOff, rowOf);

        recorder.assertTimes(i -> i < wOff || silent && (i - wOff) / in % 3 == 0 ? 0 : 1);
        assertThat(java.util.Arrays.mismatch(recorder.gradient, written)).as("first weight whose gradient differs")
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "batch {0}")
    @CsvSource({"0", "-1"})
    void fusedProductRefusesAnEmptyBatch(int batch) {
        assertThatThrownBy(() -> VectorGemm.aTb(new float[4], 0, new float[4], 0, new Recorder(4), 0, null, 2, 2, batch,
                new Parallel(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("" + batch);
    }
}
