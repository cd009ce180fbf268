package org.latentatlas.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training step's element-wise passes over whole batches and parameter arrays, vectorized: the Bernoulli
 * loss and its gradient over (batch, 784) logits and Adam over every parameter. Element by element through
 * {@code Math.log1p}/{@code Math.exp} in double they measured a quarter of a step at batch 128.
 *
 * <p>Callers check {@link Gemm#isVectorized()} first and otherwise keep their scalar reference code (the
 * {@code Likelihood} interface and {@code Adam}'s loop), which these must match within float tolerance.
 */
public final class ElementwiseOps {
    private ElementwiseOps() {}

    /**
     * Elements per part when a pass is split over {@link Parallel}: fixed, so the partial sums and their
     * order (and so the result) do not depend on the thread count; large enough that a fork pays off.
     */
    static final int PART = 1 << 14;

    /** Σ over n elements of BCE-with-logits max(l, 0) − l·x + log1p(e^−|l|), summed in double. */
    public static double bernoulliNll(float[] logits, int lOff, float[] x, int xOff, int n) {
        return sumOverParts(n, 0, (from, length) -> Lanes.bernoulliNll(logits, lOff + from, x, xOff + from, length));
    }

    /** One part's sum: elements [from, from + length) of a pass. */
    private interface PartSum {
        double sum(int from, int length);
    }

    /**
     * start + the sums of the parts of [0, n), the parts split over the pool and their sums added in part order, so
     * the result does not depend on the thread count.
     */
    private static double sumOverParts(int n, double start, PartSum part) {
        int parts = parts(n);
        if (parts == 1) {
            return start + part.sum(0, n);
        }
        double[] partial = new double[parts]; // (parts)
        Parallel.shared().forEach(parts, p -> partial[p] = part.sum(p * PART, Math.min(PART, n - p * PART)));
        double total = start;
        for (double v : partial) {
            total += v;
        }
        return total;
    }

    /**
     * {@link #bernoulliNll} and {@link #bernoulliGradient} of the same logits in one pass, bitwise both: each block's
     * e^−|l| is computed once for the two, and the logits and targets are read once. A training step needs both.
     *
     * @return Σ over n elements of the BCE, summed in double; out (n) gets (σ(l) − x) · scale
     */
    public static double bernoulliNllAndGradient(float[] logits, float[] x, int xOff, float[] out, int n, float scale) {
        return sumOverParts(n, 0, (from, length) ->
                Lanes.bernoulliNllAndGradient(logits, from, x, xOff + from, out, from, length, scale));
    }

    /** out (n) = (σ(l) − x) · scale: the gradient of the Bernoulli loss with respect to the logits. */
    public static void bernoulliGradient(float[] logits, float[] x, int xOff, float[] out, int n, float scale) {
        Parallel.shared().forEach(parts(n), p -> {
            int from = p * PART;
            Lanes.bernoulliGradient(logits, from, x, xOff + from, out, from, Math.min(PART, n - from), scale);
        });
    }

    /**
     * Σ over count elements of the Binomial(n, σ(l)) loss on k = round(x·n) successes:
     * −log C(n, k) + n·softplus(l) − k·l (the same as k·softplus(−l) + (n − k)·softplus(l)), summed in double.
     */
    public static double binomialNll(float[] logits, int lOff, float[] x, int xOff, int count, int n) {
        double[] logChoose = logChooseTable(n);
        double choose = 0; // Σ log C(n, k): a table lookup per pixel, exact in double
        for (int i = 0; i < count; i++) {
            choose += logChoose[(int) Math.round(x[xOff + i] * (double) n)];
        }
        return sumOverParts(count, -choose,
                (from, length) -> Lanes.binomialNll(logits, lOff + from, x, xOff + from, length, n));
    }

    /**
     * {@link #binomialNll} without its −Σ log C(n, k) term, which depends on the data alone: Σ over count elements
     * of n·softplus(l) − k·l with k = round(x·n), summed in double. For callers that score many logit rows against
     * the same example and add its constant once.
     */
    public static double binomialLogitTerms(float[] logits, int lOff, float[] x, int xOff, int count, int n) {
        return sumOverParts(count, 0,
                (from, length) -> Lanes.binomialNll(logits, lOff + from, x, xOff + from, length, n));
    }

    /** out (count) = (n·σ(l) − round(x·n)) · scale: the Binomial loss gradient with respect to the logits. */
    public static void binomialGradient(float[] logits, float[] x, int xOff, float[] out, int count, int n,
                                        float scale) {
        Parallel.shared().forEach(parts(count), p -> {
            int from = p * PART;
            Lanes.binomialGradient(logits, from, x, xOff + from, out, from, Math.min(PART, count - from), n, scale);
        });
    }

    private static volatile double[] lastLogChoose = new double[0]; // (n + 1) for the last n asked

    /**
     * log C(n, k) for 0 ≤ k ≤ n: the Binomial likelihood's constant, from the one table that {@code Likelihood.Binomial},
     * {@link #binomialNll} and the importance sampler's scorer all read, so that they agree to the bit.
     */
    public static double logChoose(int n, int k) {
        return logChooseTable(n)[k];
    }

    /**
     * log C(n, k) for k = 0..n, from log m! = Σ_{i=2..m} log i added in ascending i from +0 (StrictMath, so the same
     * bits on every JVM); kept for the last n asked. Callers must not write to it.
     */
    static double[] logChooseTable(int n) {
        double[] t = lastLogChoose;
        if (t.length == n + 1) {
            return t;
        }
        double[] logFactorial = new double[n + 1]; // (n + 1) log m!, one running sum
        for (int m = 2; m <= n; m++) {
            logFactorial[m] = logFactorial[m - 1] + StrictMath.log(m);
        }
        t = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            t[k] = logFactorial[n] - logFactorial[k] - logFactorial[n - k];
        }
        lastLogChoose = t;
        return t;
    }

    private static int parts(int n) {
        return Math.max(1, (n + PART - 1) / PART);
    }

    /**
     * One Adam update of the elements in {@code ranges} ([from, to) pairs, the first {@code count} of them, ascending),
     * the same float operations in the same order as the scalar loop {@code m = b1·m + (1−b1)·g;
     * v = b2·v + (1−b2)·g·g; p −= step·m / (√v / rc2 + eps)}, so the result is bitwise the scalar one (no fma; sqrt
     * and division are correctly rounded in both). The ranges' elements are split into parts of equal size over the
     * pool in one fork, however many ranges there are: with the weights updated during the backward pass
     * ({@link WeightUpdate}) what is left is mostly biases, a few hundred floats each between the weights.
     *
     * @return whether every gradient read and every parameter written is finite: the divergence guard's two
     *     scans folded into this pass, which reads and writes those elements anyway
     */
    public static boolean adam(float[] params, float[] grads, float[] m, float[] v, int[] ranges, int count,
                               float b1, float b2, float stepSize, float rootCorrection2, float eps) {
        long sum = 0;
        for (int r = 0; r < count; r++) {
            sum += ranges[2 * r + 1] - ranges[2 * r];
        }
        long total = sum;
        int chunk = 4 * PART; // memory-bound: larger parts, fewer claims
        int parts = (int) Math.max(1, (total + chunk - 1) / chunk);
        boolean[] finite = new boolean[parts]; // (parts)
        Parallel.shared().forEach(parts, part -> {
            long first = (long) part * chunk; // this part's elements, counted through the ranges' concatenation
            long last = Math.min(total, first + chunk);
            boolean ok = true;
            long seen = 0;
            for (int r = 0; r < count && seen < last; r++) {
                int from = ranges[2 * r];
                int length = ranges[2 * r + 1] - from;
                long lo = Math.max(first, seen);
                long hi = Math.min(last, seen + length);
                if (lo < hi) {
                    int at = from + (int) (lo - seen);
                    ok &= Lanes.adam(params, at, grads, at, m, v, (int) (hi - lo), b1, b2, stepSize,
                            rootCorrection2, eps);
                }
                seen += length;
            }
            finite[part] = ok;
        });
        for (boolean f : finite) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adam on a tile of a weight matrix, its gradient from a separate tile (see {@link WeightUpdate#apply} for the
     * indexing): the same operations per element as {@link #adam}.
     *
     * @return whether every gradient read and every parameter written is finite
     */
    public static boolean adam(float[] params, int p, int pStride, int[] rowOf, int rowOfOff, float[] g, int gOff,
                               int gStride, int rows, int cols, float[] m, float[] v, float b1, float b2,
                               float stepSize, float rootCorrection2, float eps) {
        boolean finite = true;
        for (int r = 0; r < rows; r++) {
            int at = p + (rowOf == null ? r : rowOf[rowOfOff + r]) * pStride;
            finite &= Lanes.adam(params, at, g, gOff + r * gStride, m, v, cols, b1, b2, stepSize, rootCorrection2,
                    eps);
        }
        return finite;
    }

    /** The Vector API code, in its own class so that ElementwiseOps loads even where the module is absent. */
    static final class Lanes {
        private Lanes() {}

        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        /**
         * Elements per block of the loss passes: e^−|l| (and its log1p) for a block go through a per-thread scratch
         * array, and the block's vectors are summed in float before the partial sum moves to double (error ~1e-7
         * relative). The polynomials live in {@link #expNegAbs} and {@link #log1pInPlace}, array to array, because
         * a FloatVector passed to or returned from a method C2 did not inline is boxed on the heap; for the same
         * reason the loops below write even a one-line rounding out rather than call a vector-to-vector helper.
         * Inlined into a loss loop, the two passes can push that compile past C2's node budget, which boxes after
         * all, so jvm.options (which ./atlas and bench/run pass to the JVM) keeps them out of their callers. With
         * the loops as they are, training with the Bernoulli and Binomial losses allocates nothing after warm-up
         * without jvm.options too (JDK 17 and 25; docs/benchmark-history.md, thirteenth round): the directives are
         * a guard.
         */
        private static final int BLOCK = 64 * 16;
        private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

        private static float[] scratch() {
            return SCRATCH.get();
        }

        static double bernoulliNll(float[] logits, int lOff, float[] x, int xOff, int n) {
            int bound = S.loopBound(n);
            float[] t = scratch(); // (BLOCK) log1p(e^−|l|) of the block
            double total = 0;
            for (int b = 0; b < bound; b += BLOCK) {
                int len = Math.min(BLOCK, bound - b);
                expNegAbs(logits, lOff + b, t, len);
                log1pInPlace(t, len);
                total += bernoulliNllBlock(logits, lOff + b, x, xOff + b, t, len);
            }
            for (int i = bound; i < n; i++) {
                total += bceTail(logits[lOff + i], x[xOff + i]);
            }
            return total;
        }

        static void bernoulliGradient(float[] logits, int lOff, float[] x, int xOff, float[] out, int oOff, int n,
                                      float scale) {
            int bound = S.loopBound(n);
            float[] t = scratch(); // (BLOCK) e^−|l| of the block
            for (int b = 0; b < bound; b += BLOCK) {
                int len = Math.min(BLOCK, bound - b);
                expNegAbs(logits, lOff + b, t, len);
                bernoulliGradientBlock(logits, lOff + b, x, xOff + b, t, out, oOff + b, len, scale);
            }
            for (int i = bound; i < n; i++) {
                out[oOff + i] = bernoulliGradientTail(logits[lOff + i], x[xOff + i], scale);
            }
        }

        /** {@link #bernoulliGradient} into out, then {@link #bernoulliNll}'s sum, from one e^−|l| per block. */
        static double bernoulliNllAndGradient(float[] logits, int lOff, float[] x, int xOff, float[] out, int oOff,
                                              int n, float scale) {
            int bound = S.loopBound(n);
            float[] t = scratch(); // (BLOCK) e^−|l| of the block, then log1p of it
            double total = 0;
            for (int b = 0; b < bound; b += BLOCK) {
                int len = Math.min(BLOCK, bound - b);
                expNegAbs(logits, lOff + b, t, len);
                bernoulliGradientBlock(logits, lOff + b, x, xOff + b, t, out, oOff + b, len, scale);
                log1pInPlace(t, len);
                total += bernoulliNllBlock(logits, lOff + b, x, xOff + b, t, len);
            }
            for (int i = bound; i < n; i++) {
                total += bceTail(logits[lOff + i], x[xOff + i]);
                out[oOff + i] = bernoulliGradientTail(logits[lOff + i], x[xOff + i], scale);
            }
            return total;
        }

        /** The BCE of one element past the vector loops, in double. */
        private static double bceTail(double l, float x) {
            return Math.max(l, 0) - l * x + StrictMath.log1p(StrictMath.exp(-Math.abs(l)));
        }

        /** (σ(l) − x) · scale for one element past the vector loops. */
        private static float bernoulliGradientTail(double l, float x, float scale) {
            return (float) (1 / (1 + StrictMath.exp(-l)) - x) * scale;
        }

        /**
         * Σ over one block (len a multiple of L) of max(l, 0) − l·x + t, with t = log1p(e^−|l|), in float; t is
         * overwritten.
         */
        private static float bernoulliNllBlock(float[] logits, int lOff, float[] x, int xOff, float[] t, int len) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < len; i += L) {
                FloatVector l = FloatVector.fromArray(S, logits, lOff + i);
                FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
                // max(l, 0) − l·x + log1p(t); one fma, so a large l with x near 1 does not cancel badly
                acc = acc.add(l.fma(xv.neg(), l.max(0f)).add(FloatVector.fromArray(S, t, i)));
            }
            acc.intoArray(t, 0); // the block's t is spent: its first L slots hold the lanes, added in lane order
            return ScalarOps.sumInOrder(t, 0, L);
        }

        /** out = (σ(l) − x) · scale over one block (len a multiple of L), with t = e^−|l|. */
        private static void bernoulliGradientBlock(float[] logits, int lOff, float[] x, int xOff, float[] t,
                                                   float[] out, int oOff, int len, float scale) {
            for (int i = 0; i < len; i += L) {
                FloatVector l = FloatVector.fromArray(S, logits, lOff + i);
                FloatVector tv = FloatVector.fromArray(S, t, i);
                // σ(l) = 1/(1+e^−l) for l ≥ 0 and e^l/(1+e^l) below: with t = e^−|l| both are stable.
                FloatVector sigmoid = tv.blend(1f, l.compare(VectorOperators.GE, 0f)).div(tv.add(1f));
                sigmoid.sub(FloatVector.fromArray(S, x, xOff + i)).mul(scale).intoArray(out, oOff + i);
            }
        }

        /** Σ of n·softplus(l) − k·l with k = round(x·n), over count elements (no log C(n, k) term). */
        static double binomialNll(float[] logits, int lOff, float[] x, int xOff, int count, int n) {
            int bound = S.loopBound(count);
            float nf = n;
            float[] t = scratch(); // (BLOCK) log1p(e^−|l|) of the block
            double total = 0;
            for (int b = 0; b < bound; b += BLOCK) {
                int len = Math.min(BLOCK, bound - b);
                expNegAbs(logits, lOff + b, t, len);
                log1pInPlace(t, len);
                FloatVector acc = FloatVector.zero(S);
                for (int i = 0; i < len; i += L) {
                    FloatVector l = FloatVector.fromArray(S, logits, lOff + b + i);
                    // k = round(x·n): adding and subtracting 1.5·2²³ rounds to the nearest integer for 0 ≤ x·n < 2²²
                    // (ties to even; counts k/n·n never tie). Written out: a vector helper C2 did not inline is boxed.
                    FloatVector k = FloatVector.fromArray(S, x, xOff + b + i).mul(nf)
                            .add(ROUND_MAGIC).sub(ROUND_MAGIC);
                    // n·max(l, 0) − k·l in one fma (n·max(l, 0) is exact for n a power of two), + n·log1p(t)
                    acc = acc.add(l.fma(k.neg(), l.max(0f).mul(nf)).add(FloatVector.fromArray(S, t, i).mul(nf)));
                }
                acc.intoArray(t, 0); // the block's t is spent: its first L slots hold the lanes, added in lane order
                total += ScalarOps.sumInOrder(t, 0, L);
            }
            for (int i = bound; i < count; i++) {
                double l = logits[lOff + i];
                double k = Math.round(x[xOff + i] * (double) n);
                total += n * (Math.max(l, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(l)))) - k * l;
            }
            return total;
        }

        static void binomialGradient(float[] logits, int lOff, float[] x, int xOff, float[] out, int oOff, int count,
                                     int n, float scale) {
            int bound = S.loopBound(count);
            float nf = n;
            float[] t = scratch(); // (BLOCK) e^−|l| of the block
            for (int b = 0; b < bound; b += BLOCK) {
                int len = Math.min(BLOCK, bound - b);
                expNegAbs(logits, lOff + b, t, len);
                for (int i = 0; i < len; i += L) {
                    FloatVector l = FloatVector.fromArray(S, logits, lOff + b + i);
                    FloatVector tv = FloatVector.fromArray(S, t, i);
                    FloatVector sigmoid = tv.blend(1f, l.compare(VectorOperators.GE, 0f)).div(tv.add(1f));
                    FloatVector k = FloatVector.fromArray(S, x, xOff + b + i).mul(nf)
                            .add(ROUND_MAGIC).sub(ROUND_MAGIC); // round(x·n), as in binomialNll
                    sigmoid.mul(nf).sub(k).mul(scale).intoArray(out, oOff + b + i);
                }
            }
            for (int i = bound; i < count; i++) {
                double l = logits[lOff + i];
                out[oOff + i] = (float) (n / (1 + StrictMath.exp(-l)) - Math.round(x[xOff + i] * (double) n)) * scale;
            }
        }

        /**
         * Adam over the n elements of params, m and v from {@code p}, with their gradients from {@code g[gi]}; returns
         * whether every gradient and new parameter there is finite.
         */
        static boolean adam(float[] params, int p, float[] g, int gi, float[] m, float[] v, int n, float b1,
                            float b2, float stepSize, float rootCorrection2, float eps) {
            int bound = S.loopBound(n);
            float c1 = 1 - b1;
            float c2 = 1 - b2;
            // x·0 is 0 for every finite x and NaN for ±∞ and NaN, so fma(x, 0, poison) leaves poison 0 until
            // the first non-finite x turns it NaN for good (x − x summed with add profiled at 16 % of a step).
            FloatVector zero = FloatVector.zero(S);
            FloatVector poison = zero;
            int e = 0;
            for (; e < bound; e += L) {
                int i = p + e;
                FloatVector gv = FloatVector.fromArray(S, g, gi + e);
                FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(c1));
                FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(c2).mul(gv));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector denom = vi.sqrt().div(rootCorrection2).add(eps);
                FloatVector pv = FloatVector.fromArray(S, params, i).sub(mi.mul(stepSize).div(denom));
                pv.intoArray(params, i);
                poison = pv.fma(zero, gv.fma(zero, poison));
            }
            boolean finite = poison.compare(VectorOperators.EQ, 0f).allTrue(); // NaN equals nothing
            for (; e < n; e++) {
                int i = p + e;
                float gs = g[gi + e];
                float mi = b1 * m[i] + c1 * gs;
                float vi = b2 * v[i] + c2 * gs * gs;
                m[i] = mi;
                v[i] = vi;
                params[i] -= stepSize * mi / ((float) Math.sqrt(vi) / rootCorrection2 + eps);
                finite &= Float.isFinite(gs) && Float.isFinite(params[i]);
            }
            return finite;
        }

        private static final float LOG2E = 1.44269504088896341f;
        private static final float LN2_HI = 0.693359375f;
        private static final float LN2_LO = -2.12194440e-4f;
        /** 1.5·2²³: adding it rounds a float of magnitude < 2²² to an integer held in the low mantissa bits. */
        private static final float ROUND_MAGIC = 12582912f;
        private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

        // The polynomial coefficients as vectors, and each Horner step one fma: half the Vector API calls of
        // mul-then-add, so less for C2 to chew through.
        private static final FloatVector EXP_P0 = FloatVector.broadcast(S, 1.9875691500e-4f);
        private static final FloatVector EXP_P1 = FloatVector.broadcast(S, 1.3981999507e-3f);
        private static final FloatVector EXP_P2 = FloatVector.broadcast(S, 8.3334519073e-3f);
        private static final FloatVector EXP_P3 = FloatVector.broadcast(S, 4.1665795894e-2f);
        private static final FloatVector EXP_P4 = FloatVector.broadcast(S, 1.6666665459e-1f);
        private static final FloatVector EXP_P5 = FloatVector.broadcast(S, 5.0000001201e-1f);
        private static final FloatVector LOG_P0 = FloatVector.broadcast(S, 7.0376836292e-2f);
        private static final FloatVector LOG_P1 = FloatVector.broadcast(S, -1.1514610310e-1f);
        private static final FloatVector LOG_P2 = FloatVector.broadcast(S, 1.1676998740e-1f);
        private static final FloatVector LOG_P3 = FloatVector.broadcast(S, -1.2420140846e-1f);
        private static final FloatVector LOG_P4 = FloatVector.broadcast(S, 1.4249322787e-1f);
        private static final FloatVector LOG_P5 = FloatVector.broadcast(S, -1.6668057665e-1f);
        private static final FloatVector LOG_P6 = FloatVector.broadcast(S, 2.0000714765e-1f);
        private static final FloatVector LOG_P7 = FloatVector.broadcast(S, -2.4999993993e-1f);
        private static final FloatVector LOG_P8 = FloatVector.broadcast(S, 3.3333331174e-1f);

        /**
         * t[0, len) = e^−|l| for l = logits[lOff, lOff + len), len a multiple of the lane count (Cephes expf:
         * v = −|l| = n·ln2 + r, |r| ≤ ½ln2, degree-6 polynomial; ~1 ulp).
         */
        static void expNegAbs(float[] logits, int lOff, float[] t, int len) {
            for (int i = 0; i < len; i += L) {
                // e^−87 ≈ 1.6e-38 is still a normal float; below it the loss terms are exact anyway
                FloatVector v = FloatVector.fromArray(S, logits, lOff + i).abs().neg().max(-87.0f);
                FloatVector shifted = v.mul(LOG2E).add(ROUND_MAGIC);
                FloatVector n = shifted.sub(ROUND_MAGIC);
                FloatVector r = v.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
                FloatVector p = r.fma(EXP_P0, EXP_P1).fma(r, EXP_P2).fma(r, EXP_P3).fma(r, EXP_P4).fma(r, EXP_P5)
                        .fma(r.mul(r), r).add(1f);
                IntVector k = shifted.reinterpretAsInts().sub(ROUND_MAGIC_BITS); // n as an int
                FloatVector scale = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                p.mul(scale).intoArray(t, i);
            }
        }

        private static final float SQRT2_MINUS_1 = 0.41421356237f;

        /**
         * t[0, len) = log(1 + t) in place, for t in [0, 1] and len a multiple of the lane count (Cephes logf on
         * m = 1 + t in [1, 2]). The argument f = m − 1 (or m/2 − 1 above √2) is formed from t without rounding, so
         * tiny t keep full relative accuracy.
         */
        static void log1pInPlace(float[] t, int len) {
            for (int i = 0; i < len; i += L) {
                FloatVector tv = FloatVector.fromArray(S, t, i);
                VectorMask<Float> high = tv.compare(VectorOperators.GT, SQRT2_MINUS_1);
                FloatVector f = tv.blend(tv.sub(1f).mul(0.5f), high);  // exact: Sterbenz for t − 1 with t ≥ 0.41
                FloatVector e = FloatVector.zero(S).blend(1f, high);
                FloatVector z = f.mul(f);
                FloatVector y = f.fma(LOG_P0, LOG_P1).fma(f, LOG_P2).fma(f, LOG_P3).fma(f, LOG_P4).fma(f, LOG_P5)
                        .fma(f, LOG_P6).fma(f, LOG_P7).fma(f, LOG_P8).mul(f).mul(z);
                y = y.add(e.mul(LN2_LO)).sub(z.mul(0.5f));
                f.add(y).add(e.mul(LN2_HI)).intoArray(t, i);
            }
        }
    }
}
