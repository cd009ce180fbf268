package org.latentatlas.eval;

/**
 * −log p(x) per example by importance sampling with k samples from q(z|x), in nats.
 *
 * @param nll              mean over repeats of the mean over examples of −log p̂_k(x)
 * @param stdErrRepeats    Monte Carlo error: standard error of {@code nll} over the repeats; null for one repeat,
 *                         whose spread measures nothing (0 would read as an exact estimate)
 * @param stdErrExamples   data error: standard error over examples of the per-example mean over repeats; null for
 *                         one example
 * @param bitsPerDim       {@code nll} in bits per pixel, as {@link BitsPerDim} converts it
 * @param perRepeat        (repeats) the mean over examples of each repeat
 * @param k                samples per example in each repeat
 * @param repeats          independent repeats (fresh ε each)
 * @param seed             seed of the ε
 */
public record ImportanceSampledNll(double nll, Double stdErrRepeats, Double stdErrExamples, double bitsPerDim,
                                   double[] perRepeat, int k, int repeats, long seed) {
    public ImportanceSampledNll {
        perRepeat = perRepeat.clone();
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (repeats < 1 || perRepeat.length != repeats) {
            throw new IllegalArgumentException("repeats must be >= 1 and match the per-repeat values, got "
                    + repeats + " and " + perRepeat.length + " values");
        }
        if ((stdErrRepeats == null) != (repeats == 1)) {
            throw new IllegalArgumentException("the Monte Carlo error over repeats is null exactly when there is one"
                    + " repeat, got " + stdErrRepeats + " for " + repeats + " repeats");
        }
        if (Double.isNaN(nll)) {
            throw new IllegalArgumentException("IS-NLL is NaN (per repeat " + java.util.Arrays.toString(perRepeat) + ")");
        }
    }
}
