package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector kernels against the scalar oracle, on shapes chosen to hit every ragged edge of the tiling. */
class GemmKernelsTest {
    /** Offsets into the flat arrays, so that no kernel can assume its matrix starts at index 0. */
    private static final int A_OFF = 3, B_OFF = 5, C_OFF = 7;

    private static Parallel twoThreads;
    private static Parallel threeThreads;

    @BeforeAll
    static void startPools() {
        twoThreads = new Parallel(2);
        threeThreads = new Parallel(3);
    }

    @AfterAll
    static void stopPools() {
        twoThreads.close();
        threeThreads.close();
    }

    /**
     * {m, n, k}: the layer shapes, plus 1s, primes and one-past-a-tile sizes for the tails of MR (6 or 8), NR and KC.
     * The products of C taller than wide and narrower than a panel go the ways only they go: B one panel, packed by
     * each thread, and the weight gradient computed transposed.
     */
    static Stream<Arguments> shapes() {
        int[][] s = {
            {1, 1, 1}, {7, 13, 5}, {129, 785, 33}, {128, 784, 512}, {1, 512, 20}, {20, 1, 3},
            {6, 16, 256}, {6, 32, 257}, {5, 17, 1}, {13, 33, 300}, {128, 512, 784}, {512, 784, 128},
            {2, 3, 600}, {97, 40, 7}, {8, 32, 256}, {9, 33, 257}, {17, 48, 64},
            {256, 20, 128}, {130, 2, 1030}, // narrower than a panel: a latent layer's products (and deeper than KC ×4)
        };
        return Stream.of(s).flatMap(x -> Stream.of(
            Arguments.of(x[0], x[1], x[2], false), Arguments.of(x[0], x[1], x[2], true)));
    }

    enum Shape { AB_T, AB, A_T_B }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("shapes")
    void abTMatchesScalarOracleOnRaggedShapes(int m, int n, int k, boolean accumulate) {
        checkAgainstOracle(Shape.AB_T, m, n, k, accumulate);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("shapes")
    void abMatchesScalarOracleOnRaggedShapes(int m, int n, int k, boolean accumulate) {
        checkAgainstOracle(Shape.AB, m, n, k, accumulate);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("shapes")
    void aTbMatchesScalarOracleOnRaggedShapes(int m, int n, int k, boolean accumulate) {
        checkAgainstOracle(Shape.A_T_B, m, n, k, accumulate);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("shapes")
    void resultsAreBitwiseIdenticalForOneTwoAndThreeThreads(int m, int n, int k, boolean accumulate) {
        for (Shape shape : Shape.values()) {
            Problem p = new Problem(m, n, k, 42 + m + n + k);
            float[] one = p.c0.clone();
            float[] two = p.c0.clone();
            float[] three = p.c0.clone();
            try (Parallel single = new Parallel(1)) {
                run(shape, p, one, accumulate, single);
            }
            run(shape, p, two, accumulate, twoThreads);
            run(shape, p, three, accumulate, threeThreads);
            // isEqualTo is Arrays.equals: bitwise (floatToIntBits) and O(n), unlike containsExactly.
            assertThat(two).as("%s, 2 threads vs 1", shape).isEqualTo(one);
            assertThat(three).as("%s, 3 threads vs 1", shape).isEqualTo(one);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} accumulate={3}")
    @MethodSource("shapes")
    void productsComputedAsTransposedCAreBitwiseIdenticalToTheDirectPath(int m, int n, int k, boolean accumulate) {
        Problem p = new Problem(m, n, k, 9 + m * n + k);
        float[][] direct = {p.c0.clone(), p.c0.clone()}; // abT, aTb
        float[][] transposed = {p.c0.clone(), p.c0.clone()};
        VectorGemm.abT(p.a, A_OFF, p.b, B_OFF, direct[0], C_OFF, m, n, k, accumulate, twoThreads, false);
        VectorGemm.abT(p.a, A_OFF, p.b, B_OFF, transposed[0], C_OFF, m, n, k, accumulate, twoThreads, true);
        VectorGemm.aTb(p.a, A_OFF, p.b, B_OFF, direct[1], C_OFF, m, n, k, accumulate, twoThreads, false);
        VectorGemm.aTb(p.a, A_OFF, p.b, B_OFF, transposed[1], C_OFF, m, n, k, accumulate, twoThreads, true);
        assertThat(transposed[0]).as("abT").isEqualTo(direct[0]);
        assertThat(transposed[1]).as("aTb").isEqualTo(direct[1]);
    }

    @Test
    void zeroDepthClearsOrKeepsTheOutput() {
        float[] c = {1, 2, 3, 4};
        VectorGemm.abT(new float[0], 0, new float[0], 0, c, 0, 2, 2, 0, true);
        assertThat(c).containsExactly(1, 2, 3, 4);
        VectorGemm.ab(new float[0], 0, new float[0], 0, c, 0, 2, 2, 0, false);
        assertThat(c).containsExactly(0, 0, 0, 0);
        float[] d = {1, 2, 3, 4, 5, 6}; // (2, 3)
        VectorGemm.abT(new float[0], 0, new float[0], 0, d, 0, 2, 3, 0, false);
        assertThat(d).containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void elementsOutsideTheOutputSliceAreNeverWritten() {
        Problem p = new Problem(9, 19, 11, 7);
        float[] c = p.c0.clone();
        VectorGemm.aTb(p.a, A_OFF, p.b, B_OFF, c, C_OFF, 9, 19, 11, false);
        for (int i = 0; i < C_OFF; i++) {
            assertThat(c[i]).isEqualTo(p.c0[i]);
        }
        for (int i = C_OFF + 9 * 19; i < c.length; i++) {
            assertThat(c[i]).isEqualTo(p.c0[i]);
        }
    }

    @Test
    void repeatedCallsOnDifferentShapesReuseBuffersWithoutStaleData() {
        // A large call leaves its packing buffers full; a smaller one after it must not read their leftovers.
        checkAgainstOracle(Shape.AB_T, 128, 784, 512, false);
        checkAgainstOracle(Shape.AB_T, 7, 13, 5, false);
        checkAgainstOracle(Shape.A_T_B, 33, 17, 300, true);
        checkAgainstOracle(Shape.AB, 1, 1, 1, false);
    }

    private static void checkAgainstOracle(Shape shape, int m, int n, int k, boolean accumulate) {
        Problem p = new Problem(m, n, k, 1000L * m + 31L * n + k);
        float[] fast = p.c0.clone();
        float[] oracle = p.c0.clone();
        run(shape, p, fast, accumulate, Parallel.shared());
        switch (shape) {
            case AB_T -> ScalarGemm.abT(p.a, A_OFF, p.b, B_OFF, oracle, C_OFF, m, n, k, accumulate);
            case AB -> ScalarGemm.ab(p.a, A_OFF, p.b, B_OFF, oracle, C_OFF, m, n, k, accumulate);
            case A_T_B -> ScalarGemm.aTb(p.a, A_OFF, p.b, B_OFF, oracle, C_OFF, m, n, k, accumulate);
        }
        float[] magnitude = p.absProductSums(shape, accumulate); // (m, n): Σ|a||b| (+|c0|)
        for (int i = 0; i < m * n; i++) {
            double tol = 1e-5 * magnitude[i] + 1e-30;
            assertThat((double) fast[C_OFF + i])
                .as("%s %dx%dx%d acc=%s element (%d, %d)", shape, m, n, k, accumulate, i / n, i % n)
                .isCloseTo(oracle[C_OFF + i], org.assertj.core.data.Offset.offset(tol));
        }
        assertThat(fast).as("padding around the output is untouched")
            .startsWith(java.util.Arrays.copyOf(p.c0, C_OFF));
    }

    private static void run(Shape shape, Problem p, float[] c, boolean accumulate, Parallel pool) {
        switch (shape) {
            case AB_T -> VectorGemm.abT(p.a, A_OFF, p.b, B_OFF, c, C_OFF, p.m, p.n, p.k, accumulate, pool);
            case AB -> VectorGemm.ab(p.a, A_OFF, p.b, B_OFF, c, C_OFF, p.m, p.n, p.k, accumulate, pool);
            case A_T_B -> VectorGemm.aTb(p.a, A_OFF, p.b, B_OFF, c, C_OFF, p.m, p.n, p.k, accumulate, pool);
        }
    }

    /** Random operands in flat arrays with slack before and after each matrix. */
    private static final class Problem {
        final int m, n, k;
        final float[] a; // A_OFF + (m, k) or (k, m) + slack
        final float[] b; // B_OFF + (n, k) or (k, n) + slack
        final float[] c0; // C_OFF + (m, n) + slack: the initial output, accumulated into when asked

        Problem(int m, int n, int k, long seed) {
            this.m = m;
            this.n = n;
            this.k = k;
            Rng rng = new Rng(seed);
            a = uniform(rng, A_OFF + m * k + 4);
            b = uniform(rng, B_OFF + n * k + 4);
            c0 = uniform(rng, C_OFF + m * n + 4);
        }

        private static float[] uniform(Rng rng, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = 2 * rng.nextFloat() - 1;
            }
            return x;
        }

        /** Σ_p |a(i,p)|·|b(p,j)| (+ |c0(i,j)| when accumulating): the scale a float sum's error is relative to. */
        float[] absProductSums(Shape shape, boolean accumulate) {
            float[] s = new float[m * n]; // (m, n)
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = accumulate ? Math.abs(c0[C_OFF + i * n + j]) : 0;
                    for (int p = 0; p < k; p++) {
                        float av = shape == Shape.A_T_B ? a[A_OFF + p * m + i] : a[A_OFF + i * k + p];
                        float bv = shape == Shape.AB_T ? b[B_OFF + j * k + p] : b[B_OFF + p * n + j];
                        sum += Math.abs(av) * Math.abs(bv);
                    }
                    s[i * n + j] = (float) sum;
                }
            }
            return s;
        }
    }
}
