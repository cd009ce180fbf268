package org.latentatlas.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link SparseBatch}, in their own class so that SparseBatch loads even where the
 * {@code jdk.incubator.vector} module is absent.
 */
final class SparseLanes {
    private SparseLanes() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Columns of y (or rows of dW) per register block: eight vector accumulators, so that the fma latency
     * (four cycles, one chain per accumulator) does not bound two fmas per cycle; four ran at half speed.
     */
    static final int CHUNK = 8 * L;

    /** Where a tile's row r lies in the transposed tile g, less r: its GROUP entries are CHUNK apart. */
    private static final int[] TILE_ROW = VectorGemm.strideOffsets(SparseBatch.GROUP, CHUNK);

    /** {i · in} for i < L: a gather's offsets down one column of L rows of W (out, in). */
    static int[] rowOffsets(int in) {
        return VectorGemm.strideOffsets(L, in);
    }

    /** {@link SparseBatch#transposeSlab} for a width that is a whole number of vectors. */
    static void transposeSlab(float[] w, int src, int in, int width, int[] rowOffsets, float[] wt, int slab) {
        for (int jj = 0; jj < width; jj += L) {
            for (int p = 0, s = src + jj * in, dst = slab + jj; p < in; p++, s++, dst += CHUNK) {
                FloatVector.fromArray(S, w, s, rowOffsets, 0).intoArray(wt, dst);
            }
        }
    }

    /** {@link SparseBatch#putTile} for a full-width tile (GROUP columns, a multiple of the lane count). */
    static void putTile(float[] g, int rows, float[] dw, int col0, int j0, int[] rowOf, int rowStride) {
        for (int r = 0; r < rows; r++) {
            int dst = col0 + (rowOf == null ? j0 + r : rowOf[j0 + r]) * rowStride;
            for (int q = 0; q < SparseBatch.GROUP; q += L) {
                FloatVector.fromArray(S, g, r, TILE_ROW, q).intoArray(dw, dst + q);
            }
        }
    }

    /**
     * How many of x[off, off + n) are not ±0 (NaN included); adds 1 to {@code counts[cOff + p]} for each such
     * x[off + p] (float counts, exact to 2²⁴, so that counting is one masked vector add).
     */
    static int countNonZeros(float[] x, int off, int n, float[] counts, int cOff) {
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int count = 0;
        int p = 0;
        for (; p < bound; p += L) {
            VectorMask<Float> nonZero = FloatVector.fromArray(S, x, off + p).compare(VectorOperators.NE, 0f);
            count += nonZero.trueCount();
            FloatVector.fromArray(S, counts, cOff + p).add(one, nonZero).intoArray(counts, cOff + p);
        }
        for (; p < n; p++) {
            int z = SparseBatch.nonZero(x[off + p]);
            count += z;
            counts[cOff + p] += z;
        }
        return count;
    }

    /**
     * dst[dOff, dOff + width) = Σ over the non-zeros [e0, e1) of vals[e] · src[base + idx[e]·stride, + width),
     * each element one fma chain in e order starting from +0 (width ≤ CHUNK; idx ascending, as both indexes keep
     * it). The forward pass sums rows of the transposed-W slab over one row of x; the weight gradient sums rows of
     * dy over one column of x.
     *
     * <p>Every chain is as long as the non-zeros are many, and an fma waits for the one before it, so what keeps
     * the two fma units busy is eight vectors of chains side by side. A narrower width (a layer's live units
     * beyond the last whole CHUNK: ~67 of the benchmark's ~195) runs the same eight, reading past its width where
     * src has room, and keeps only its own lanes; taking its vectors one at a time, it had cost 4–8 times a
     * whole chunk for half the rows.
     */
    static void sparseSum(int[] idx, float[] vals, int e0, int e1, float[] src, int base, int stride, int width,
                          float[] dst, int dOff) {
        boolean roomy = e1 > e0 && base + (long) idx[e1 - 1] * stride + CHUNK <= src.length;
        if (width != CHUNK && !roomy) {
            sparseSumNarrow(idx, vals, e0, e1, src, base, stride, width, dst, dOff);
            return;
        }
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int e = e0; e < e1; e++) {
            FloatVector xv = FloatVector.broadcast(S, vals[e]);
            int s = base + idx[e] * stride;
            a0 = FloatVector.fromArray(S, src, s).fma(xv, a0);
            a1 = FloatVector.fromArray(S, src, s + L).fma(xv, a1);
            a2 = FloatVector.fromArray(S, src, s + 2 * L).fma(xv, a2);
            a3 = FloatVector.fromArray(S, src, s + 3 * L).fma(xv, a3);
            a4 = FloatVector.fromArray(S, src, s + 4 * L).fma(xv, a4);
            a5 = FloatVector.fromArray(S, src, s + 5 * L).fma(xv, a5);
            a6 = FloatVector.fromArray(S, src, s + 6 * L).fma(xv, a6);
            a7 = FloatVector.fromArray(S, src, s + 7 * L).fma(xv, a7);
        }
        store(a0, 0, width, dst, dOff);
        store(a1, L, width, dst, dOff);
        store(a2, 2 * L, width, dst, dOff);
        store(a3, 3 * L, width, dst, dOff);
        store(a4, 4 * L, width, dst, dOff);
        store(a5, 5 * L, width, dst, dOff);
        store(a6, 6 * L, width, dst, dOff);
        store(a7, 7 * L, width, dst, dOff);
    }

    /** dst[dOff + from + l] = a's lane l for the lanes below width. */
    private static void store(FloatVector a, int from, int width, float[] dst, int dOff) {
        if (from + L <= width) {
            a.intoArray(dst, dOff + from);
            return;
        }
        for (int j = from; j < width; j++) {
            dst[dOff + j] = a.lane(j - from);
        }
    }

    /**
     * {@link #sparseSum} a vector at a time, for a narrow width whose reads would run past the end of src (or that
     * has no non-zeros).
     */
    private static void sparseSumNarrow(int[] idx, float[] vals, int e0, int e1, float[] src, int base,
                                        int stride, int width, float[] dst, int dOff) {
        int j = 0;
        for (; j + L <= width; j += L) {
            FloatVector a = FloatVector.zero(S);
            for (int e = e0; e < e1; e++) {
                a = FloatVector.fromArray(S, src, base + idx[e] * stride + j).fma(FloatVector.broadcast(S, vals[e]), a);
            }
            a.intoArray(dst, dOff + j);
        }
        for (; j < width; j++) {
            float a = 0f;
            for (int e = e0; e < e1; e++) {
                a = Math.fma(src[base + idx[e] * stride + j], vals[e], a);
            }
            dst[dOff + j] = a;
        }
    }
}
