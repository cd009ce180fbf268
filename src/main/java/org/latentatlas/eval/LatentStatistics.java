package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Vae;

/**
 * How a model uses its latent dimensions on a dataset: how many nats each dimension carries and whether it is
 * used at all. {@link #of} encodes a dataset; the static functions work on encoder outputs μ and logσ² given
 * as (n, d) row-major arrays.
 *
 * @param klPerDimension  (latentDim) mean over examples of KL(q(z_u|x) ‖ N(0, 1)), in nats
 * @param muVariance      (latentDim) Cov_x(E_q[z_u]) = variance over examples of μ_u
 * @param activeUnits     dimensions whose μ-variance exceeds {@link #ACTIVE_THRESHOLD} (Burda et al. 2015)
 */
public record LatentStatistics(double[] klPerDimension, double[] muVariance, int activeUnits) {
    /** Burda, Grosse &amp; Salakhutdinov (2015), "Importance Weighted Autoencoders", §5.2: a unit is active when Cov_x(E_q[z_u]) > 10⁻². */
    public static final double ACTIVE_THRESHOLD = 0.01;

    public LatentStatistics {
        klPerDimension = klPerDimension.clone();
        muVariance = muVariance.clone();
        if (klPerDimension.length != muVariance.length) {
            throw new IllegalArgumentException("per-dimension arrays differ in length: " + klPerDimension.length
                    + " vs " + muVariance.length);
        }
    }

    public int latentDim() {
        return klPerDimension.length;
    }

    public double totalKl() {
        double sum = 0;
        for (double k : klPerDimension) {
            sum += k;
        }
        return sum;
    }

    /** Encodes every example (deterministically: only μ and σ are needed) and summarizes per dimension. */
    public static LatentStatistics of(Vae vae, Dataset data) {
        int n = data.size();
        int d = vae.config().latentDim();
        Vae.Encoding q = vae.encode(data.pixels(), n);
        double[] variance = meanVariance(q.mu(), n, d);
        int active = 0;
        for (double v : variance) {
            active += v > ACTIVE_THRESHOLD ? 1 : 0;
        }
        return new LatentStatistics(klPerDimension(q.mu(), q.logvar(), n, d), variance, active);
    }

    /**
     * Mean over examples of KL(N(μ_u, σ_u²) ‖ N(0, 1)) = ½(μ² + σ² − logσ² − 1), per dimension, in nats.
     * The per-dimension values sum to the KL term of the ELBO (the same
     * {@link DiagonalGaussian#klToStandardNormal(double, double)}), so the bars add up to the number in the log.
     */
    public static double[] klPerDimension(float[] mu, float[] logvar, int n, int d) {
        checkShape(mu, n, d, "mu");
        checkShape(logvar, n, d, "logvar");
        double[] kl = new double[d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                kl[u] += DiagonalGaussian.klToStandardNormal(mu[i * d + u], logvar[i * d + u]);
            }
        }
        for (int u = 0; u < d; u++) {
            kl[u] /= n;
        }
        return kl;
    }

    /** E_x[μ_u] per dimension: the centre of the posterior means (an autoencoder's codes) over the examples. (d) */
    public static double[] mean(float[] mu, int n, int d) {
        checkShape(mu, n, d, "mu");
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                mean[u] += mu[i * d + u];
            }
        }
        for (int u = 0; u < d; u++) {
            mean[u] /= n;
        }
        return mean;
    }

    /**
     * Var_x(μ_u) per dimension: the spread of the posterior means across examples (population variance,
     * divided by n). A dimension whose mean does not move with x carries no information about x.
     */
    public static double[] meanVariance(float[] mu, int n, int d) {
        double[] mean = mean(mu, n, d);
        double[] var = new double[d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                double c = mu[i * d + u] - mean[u];
                var[u] += c * c;
            }
        }
        for (int u = 0; u < d; u++) {
            var[u] /= n;
        }
        return var;
    }

    /** Which dimensions are active: Var_x(μ_u) above {@link #ACTIVE_THRESHOLD}. */
    public static boolean[] activeMask(float[] mu, int n, int d) {
        double[] var = meanVariance(mu, n, d);
        boolean[] active = new boolean[d];
        for (int u = 0; u < d; u++) {
            active[u] = var[u] > ACTIVE_THRESHOLD;
        }
        return active;
    }

    /** The number of active units (Burda et al. 2015). */
    public static int activeUnits(float[] mu, int n, int d) {
        int count = 0;
        for (boolean a : activeMask(mu, n, d)) {
            count += a ? 1 : 0;
        }
        return count;
    }

    private static void checkShape(float[] a, int n, int d, String name) {
        if (n < 1 || d < 1 || a.length != (long) n * d) {
            throw new IllegalArgumentException(name + " has " + a.length + " values, expected (" + n + ", " + d + ")");
        }
    }
}
