package org.latentatlas.eval;

import org.latentatlas.math.Rng;

/**
 * The ε of each (example, sample) pair: z = μ + σ⊙ε.
 *
 * <p>A seeded source gives every pair its own generator, seeded from (seed, repeat, example, sample), so the
 * numbers do not depend on how rows are batched or which thread draws them: the same seed gives the same
 * estimate at any chunk size and core count.
 */
public interface NoiseSource {

    /** Writes the latentDim values of ε for one pair into {@code out[offset ..]}. */
    void fill(int example, int sample, float[] out, int offset, int latentDim);

    /** Independent N(0, I) per pair, reproducible from the four numbers. */
    static NoiseSource seeded(long seed, int repeat) {
        long base = mix(mix(seed) ^ repeat);
        return (example, sample, out, offset, latentDim) -> {
            Rng rng = new Rng(mix(mix(base ^ example) + sample));
            rng.fillGaussian(out, offset, latentDim);
        };
    }

    /**
     * Every ε that repeats 0..repeats−1 of {@link #seeded}(seed, r) give the first {@code examples} examples' first
     * {@code samples} samples: what the importance sampler draws for them, for another framework to use as is.
     *
     * @return (repeats, examples, samples, latentDim), the layout {@link #fixed} reads back
     */
    static float[] seededArray(long seed, int repeats, int examples, int samples, int latentDim) {
        long length = (long) repeats * examples * samples * latentDim;
        if (repeats < 0 || examples < 0 || samples < 0 || latentDim < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot hold the ε of " + repeats + " repeats x " + examples
                    + " examples x " + samples + " samples x " + latentDim + " dims in one array");
        }
        float[] eps = new float[(int) length];
        for (int r = 0; r < repeats; r++) {
            NoiseSource noise = seeded(seed, r);
            for (int e = 0; e < examples; e++) {
                for (int s = 0; s < samples; s++) {
                    noise.fill(e, s, eps, offset(r, e, s, examples, samples, latentDim), latentDim);
                }
            }
        }
        return eps;
    }

    /** Repeat {@code repeat}'s ε from an array laid out as {@link #seededArray} writes it. */
    static NoiseSource fixed(float[] eps, int repeat, int examples, int samples, int latentDim) {
        return (example, sample, out, at, dim) -> {
            if (dim != latentDim || example >= examples || sample >= samples) {
                throw new IllegalArgumentException("fixed noise holds " + examples + " examples x " + samples
                        + " samples of " + latentDim + " dims; asked for example " + example + ", sample " + sample
                        + " of " + dim + " dims");
            }
            System.arraycopy(eps, offset(repeat, example, sample, examples, samples, latentDim), out, at, latentDim);
        };
    }

    /** Where pair (example, sample) of a repeat starts in a (repeats, examples, samples, latentDim) array. */
    private static int offset(int repeat, int example, int sample, int examples, int samples, int latentDim) {
        return ((repeat * examples + example) * samples + sample) * latentDim;
    }

    /** SplitMix64's finalizer: consecutive inputs give unrelated outputs. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
