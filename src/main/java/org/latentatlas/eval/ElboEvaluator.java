package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Vae;
import org.latentatlas.train.Elbo;

/**
 * Estimates the ELBO of every example of a dataset: KL in closed form, reconstruction averaged over
 * {@code samples} draws of z ~ q(z|x) from a generator seeded with {@code seed}, so the same call gives the
 * same number.
 */
public final class ElboEvaluator {
    private static final int CHUNK = 256;

    private ElboEvaluator() {}

    public static Evaluation evaluate(Vae vae, Dataset data, int samples, long seed) {
        if (data.dim() != vae.config().inputDim()) {
            throw new IllegalArgumentException(data.name() + " has " + data.dim() + " pixels per image but the model expects "
                    + vae.config().inputDim());
        }
        Rng rng = new Rng(seed);
        int dim = data.dim();
        int latent = vae.config().latentDim();
        double sumElbo = 0;
        double sumSquares = 0;
        double sumRecon = 0;
        double sumKl = 0;
        float[] x = new float[CHUNK * dim];      // (chunk, dim)
        float[] eps = new float[CHUNK * latent]; // (chunk, latent)
        for (int start = 0; start < data.size(); start += CHUNK) {
            int batch = Math.min(CHUNK, data.size() - start);
            System.arraycopy(data.pixels(), start * dim, x, 0, batch * dim);
            double[] recon = new double[batch];
            double[] kl = new double[batch];
            for (int s = 0; s < samples; s++) {
                rng.fillGaussian(eps, 0, batch * latent);
                Vae.Pass pass = vae.forward(x, eps, batch);
                addReconstructions(vae, pass.logits(), x, batch, dim, samples, recon);
                if (s == 0) {
                    for (int i = 0; i < batch; i++) {
                        kl[i] = DiagonalGaussian.klToStandardNormal(pass.mu(), pass.logvar(), i * latent,
                                (i + 1) * latent);
                    }
                }
            }
            for (int i = 0; i < batch; i++) {
                double elbo = -(recon[i] + kl[i]);
                sumElbo += elbo;
                sumSquares += elbo * elbo;
                sumRecon += recon[i];
                sumKl += kl[i];
            }
        }
        int n = data.size();
        double mean = sumElbo / n;
        double variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
        return new Evaluation(mean, Math.sqrt(variance / n), sumRecon / n, sumKl / n, n, samples, seed);
    }

    /**
     * recon (batch) += each row's −log p(x|z) / samples. Rows are split over the pool: one row's pixels are too few
     * for the loss pass to split them, and row by row on the calling thread this took a tenth of `atlas train`'s
     * time on two threads. Each row's sum stays on one thread in its serial order, so the numbers do not depend on
     * the split.
     */
    private static void addReconstructions(Vae vae, float[] logits, float[] x, int batch, int dim, int samples,
                                           double[] recon) {
        Parallel.shared().forEachRange(batch, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                recon[i] += Elbo.reconstruction(vae.likelihood(), logits, i * dim, x, i * dim, dim, dim) / samples;
            }
        });
    }
}
