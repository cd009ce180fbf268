package org.latentatlas.eval;

/**
 * Per-dimension statistics of a Gaussian encoder over a set of examples: how many nats each latent
 * dimension carries and whether it is used at all.
 *
 * <p>Inputs are the encoder's outputs for n examples: μ and logσ² as (n, d) row-major arrays.
 */
public final class LatentStatistics {
    /** Burda, Grosse &amp; Salakhutdinov (2015), "Importance Weighted Autoencoders", §5.2: a unit is active when Cov_x(E_q[z_u]) > 10⁻². */
    public static final double ACTIVE_THRESHOLD = 0.01;

    private LatentStatistics() {}

    /**
     * Mean over examples of KL(N(μ_u, σ_u²) ‖ N(0, 1)) = ½(μ² + σ² − logσ² − 1), per dimension, in nats.
     * The per-dimension values sum to the KL term of the ELBO, so the bars add up to the number in the log.
     */
    public static double[] klPerDimension(float[] mu, float[] logvar, int n, int d) {
        checkShape(mu, n, d, "mu");
        checkShape(logvar, n, d, "logvar");
        double[] kl = new double[d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                double m = mu[i * d + u];
                double lv = logvar[i * d + u];
                kl[u] += 0.5 * (m * m + Math.exp(lv) - lv - 1.0);
            }
        }
        for (int u = 0; u < d; u++) {
            kl[u] /= n;
        }
        return kl;
    }

    /**
     * Var_x(μ_u) per dimension: the spread of the posterior means across examples (population variance,
     * divided by n). A dimension whose mean does not move with x carries no information about x.
     */
    public static double[] meanVariance(float[] mu, int n, int d) {
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
