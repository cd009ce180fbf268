package org.latentatlas.math;

/**
 * The element-wise helpers of the layers as plain loops: the oracle for {@link VectorOps} and its fallback
 * when the Vector API is absent. Each element is computed with the same float operations in the same order as
 * the vector version, so the two agree bitwise.
 */
public final class ScalarOps {
    private ScalarOps() {}

    /**
     * Σ a[off, off + n) in float, added in index order from the first. The vector loss passes store their
     * accumulator and add its lanes with this, not with {@code reduceLanes(ADD)}, whose order the Vector API leaves
     * to the JDK: JDK 25 adds the lanes in another order than JDK 17, and interpreted in another order than compiled,
     * so the same model's loss totals differed in their last bits between the two JDKs and with JIT timing.
     */
    public static float sumInOrder(float[] a, int off, int n) {
        float sum = 0f;
        for (int i = off; i < off + n; i++) {
            sum += a[i];
        }
        return sum;
    }

    /** y (rows, cols) += bias (cols) on every row. */
    public static void addBiasRows(float[] y, int yOff, float[] bias, int bOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = yOff + r * cols;
            for (int j = 0; j < cols; j++) {
                y[row + j] += bias[bOff + j];
            }
        }
    }

    /** y (len) = max(y, 0); a NaN stays NaN, so a diverging run is not silently masked. */
    public static void reluInPlace(float[] y, int off, int len) {
        for (int i = off; i < off + len; i++) {
            y[i] = Math.max(y[i], 0f);
        }
    }

    /** dy (len) = y > 0 ? dy : 0, where y (len) is the ReLU's output: the gradient through the ReLU, in place. */
    public static void reluBackward(float[] dy, int dyOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            if (!(y[yOff + i] > 0f)) {
                dy[dyOff + i] = 0f;
            }
        }
    }

    /**
     * dy (rows, cols) = y > 0 ? dy : 0 in place, y being the ReLU's output, and db (cols) = Σ over rows of that masked
     * dy, written, summed row by row in order from +0: a hidden layer's ReLU gradient and its bias gradient.
     */
    public static void reluBackwardSumRows(float[] dy, float[] y, int rows, int cols, float[] db, int dbOff) {
        reluBackward(dy, 0, y, 0, rows * cols);
        sumRows(dy, 0, db, dbOff, rows, cols);
    }

    /** db (cols) = Σ over rows of dy (rows, cols): the bias gradient, written, summed row by row in order from +0. */
    public static void sumRows(float[] dy, int dyOff, float[] db, int dbOff, int rows, int cols) {
        for (int j = 0; j < cols; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += dy[dyOff + r * cols + j];
            }
            db[dbOff + j] = sum;
        }
    }

    /**
     * y (rows, cols) = max(y + bias, 0) on every row (a hidden layer's bias and ReLU), and max (cols) = the largest
     * |y| of each column afterwards (0 exactly for a unit silent on every row; NaN where the column holds one).
     */
    public static void addBiasReluColumnMaxAbs(float[] y, int yOff, float[] bias, int bOff, int rows, int cols,
                                               float[] max) {
        addBiasRows(y, yOff, bias, bOff, rows, cols);
        reluInPlace(y, yOff, rows * cols);
        columnMaxAbs(y, yOff, rows, cols, max);
    }

    /** max (cols) = the largest |y| of each column of y (rows, cols); NaN where the column holds one. */
    public static void columnMaxAbs(float[] y, int yOff, int rows, int cols, float[] max) {
        for (int j = 0; j < cols; j++) {
            float m = 0f;
            for (int r = 0; r < rows; r++) {
                m = Math.max(m, Math.abs(y[yOff + r * cols + j]));
            }
            max[j] = m;
        }
    }
}
