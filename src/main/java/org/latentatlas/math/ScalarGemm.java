package org.latentatlas.math;

/**
 * The plain triple-loop GEMMs: slow, obviously right, and the oracle every fast kernel is tested against.
 * Accumulation is in double so the oracle is more accurate than what it checks.
 *
 * <p>All matrices are row-major slices of flat arrays starting at the given offsets. The three shapes are the
 * three products a linear layer needs: forward {@code Y = X·Wᵀ}, input gradient {@code dX = dY·W} and weight
 * gradient {@code dW = dYᵀ·X}.
 */
public final class ScalarGemm {
    private ScalarGemm() {}

    /** c (m, n) [+]= a (m, k) · bᵀ where b is (n, k). */
    public static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + i * k + p] * b[bOff + j * k + p];
                }
                c[cOff + i * n + j] = (float) sum;
            }
        }
    }

    /** c (m, n) [+]= a (m, k) · b where b is (k, n). */
    public static void ab(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] = (float) sum;
            }
        }
    }

    /** c (m, n) [+]= aᵀ · b where a is (k, m) and b is (k, n). */
    public static void aTb(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + p * m + i] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] = (float) sum;
            }
        }
    }
}
