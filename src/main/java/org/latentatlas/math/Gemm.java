package org.latentatlas.math;

/**
 * The GEMM entry points the layers call. Same contracts as {@link ScalarGemm}; the fast path is chosen here.
 */
public final class Gemm {
    private Gemm() {}

    /** c (m, n) [+]= a (m, k) · bᵀ where b is (n, k): a linear layer's forward pass. */
    public static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        ScalarGemm.abT(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    /** c (m, n) [+]= a (m, k) · b where b is (k, n): a linear layer's input gradient. */
    public static void ab(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, boolean accumulate) {
        ScalarGemm.ab(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    /** c (m, n) [+]= aᵀ · b where a is (k, m), b is (k, n): a linear layer's weight gradient. */
    public static void aTb(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        ScalarGemm.aTb(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }
}
