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
            Lanes.addBiasRows(y, yOff, bias, bOff, rows, cols);
        } else {
            ScalarOps.addBiasRows(y, yOff, bias, bOff, rows, cols);
        }
    }

    /** y (len) = max(y, 0); a NaN stays NaN. */
    public static void reluInPlace(float[] y, int off, int len) {
        if (Gemm.isVectorized()) {
            Lanes.reluInPlace(y, off, len);
        } else {
            ScalarOps.reluInPlace(y, off, len);
        }
    }

    /** dy (len) = y > 0 ? dy : 0, where y (len) is the ReLU's output. */
    public static void reluBackward(float[] dy, int dyOff, float[] y, int yOff, int len) {
        if (Gemm.isVectorized()) {
            Lanes.reluBackward(dy, dyOff, y, yOff, len);
        } else {
            ScalarOps.reluBackward(dy, dyOff, y, yOff, len);
        }
    }

    /** db (cols) += Σ over rows of dy (rows, cols): the bias gradient. */
    public static void sumRows(float[] dy, int dyOff, float[] db, int dbOff, int rows, int cols) {
        if (Gemm.isVectorized()) {
            Lanes.sumRows(dy, dyOff, db, dbOff, rows, cols);
        } else {
            ScalarOps.sumRows(dy, dyOff, db, dbOff, rows, cols);
        }
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

        static void sumRows(float[] dy, int dyOff, float[] db, int dbOff, int rows, int cols) {
            int bound = S.loopBound(cols);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector sum = FloatVector.fromArray(S, db, dbOff + j);
                for (int r = 0; r < rows; r++) {
                    sum = sum.add(FloatVector.fromArray(S, dy, dyOff + r * cols + j));
                }
                sum.intoArray(db, dbOff + j);
            }
            for (; j < cols; j++) {
                float sum = db[dbOff + j];
                for (int r = 0; r < rows; r++) {
                    sum += dy[dyOff + r * cols + j];
                }
                db[dbOff + j] = sum;
            }
        }
    }
}
