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

    /** Fixed ε from an array (examples, samples, latentDim), e.g. read back by the PyTorch cross-check. */
    static NoiseSource fixed(float[] eps, int samples, int latentDim) {
        return (example, sample, out, offset, dim) -> {
            if (dim != latentDim || sample >= samples) {
                throw new IllegalArgumentException("fixed noise holds " + samples + " samples of " + latentDim
                        + " dims; asked for sample " + sample + " of " + dim + " dims");
            }
            System.arraycopy(eps, (example * samples + sample) * latentDim, out, offset, latentDim);
        };
    }

    /** SplitMix64's finalizer: consecutive inputs give unrelated outputs. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
