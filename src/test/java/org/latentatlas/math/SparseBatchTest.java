package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first layer's products on a mostly-zero batch: bitwise the dense Vector API GEMMs (same fma chain, zero
 * terms skipped), close to the scalar oracle, and the same bits for any thread count.
 */
class SparseBatchTest {
    private static Parallel one;
    private static Parallel three;

    @BeforeAll
    static void startPools() {
        // The build runs the tests with the Vector API module (pom.xml's argLine); without it the sparse path is off.
        assertThat(Gemm.isVectorized()).as("Vector API available to the tests").isTrue();
        one = new Parallel(1);
        three = new Parallel(3);
    }

    @AfterAll
    static void stopPools() {
        if (one != null) {
            one.close();
            three.close();
        }
    }

    /**
     * {batch, in, out}: the benchmark's first layer, then ragged outputs (CHUNK tails, single lanes, a tail of one
     * whole vector, which the slab's transpose gathers) and inputs.
     */
    static Stream<Arguments> shapes() {
        int[][] s = {{128, 784, 512}, {64, 784, 200}, {16, 13, 7}, {33, 100, 65}, {20, 17, 1}, {512, 64, 128},
                {40, 50, 144}};
        return Stream.of(s).map(x -> Arguments.of(x[0], x[1], x[2]));
    }

    /** A batch of 0/1 pixels, each 1 with probability {@code density}, like a binarized image. */
    private static float[] binarized(int batch, int in, double density, long seed) {
        Random r = new Random(seed);
        float[] x = new float[batch * in]; // (batch, in)
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < density ? 1f : 0f;
        }
        return x;
    }

    private static float[] gaussian(int n, double scale, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    @ParameterizedTest(name = "batch {0}, {1} -> {2}")
    @MethodSource("shapes")
    void forwardIsBitwiseTheDenseGemm(int batch, int in, int out) {
        float[] x = binarized(batch, in, 0.13, 1);
        x[3] = 0.37f; // non-binary values are multiplied in like any other
        x[x.length - 1] = -2.5f;
        float[] w = gaussian(5 + out * in, 0.05, 2); // (out, in) at offset 5
        float[] dense = new float[batch * out];
        VectorGemm.abT(x, 0, w, 5, dense, 0, batch, out, in, false, one);

        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).as("indexed").isTrue();
        float[] y = new float[batch * out]; // (batch, out)
        sparse.forward(w, 5, out, y);

        assertThat(y).isEqualTo(dense); // Arrays.equals: bitwise
        float[] oracle = new float[batch * out];
        ScalarGemm.abT(x, 0, w, 5, oracle, 0, batch, out, in, false);
        assertThat(maxAbsDiff(y, oracle)).isLessThan(1e-4f);
    }

    @ParameterizedTest(name = "batch {0}, {1} -> {2}")
    @MethodSource("shapes")
    void weightGradientIsBitwiseTheDenseGemmOnZeroedGradients(int batch, int in, int out) {
        float[] x = binarized(batch, in, 0.2, 3);
        float[] dy = gaussian(batch * out, 1, 4); // (batch, out)
        float[] dense = new float[7 + out * in];  // (out, in) at offset 7, zero as Adam leaves it
        VectorGemm.aTb(dy, 0, x, 0, dense, 7, out, in, batch, true, one);

        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] dw = new float[7 + out * in];
        sparse.weightGradient(dy, out, dw, 7);

        assertThat(dw).isEqualTo(dense);
    }

    @ParameterizedTest(name = "batch {0}, {1} -> {2}")
    @MethodSource("shapes")
    void forwardOfAnInputMajorWeightIsBitwiseTheDenseGemm(int batch, int in, int out) {
        float[] x = binarized(batch, in, 0.13, 31);
        x[1] = -0.75f;
        float[] w = gaussian(5 + out * in, 0.05, 32); // (out, in) at offset 5
        float[] wT = transposed(w, 5, out, in);        // (in, out) at offset 5
        float[] dense = new float[batch * out];
        VectorGemm.abT(x, 0, w, 5, dense, 0, batch, out, in, false, one);

        for (Parallel pool : new Parallel[] {one, three}) {
            SparseBatch sparse = new SparseBatch(pool, 1);
            assertThat(sparse.index(x, batch, in)).isTrue();
            float[] y = gaussian(batch * out, 1, 33); // stale values: every element is written
            sparse.forwardInputMajor(wT, 5, out, y);
            assertThat(y).as("%d threads", pool.threads()).isEqualTo(dense);
        }
    }

    @ParameterizedTest(name = "batch {0}, {1} -> {2}")
    @MethodSource("shapes")
    void inputMajorWeightGradientIsTheTransposeOfTheDenseOne(int batch, int in, int out) {
        float[] x = binarized(batch, in, 0.2, 34);
        for (int i = 0; i < batch; i++) {
            x[i * in + in / 2] = 0f; // a column with no non-zeros: its row of dWᵀ is written as zeros
        }
        float[] dy = gaussian(batch * out, 1, 35); // (batch, out)
        float[] dense = new float[7 + out * in];   // (out, in) at offset 7
        VectorGemm.aTb(dy, 0, x, 0, dense, 7, out, in, batch, false, one);
        float[] expected = transposed(dense, 7, out, in);

        for (Parallel pool : new Parallel[] {one, three}) {
            SparseBatch sparse = new SparseBatch(pool, 1);
            assertThat(sparse.index(x, batch, in)).isTrue();
            float[] dwT = gaussian(7 + out * in, 1, 36); // stale values
            System.arraycopy(expected, 0, dwT, 0, 7);   // outside the tensor: left alone
            sparse.weightGradientInputMajor(dy, out, null, out, dwT, 7);
            assertThat(dwT).as("%d threads", pool.threads()).isEqualTo(expected);
        }
    }

    /**
     * With a column map, dy holds some outputs only: every row of dWᵀ comes out whole, the other outputs' places
     * zero, written over stale values or handed to an update once each, the full product's bits either way.
     */
    @Test
    void inputMajorWeightGradientOfSomeOutputsWritesWholeRowsWithZerosInTheOthers() {
        int batch = 70, in = 45, out = 300; // 45 rows: five blocks and a ragged one
        float[] x = binarized(batch, in, 0.15, 37);
        int[] columnOf = {0, 3, 4, 127, 128, 129, 200, 255, 256, 299}; // ascending, across chunks
        float[] dyKept = gaussian(batch * columnOf.length, 1, 38); // (batch, kept)
        float[] dyFull = new float[batch * out];                   // (batch, out): zero outside the kept columns
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < columnOf.length; j++) {
                dyFull[i * out + columnOf[j]] = dyKept[i * columnOf.length + j];
            }
        }
        float[] full = new float[out * in]; // (out, in)
        VectorGemm.aTb(dyFull, 0, x, 0, full, 0, out, in, batch, false, one);
        float[] expected = transposed(full, 0, out, in);

        for (Parallel pool : new Parallel[] {one, three}) {
            SparseBatch sparse = new SparseBatch(pool, 1);
            assertThat(sparse.index(x, batch, in)).isTrue();
            float[] dwT = gaussian(out * in, 1, 39); // stale values, the silent places too
            sparse.weightGradientInputMajor(dyKept, columnOf.length, columnOf, out, dwT, 0);
            assertThat(dwT).as("written, %d threads", pool.threads()).isEqualTo(expected);

            float[] handed = new float[out * in];
            java.util.concurrent.atomic.AtomicIntegerArray times = new java.util.concurrent.atomic.AtomicIntegerArray(
                    out * in);
            WeightUpdate recorder = new WeightUpdate() {
                @Override
                public void claim(int offset, int length) {}

                @Override
                public void apply(float[] g, int gOff, int gStride, int p, int pStride, int rows, int cols,
                                  int[] rowOf, int rowOfOff) {
                    assertThat(rowOf).isNull();
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < cols; c++) {
                            handed[p + r * pStride + c] = g[gOff + r * gStride + c];
                            times.incrementAndGet(p + r * pStride + c);
                        }
                    }
                }
            };
            sparse.weightGradientInputMajor(dyKept, columnOf.length, columnOf, out, recorder, 0);
            assertThat(handed).as("handed over, %d threads", pool.threads()).isEqualTo(expected);
            for (int i = 0; i < out * in; i++) {
                if (times.get(i) != 1) {
                    assertThat(times.get(i)).as("updates of weight %d", i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aColumnMapWiderThanTheLayerIsRefused() {
        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(binarized(8, 40, 0.1, 40), 8, 40)).isTrue();
        assertThatThrownBy(() -> sparse.weightGradientInputMajor(new float[8 * 6], 6, null, 5, new float[200], 0))
                .hasMessage("dy has 6 columns for 5 outputs (without a column map they must be equal)");
    }

    /** A copy of {@code a} with its (rows, cols) block at {@code off} transposed to (cols, rows) in place. */
    private static float[] transposed(float[] a, int off, int rows, int cols) {
        float[] t = a.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[off + j * rows + i] = a[off + i * cols + j];
            }
        }
        return t;
    }

    @Test
    void weightGradientIsWrittenOverWhatDwHeld() {
        int batch = 40, in = 30, out = 70;
        float[] x = binarized(batch, in, 0.15, 5);
        for (int i = 0; i < batch; i++) {
            x[i * in + 11] = 0f; // a column with no non-zeros: its dW column must still be written, as zeros
        }
        float[] dy = gaussian(batch * out, 1, 6);
        float[] oracle = new float[out * in]; // (out, in)
        ScalarGemm.aTb(dy, 0, x, 0, oracle, 0, out, in, batch, false);

        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] dw = gaussian(out * in, 1, 7); // stale values
        sparse.weightGradient(dy, out, dw, 0);
        float[] fromZeros = new float[out * in];
        sparse.weightGradient(dy, out, fromZeros, 0);

        assertThat(dw).isEqualTo(fromZeros);
        assertThat(maxAbsDiff(dw, oracle)).isLessThan(1e-4f);
        for (int j = 0; j < out; j++) {
            assertThat(dw[j * in + 11]).isEqualTo(0f);
        }
    }

    @Test
    void weightGradientOfSomeOutputsWritesOnlyTheirRowsWithTheFullResultsBits() {
        int batch = 50, in = 40, out = 150;
        float[] x = binarized(batch, in, 0.15, 8);
        int[] rowOf = {0, 3, 4, 64, 65, 100, 149}; // the outputs kept, ascending, across 64-row blocks
        float[] dyFull = new float[batch * out]; // (batch, out): zero outside the kept outputs' columns
        float[] dyKept = gaussian(batch * rowOf.length, 1, 9); // (batch, kept)
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < rowOf.length; j++) {
                dyFull[i * out + rowOf[j]] = dyKept[i * rowOf.length + j];
            }
        }
        float[] old = gaussian(out * in, 1, 10); // (out, in)
        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] full = old.clone();
        sparse.weightGradient(dyFull, out, full, 0);
        float[] kept = old.clone();
        sparse.weightGradient(dyKept, rowOf.length, kept, 0, rowOf);

        Set<Integer> keptRows = Arrays.stream(rowOf).boxed().collect(Collectors.toSet());
        for (int j = 0; j < out; j++) {
            float[] expected = keptRows.contains(j) ? full : old; // the other rows are the caller's to write
            assertThat(Arrays.copyOfRange(kept, j * in, (j + 1) * in)).as("row %d", j)
                    .isEqualTo(Arrays.copyOfRange(expected, j * in, (j + 1) * in));
        }
        assertThat(maxAbsDiff(kept, old)).as("something was written").isGreaterThan(0.1f);
    }

    @Test
    void resultsAreBitwiseIdenticalForOneAndThreeThreads() {
        int batch = 96, in = 784, out = 300;
        float[] x = binarized(batch, in, 0.1, 8);
        float[] w = gaussian(out * in, 0.05, 9);
        float[] dy = gaussian(batch * out, 1, 10);
        float[][] single = sparseProducts(one, x, batch, in, w, dy, out, 1);
        float[][] threaded = sparseProducts(three, x, batch, in, w, dy, out, 1);
        assertThat(threaded[0]).isEqualTo(single[0]);
        assertThat(threaded[1]).isEqualTo(single[1]);
    }

    @Test
    void moreThreadsThanChunksGiveTheSameBits() {
        // Each participant reuses one transposed slab; with more threads than chunks the slabs outnumber the chunks,
        // and a ragged chunk leaves an earlier chunk's values in its slab's unused lanes.
        int batch = 96, in = 200;
        float[] x = binarized(batch, in, 0.1, 21);
        try (Parallel eight = new Parallel(8)) {
            for (int out : new int[] {40, 150, 300}) {
                float[] w = gaussian(out * in, 0.05, 22 + out);
                float[] dy = gaussian(batch * out, 1, 23 + out);
                float[][] single = sparseProducts(one, x, batch, in, w, dy, out, 3); // reused slabs, reused instance
                float[][] threaded = sparseProducts(eight, x, batch, in, w, dy, out, 3);
                float[] dense = new float[batch * out];
                VectorGemm.abT(x, 0, w, 0, dense, 0, batch, out, in, false, one);
                assertThat(threaded[0]).as("out = %d, 8 threads", out).isEqualTo(single[0]).isEqualTo(dense);
                assertThat(threaded[1]).as("out = %d, 8 threads", out).isEqualTo(single[1]);
            }
        }
    }

    /** {y, dW} from one instance on {@code pool}: x indexed, the forward pass run {@code forwardCalls} times. */
    private static float[][] sparseProducts(Parallel pool, float[] x, int batch, int in, float[] w, float[] dy, int out,
                                            int forwardCalls) {
        SparseBatch sparse = new SparseBatch(pool, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] y = new float[batch * out];
        for (int call = 0; call < forwardCalls; call++) {
            sparse.forward(w, 0, out, y);
        }
        float[] dw = new float[out * in];
        sparse.weightGradient(dy, out, dw, 0);
        return new float[][] {y, dw};
    }

    @Test
    void nonFiniteInputsReachTheOutputAsInTheDenseProduct() {
        int batch = 16, in = 20, out = 9;
        float[] x = binarized(batch, in, 0.1, 11);
        x[2 * in + 5] = Float.NaN;
        x[7 * in + 1] = Float.POSITIVE_INFINITY;
        float[] w = gaussian(out * in, 0.05, 12);
        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] y = new float[batch * out];
        sparse.forward(w, 0, out, y);
        float[] dense = new float[batch * out];
        VectorGemm.abT(x, 0, w, 0, dense, 0, batch, out, in, false, one);
        assertThat(y).isEqualTo(dense);
        assertThat(Float.isNaN(y[2 * out])).isTrue();
        assertThat(Float.isInfinite(y[7 * out]) || Float.isNaN(y[7 * out])).isTrue();
    }

    @Test
    void negativeZerosAreSkippedLikeZeros() {
        int batch = 16, in = 10, out = 8;
        float[] x = binarized(batch, in, 0.2, 13);
        x[4] = -0f;
        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] w = gaussian(out * in, 1, 14);
        float[] y = new float[batch * out];
        sparse.forward(w, 0, out, y);
        float[] dense = new float[batch * out];
        VectorGemm.abT(x, 0, w, 0, dense, 0, batch, out, in, false, one);
        assertThat(y).isEqualTo(dense);
    }

    @Test
    void aDenseBatchIsLeftToTheDenseGemms() {
        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(binarized(128, 784, 0.5, 15), 128, 784)).isFalse();
        assertThat(sparse.isIndexed()).isFalse();
        assertThatThrownBy(() -> sparse.forward(new float[784 * 8], 0, 8, new float[128 * 8]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SparseBatch.index");
    }

    @Test
    void aSmallBatchIsLeftToTheDenseGemms() {
        // Transposing W and the dW tiles costs more than skipping zeros saves when only a few rows read them.
        SparseBatch production = new SparseBatch(one, SparseBatch.MIN_BATCH);
        int small = SparseBatch.MIN_BATCH - 1;
        assertThat(production.index(new float[small * 784], small, 784)).isFalse();
        assertThat(production.index(new float[SparseBatch.MIN_BATCH * 784], SparseBatch.MIN_BATCH, 784)).isTrue();
    }

    @Test
    void aWholeDatasetBatchIsLeftToTheDenseGemms() {
        // One pass over 60,000 rows is not worth an index of up to 190 MB.
        int batch = SparseBatch.MAX_BATCH + 1;
        assertThat(new SparseBatch(one, 1).index(new float[batch * 10], batch, 10)).isFalse();
    }

    @Test
    void densityIsTheFractionOfNonZeros() {
        float[] x = new float[32 * 50];
        for (int i = 0; i < x.length; i += 10) {
            x[i] = 1f;
        }
        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, 32, 50)).isTrue();
        assertThat(sparse.density()).isEqualTo(0.1);
    }

    @Test
    void reindexingASmallerBatchForgetsTheLargerOne() {
        SparseBatch sparse = new SparseBatch(one, 1);
        int in = 50, out = 24;
        float[] w = gaussian(out * in, 1, 16);
        assertThat(sparse.index(binarized(64, in, 0.2, 17), 64, in)).isTrue();
        sparse.forward(w, 0, out, new float[64 * out]);
        float[] small = binarized(20, in, 0.2, 18);
        assertThat(sparse.index(small, 20, in)).isTrue();
        float[] y = new float[20 * out];
        sparse.forward(w, 0, out, y);
        float[] dense = new float[20 * out];
        VectorGemm.abT(small, 0, w, 0, dense, 0, 20, out, in, false, one);
        assertThat(y).isEqualTo(dense);
    }

    @Test
    void aNarrowBlocksReadsPastItsWidthNeverReachItsSums() {
        // 150 outputs: blocks of 128 and 22 rows of dW; the narrow one sums whole chunks of dy and keeps its lanes,
        // and here what lies past the last row of dy is NaN, which must not reach a single element of dW.
        int batch = 40, in = 30, out = 150;
        float[] x = binarized(batch, in, 0.2, 21);
        x[(batch - 1) * in + 2] = 1f; // a non-zero in the last row, whose narrow reads run into the NaNs
        float[] dy = new float[batch * out + 256]; // (batch, out), then NaN
        System.arraycopy(gaussian(batch * out, 1, 22), 0, dy, 0, batch * out);
        Arrays.fill(dy, batch * out, dy.length, Float.NaN);
        float[] dense = new float[out * in];
        VectorGemm.aTb(dy, 0, x, 0, dense, 0, out, in, batch, false, one);

        SparseBatch sparse = new SparseBatch(one, 1);
        assertThat(sparse.index(x, batch, in)).isTrue();
        float[] dw = new float[out * in];
        sparse.weightGradient(dy, out, dw, 0);

        assertThat(dw).isEqualTo(dense);
        for (float v : dw) {
            assertThat(v).isFinite();
        }
    }

    @Test
    void reindexingADifferentInputWidthTransposesWithTheNewWidth() {
        SparseBatch sparse = new SparseBatch(one, 1);
        int out = 32; // whole vectors: the transpose's gathers, whose row offsets depend on the input width
        for (int in : new int[] {50, 23}) {
            float[] x = binarized(20, in, 0.2, 19 + in);
            float[] w = gaussian(out * in, 1, 20 + in);
            assertThat(sparse.index(x, 20, in)).isTrue();
            float[] y = new float[20 * out];
            sparse.forward(w, 0, out, y);
            float[] dense = new float[20 * out];
            VectorGemm.abT(x, 0, w, 0, dense, 0, 20, out, in, false, one);
            assertThat(y).as("in = %d", in).isEqualTo(dense);
        }
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
