package org.latentatlas.math;

import java.util.Arrays;
import java.util.Objects;

/**
 * The project's only source of randomness: xoshiro256** (Blackman &amp; Vigna 2018) seeded by SplitMix64.
 *
 * <p>Written out rather than taken from {@code java.util.random} so that its whole state is four longs plus
 * a cached Gaussian: a checkpoint can save and restore it exactly, and the stream is identical on every JDK.
 * It is passed explicitly to whoever needs it; nothing in the project holds a hidden static generator.
 */
public final class Rng {
    private long s0, s1, s2, s3;
    private boolean hasSpare;
    private double spare;
    /** Pairs fillGaussian draws ahead of their logarithms, at most: 8,192 (192 KiB of scratch per generator). */
    private static final int BLOCK_PAIRS = 1 << 13;
    private static final double[] NO_PAIRS = new double[0];
    private double[] pairs = NO_PAIRS; // (pair count, 3) fillGaussian's block of pairs (u, v, s)
    private double pairU, pairV; // the last accepted pair's u and v: scratch, not state

    public Rng(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound) without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal by the Marsaglia polar method; the second value of each pair is kept for the next call. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double s = acceptedPair();
        double factor = polarFactor(s);
        spare = pairV * factor;
        hasSpare = true;
        return pairU * factor;
    }

    /** Draws the polar method's next accepted pair into (pairU, pairV) and returns s = u² + v², 0 &lt; s &lt; 1. */
    private double acceptedPair() {
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        pairU = u;
        pairV = v;
        return s;
    }

    /** The polar method's scale for an accepted pair with u² + v² = s. */
    private static double polarFactor(double s) {
        return Math.sqrt(-2 * StrictMath.log(s) / s);
    }

    /**
     * Fills out[offset, offset + length) with independent N(0, 1) samples: the very values {@code length} calls of
     * {@link #nextGaussian} would give, leaving the same state. The pairs are drawn in order (the generator is serial,
     * and cheap) a block at a time; their logarithms, most of the cost, are split over the pool when there are many (a
     * batch-128 step of a 20-dimensional model draws 1,280 pairs, ~45 µs on one thread).
     */
    public void fillGaussian(float[] out, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, out.length);
        int i = offset;
        int end = offset + length;
        if (i < end && hasSpare) {
            out[i++] = (float) nextGaussian();
        }
        while (i < end) {
            i = fillPairs(out, i, end, Math.min(BLOCK_PAIRS, (end - i + 1) / 2));
        }
    }

    /**
     * Draws {@code count} pairs and writes their values to out from {@code first} on, but not at or past {@code end}
     * (then the last pair's second value is the pending spare); returns where the next value goes.
     */
    private int fillPairs(float[] out, int first, int end, int count) {
        if (pairs.length < 3 * count) {
            pairs = new double[3 * count];
        }
        double[] p = pairs;
        for (int q = 0; q < count; q++) {
            p[3 * q + 2] = acceptedPair();
            p[3 * q] = pairU;
            p[3 * q + 1] = pairV;
        }
        Parallel.shared().forEachRangeOfExps(count, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                double factor = polarFactor(p[3 * q + 2]);
                int at = first + 2 * q;
                out[at] = (float) (p[3 * q] * factor);
                if (at + 1 < end) {
                    out[at + 1] = (float) (p[3 * q + 1] * factor);
                }
            }
        });
        // As nextGaussian leaves it: the last pair's second value, pending when it was not written, else used (a
        // checkpoint saves it either way).
        int last = 3 * (count - 1);
        spare = p[last + 1] * polarFactor(p[last + 2]);
        int next = first + 2 * count;
        hasSpare = next > end;
        return Math.min(next, end);
    }

    /** Fisher–Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A new generator whose stream is independent of this one's continuation (for a sub-task). */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The full state, for checkpoints: {s0, s1, s2, s3, hasSpare ? 1 : 0, bits of spare}. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    public static Rng fromState(long[] state) {
        if (state.length != 6) {
            throw new IllegalArgumentException("RNG state must have 6 longs, got " + Arrays.toString(state));
        }
        Rng r = new Rng(0);
        r.s0 = state[0];
        r.s1 = state[1];
        r.s2 = state[2];
        r.s3 = state[3];
        r.hasSpare = state[4] != 0;
        r.spare = Double.longBitsToDouble(state[5]);
        return r;
    }
}
