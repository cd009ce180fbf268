package org.latentatlas.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise helpers of the layers, vectorized. Same contracts as {@link ScalarOps} and bitwise the same
 * results (every element sees the same float operations in the same order; sums run over rows, vectorized
 * across columns). Without the Vector API ({@link Gemm#isVectorized()} false) every call goes to ScalarOps.
 */
public final class VectorOps {
    private VectorOps() {}

    /** y (rows, cols) += bias (cols) on every row. */
    public static void addBiasRows(float[] y, int yOff, float[] bias, int bOff, int rows, int cols) {
        if (Gemm.isVectorized()) {
            Parallel.shared().forEachRange(rows, (long) rows * cols,
                    (r0, r1) -> Lanes.addBiasRows(y, yOff + r0 * cols, bias, bOff, r1 - r0, cols));
        } else {
            ScalarOps.addBiasRows(y, yOff, bias, bOff, rows, cols);
        }
    }

    /** y (len) = max(y, 0); a NaN stays NaN. */
    public static void reluInPlace(float[] y, int off, int len) {
        if (Gemm.isVectorized()) {
            Parallel.shared().forEachRange(len, len, (from, to) -> Lanes.reluInPlace(y, off + from, to - from));
        } else {
            ScalarOps.reluInPlace(y, off, len);
        }
    }

    /** dy (len) = y > 0 ? dy : 0, where y (len) is the ReLU's output. */
    public static void reluBackward(float[] dy, int dyOff, float[] y, int yOff, int len) {
        if (Gemm.isVectorized()) {
            Parallel.shared().forEachRange(len, len,
                    (from, to) -> Lanes.reluBackward(dy, dyOff + from, y, yOff + from, to - from));
        } else {
            ScalarOps.reluBackward(dy, dyOff, y, yOff, len);
        }
    }

    /** db (cols) = Σ over rows of dy (rows, cols): the bias gradient, written (each sum starts from +0). */
    public static void sumRows(float[] dy, int dyOff, float[] db, int dbOff, int rows, int cols) {
        if (Gemm.isVectorized()) {
            // Parts take ranges of whole column blocks; each column's sum still runs over the rows in order.
            byColumnBlocks(rows, cols, (c0, c1) -> Lanes.sumRows(dy, dyOff + c0, db, dbOff + c0, rows, c1 - c0, cols));
        } else {
            ScalarOps.sumRows(dy, dyOff, db, dbOff, rows, cols);
        }
    }

    /**
     * dy (rows, cols) = y > 0 ? dy : 0 in place (y is the ReLU's output) and db (cols) = Σ over rows of the masked dy,
     * written: a hidden layer's ReLU gradient and its bias gradient in one sweep of dy (one fork on two threads instead
     * of two). Bitwise {@code reluBackward} then {@code sumRows}.
     */
    public static void reluBackwardSumRows(float[] dy, float[] y, int rows, int cols, float[] db, int dbOff) {
        if (Gemm.isVectorized()) {
            byColumnBlocks(rows, cols, (c0, c1) -> Lanes.reluBackwardSumRows(dy, y, c0, db, dbOff + c0, rows, c1 - c0, cols));
        } else {
            ScalarOps.reluBackwardSumRows(dy, y, rows, cols, db, dbOff);
        }
    }

    /**
     * y (rows, cols) = max(y + bias, 0) on every row, and max (cols) = each column's largest |y| afterwards: a hidden
     * layer's bias, its ReLU and the scan for units silent on the whole batch, in one sweep of y (one fork on two
     * threads instead of three). Bitwise {@code addBiasRows}, {@code reluInPlace}, then the column maxima (as
     * {@link ScalarOps#addBiasReluColumnMaxAbs} computes them).
     */
    public static void addBiasReluColumnMaxAbs(float[] y, int yOff, float[] bias, int bOff, int rows, int cols,
                                               float[] max) {
        if (Gemm.isVectorized()) {
            byColumnBlocks(rows, cols, (c0, c1) ->
                    Lanes.addBiasReluColumnMaxAbs(y, yOff + c0, bias, bOff + c0, rows, c1 - c0, cols, max, c0));
        } else {
            ScalarOps.addBiasReluColumnMaxAbs(y, yOff, bias, bOff, rows, cols, max);
        }
    }

    /** Runs {@code body} on ranges of whole column blocks [from, to), split over the pool when the matrix is large. */
    private static void byColumnBlocks(int rows, int cols, Parallel.Range body) {
        int blocks = (cols + Lanes.BLOCK - 1) / Lanes.BLOCK;
        Parallel.shared().forEachRange(blocks, (long) rows * cols,
                (b0, b1) -> body.run(Math.min(cols, b0 * Lanes.BLOCK), Math.min(cols, b1 * Lanes.BLOCK)));
    }

    /** The Vector API code, in its own class so that VectorOps loads even where the module is absent. */
    static final class Lanes {
        private Lanes() {}

        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();

        static void addBiasRows(float[] y, int yOff, float[] bias, int bOff, int rows, int cols) {
            int bound = S.loopBound(cols);
            for (int r = 0; r < rows; r++) {
                int row = yOff + r * cols;
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector.fromArray(S, y, row + j).add(FloatVector.fromArray(S, bias, bOff + j))
                        .intoArray(y, row + j);
                }
                for (; j < cols; j++) {
                    y[row + j] += bias[bOff + j];
                }
            }
        }

        static void reluInPlace(float[] y, int off, int len) {
            int bound = S.loopBound(len);
            int i = 0;
            for (; i < bound; i += L) {
                // lanewise MAX is specified as Math.max: NaN propagates and max(-0, 0) is +0, as in ScalarOps.
                FloatVector.fromArray(S, y, off + i).lanewise(VectorOperators.MAX, 0f).intoArray(y, off + i);
            }
            for (; i < len; i++) {
                y[off + i] = Math.max(y[off + i], 0f);
            }
        }

        /**
         * {@link VectorOps#addBiasReluColumnMaxAbs} on columns [0, cols) of a (rows, stride) y at yOff: one vector of
         * columns at a time down all the rows (neighbouring vectors share the rows' cache lines, which stay in cache
         * from one to the next: in L1 at batch 128), the scalar loop for the ragged tail.
         */
        static void addBiasReluColumnMaxAbs(float[] y, int yOff, float[] bias, int bOff, int rows, int cols,
                                            int stride, float[] max, int maxOff) {
            int bound = S.loopBound(cols);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector b = FloatVector.fromArray(S, bias, bOff + j);
                FloatVector m = FloatVector.zero(S);
                for (int r = 0, at = yOff + j; r < rows; r++, at += stride) {
                    // lanewise MAX is Math.max: NaN propagates and max(-0, 0) is +0, as in ScalarOps.
                    FloatVector v = FloatVector.fromArray(S, y, at).add(b).lanewise(VectorOperators.MAX, 0f);
                    v.intoArray(y, at);
                    m = m.lanewise(VectorOperators.MAX, v.lanewise(VectorOperators.ABS));
                }
                m.intoArray(max, maxOff + j);
            }
            for (; j < cols; j++) {
                float m = 0f;
                for (int r = 0, at = yOff + j; r < rows; r++, at += stride) {
                    float v = Math.max(y[at] + bias[bOff + j], 0f);
                    y[at] = v;
                    m = Math.max(m, Math.abs(v));
                }
                max[maxOff + j] = m;
            }
        }

        static void reluBackward(float[] dy, int dyOff, float[] y, int yOff, int len) {
            int bound = S.loopBound(len);
            FloatVector zero = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += L) {
                VectorMask<Float> active = FloatVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(S, dy, dyOff + i), active).intoArray(dy, dyOff + i);
            }
            for (; i < len; i++) {
                if (!(y[yOff + i] > 0f)) {
                    dy[dyOff + i] = 0f;
                }
            }
        }

        /**
         * {@link VectorOps#reluBackwardSumRows} on columns [off, off + cols) of (rows, stride) dy and y: as
         * {@link #sumRows}, four column vectors at a time, each row's dy masked where its y is not positive, stored,
         * then added to its column's sum.
         */
        static void reluBackwardSumRows(float[] dy, float[] y, int off, float[] db, int dbOff, int rows, int cols,
                                        int stride) {
            FloatVector zero = FloatVector.zero(S);
            int j = 0;
            for (; j + BLOCK <= cols; j += BLOCK) {
                FloatVector s0 = zero;
                FloatVector s1 = zero;
                FloatVector s2 = zero;
                FloatVector s3 = zero;
                for (int r = 0, at = off + j; r < rows; r++, at += stride) {
                    s0 = s0.add(maskedStore(dy, y, at, zero));
                    s1 = s1.add(maskedStore(dy, y, at + L, zero));
                    s2 = s2.add(maskedStore(dy, y, at + 2 * L, zero));
                    s3 = s3.add(maskedStore(dy, y, at + 3 * L, zero));
                }
                s0.intoArray(db, dbOff + j);
                s1.intoArray(db, dbOff + j + L);
                s2.intoArray(db, dbOff + j + 2 * L);
                s3.intoArray(db, dbOff + j + 3 * L);
            }
            for (; j + L <= cols; j += L) {
                FloatVector sum = zero;
                for (int r = 0, at = off + j; r < rows; r++, at += stride) {
                    sum = sum.add(maskedStore(dy, y, at, zero));
                }
                sum.intoArray(db, dbOff + j);
            }
            for (; j < cols; j++) {
                float sum = 0f;
                for (int r = 0, at = off + j; r < rows; r++, at += stride) {
                    if (!(y[at] > 0f)) {
                        dy[at] = 0f;
                    }
                    sum += dy[at];
                }
                db[dbOff + j] = sum;
            }
        }

        /** dy[at, at + L) = y > 0 ? dy : 0, stored and returned. */
        private static FloatVector maskedStore(float[] dy, float[] y, int at, FloatVector zero) {
            VectorMask<Float> active = FloatVector.fromArray(S, y, at).compare(VectorOperators.GT, 0f);
            FloatVector d = zero.blend(FloatVector.fromArray(S, dy, at), active);
            d.intoArray(dy, at);
            return d;
        }

        /** Columns per block of {@link #sumRows}: four vector accumulators, four independent add chains. */
        static final int BLOCK = 4 * L;

        /**
         * db (cols) = Σ over rows of dy (rows, cols) with row stride {@code stride}. Four column vectors at a
         * time: one chain of adds (4 cycles each) per vector, so one vector alone ran at a quarter of the speed.
         */
        static void sumRows(float[] dy, int dyOff, float[] db, int dbOff, int rows, int cols, int stride) {
            int j = 0;
            for (; j + BLOCK <= cols; j += BLOCK) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                for (int r = 0, row = dyOff + j; r < rows; r++, row += stride) {
                    s0 = s0.add(FloatVector.fromArray(S, dy, row));
                    s1 = s1.add(FloatVector.fromArray(S, dy, row + L));
                    s2 = s2.add(FloatVector.fromArray(S, dy, row + 2 * L));
                    s3 = s3.add(FloatVector.fromArray(S, dy, row + 3 * L));
                }
                s0.intoArray(db, dbOff + j);
                s1.intoArray(db, dbOff + j + L);
                s2.intoArray(db, dbOff + j + 2 * L);
                s3.intoArray(db, dbOff + j + 3 * L);
            }
            for (; j + L <= cols; j += L) {
                FloatVector sum = FloatVector.zero(S);
                for (int r = 0; r < rows; r++) {
                    sum = sum.add(FloatVector.fromArray(S, dy, dyOff + r * stride + j));
                }
                sum.intoArray(db, dbOff + j);
            }
            for (; j < cols; j++) {
                float sum = 0f;
                for (int r = 0; r < rows; r++) {
                    sum += dy[dyOff + r * stride + j];
                }
                db[dbOff + j] = sum;
            }
        }
    }
}
