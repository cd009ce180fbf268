package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;

/**
 * How a model uses its latent dimensions on a dataset.
 *
 * @param klPerDimension  (latentDim) mean over examples of KL(q(z_u|x) ‖ N(0, 1)), in nats
 * @param muVariance      (latentDim) Cov_x(E_q[z_u]) = variance over examples of μ_u
 * @param activeUnits     dimensions whose μ-variance exceeds {@link #ACTIVE_THRESHOLD} (Burda et al. 2015)
 */
public record LatentStatistics(double[] klPerDimension, double[] muVariance, int activeUnits) {
    /** Burda, Grosse &amp; Salakhutdinov (2015): a unit is active when Cov_x(E_q[z_u]) > 0.01. */
    public static final double ACTIVE_THRESHOLD = 0.01;
    private static final int CHUNK = 512;

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
        int latent = vae.config().latentDim();
        int dim = data.dim();
        double[] kl = new double[latent];
        double[] sum = new double[latent];
        double[] sumSquares = new double[latent];
        float[] x = new float[CHUNK * dim]; // (chunk, dim)
        for (int start = 0; start < data.size(); start += CHUNK) {
            int batch = Math.min(CHUNK, data.size() - start);
            System.arraycopy(data.pixels(), start * dim, x, 0, batch * dim);
            Vae.Encoding q = vae.encode(x, batch);
            for (int i = 0; i < batch; i++) {
                for (int u = 0; u < latent; u++) {
                    double mu = q.mu()[i * latent + u];
                    double logvar = q.logvar()[i * latent + u];
                    kl[u] += 0.5 * (mu * mu + Math.exp(logvar) - logvar - 1);
                    sum[u] += mu;
                    sumSquares[u] += mu * mu;
                }
            }
        }
        int n = data.size();
        double[] variance = new double[latent];
        int active = 0;
        for (int u = 0; u < latent; u++) {
            kl[u] /= n;
            double mean = sum[u] / n;
            variance[u] = Math.max(0, sumSquares[u] / n - mean * mean);
            if (variance[u] > ACTIVE_THRESHOLD) {
                active++;
            }
        }
        return new LatentStatistics(kl, variance, active);
    }
}
