package org.latentatlas.model;

import org.latentatlas.math.Parallel;

/**
 * The posterior q(z|x) = N(μ, diag σ²) of the encoder's two heads, kept as μ and logσ² ("logvar"), and its closed
 * forms against the prior p(z) = N(0, I) (Kingma &amp; Welling 2014, Appendix B). Training's loss, the per-epoch test
 * ELBO, {@code atlas evaluate}'s report and the figures all take them from here, so a number called the KL is the
 * same bits wherever it is printed. Every formula is in double, from the float μ and logσ² a pass gives, in one
 * order of operations: a caller that sums must keep its own order, as the sums are what the golden files pin.
 */
public final class DiagonalGaussian {
    private DiagonalGaussian() {}

    /** σ² = exp(logσ²), in double. */
    public static double variance(double logvar) {
        return StrictMath.exp(logvar);
    }

    /**
     * out (n) = σ² of each of logvar (n), for the KL and its gradient to share (an exp costs ~9 ns here, so they are
     * computed once, and split over the pool).
     */
    public static double[] variances(float[] logvar, int n, double[] out) {
        Parallel.shared().forEachRangeOfExps(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = variance(logvar[i]);
            }
        });
        return out;
    }

    /**
     * σ = exp(½·logσ²), in double: z = μ + σ⊙ε rounds it to float first ({@link Vae#reparameterize}), the mixture of
     * {@code eval.PosteriorInformation} does not.
     */
    public static double sigma(double logvar) {
        return StrictMath.exp(0.5 * logvar);
    }

    /** KL(N(μ, exp(logvar)) ‖ N(0, 1)) = ½(μ² + σ² − logσ² − 1) of one dimension, in nats. */
    public static double klToStandardNormal(double mu, double logvar) {
        return klToStandardNormal(mu, logvar, variance(logvar));
    }

    /** The same with σ² = exp(logvar) already computed ({@link #variances}): the same bits. */
    public static double klToStandardNormal(double mu, double logvar, double variance) {
        return 0.5 * (mu * mu + variance - logvar - 1);
    }

    /**
     * Σ_j KL(N(μ_j, σ_j²) ‖ N(0, 1)) over the values [from, to) of (…, latent) arrays, summed in index order from 0:
     * one example's KL when the range is its row.
     */
    public static double klToStandardNormal(float[] mu, float[] logvar, int from, int to) {
        double sum = 0;
        for (int j = from; j < to; j++) {
            sum += klToStandardNormal(mu[j], logvar[j]);
        }
        return sum;
    }

    /**
     * log N(z; 0, 1) − log N(z; μ, σ²) of one dimension at z = μ + σε: ½(ε² − z² + logσ²), in nats, the 2π terms
     * cancelling. Summed over z's dimensions it is an importance weight's log p(z) − log q(z|x) (IWAE, and the
     * importance-sampled log p(x)).
     */
    public static double logPriorOverPosterior(float z, float eps, float logvar) {
        return 0.5 * ((double) eps * eps - (double) z * z + logvar);
    }
}
