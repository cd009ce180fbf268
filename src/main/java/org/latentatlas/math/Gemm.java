package org.latentatlas.math;

/**
 * The GEMM entry points the layers call. Same contracts as {@link ScalarGemm}; the fast path is chosen here.
 *
 * <p>The fast path is {@link VectorGemm}, which needs the incubator module {@code jdk.incubator.vector}
 * ({@code --add-modules jdk.incubator.vector}). Without it, or with {@code -Datlas.gemm=scalar}, every call
 * goes to {@link ScalarGemm}: slow but correct, and never a crash.
 */
public final class Gemm {
    private Gemm() {}

    private static final boolean VECTOR = vectorAvailable();

    /** Whether calls go to the Vector API kernels (false: the scalar fallback). */
    public static boolean isVectorized() {
        return VECTOR;
    }

    private static boolean vectorAvailable() {
        if ("scalar".equalsIgnoreCase(System.getProperty("atlas.gemm"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            // Runs the class initializer and one tiny product: any LinkageError surfaces here, not in a layer.
            float[] c = new float[1];
            VectorGemm.abT(new float[] {2f}, 0, new float[] {3f}, 0, c, 0, 1, 1, 1, false, new Parallel(1));
            return c[0] == 6f;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** c (m, n) [+]= a (m, k) · bᵀ where b is (n, k): a linear layer's forward pass. */
    public static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        if (VECTOR) {
            VectorGemm.abT(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
        } else {
            ScalarGemm.abT(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
        }
    }

    /** c (m, n) [+]= a (m, k) · b where b is (k, n): a linear layer's input gradient. */
    public static void ab(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, boolean accumulate) {
        if (VECTOR) {
            VectorGemm.ab(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
        } else {
            ScalarGemm.ab(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
        }
    }

    /** c (m, n) [+]= aᵀ · b where a is (k, m), b is (k, n): a linear layer's weight gradient. */
    public static void aTb(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        if (VECTOR) {
            VectorGemm.aTb(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
        } else {
            ScalarGemm.aTb(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
        }
    }

    /**
     * dW (m, n) = aᵀ · b where a is (k, m), b is (k, n), handed to {@code update} a block at a time as the weight
     * gradient of the weights at {@code wOff} (row-major, n per row) and never written: the product fused with the
     * optimizer step ({@link WeightUpdate}). The caller claims the weights first.
     */
    public static void aTb(float[] a, int aOff, float[] b, int bOff, WeightUpdate update, int wOff,
                           int m, int n, int k) {
        aTb(a, aOff, b, bOff, update, wOff, null, m, n, k);
    }

    /** As above, with dW's row i the weights' row {@code rowOf[i]}: a layer's live outputs only. */
    public static void aTb(float[] a, int aOff, float[] b, int bOff, WeightUpdate update, int wOff, int[] rowOf,
                           int m, int n, int k) {
        if (VECTOR) {
            VectorGemm.aTb(a, aOff, b, bOff, update, wOff, rowOf, m, n, k, Parallel.shared());
        } else {
            float[] dw = new float[m * n]; // (m, n) the slow path's whole gradient, then one update
            ScalarGemm.aTb(a, aOff, b, bOff, dw, 0, m, n, k, false);
            update.apply(dw, 0, n, wOff, n, m, n, rowOf, 0);
        }
    }
}
