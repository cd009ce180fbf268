package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;
import org.latentatlas.train.Elbo;

/**
 * −log p(x | z = μ) per example in nats: the score of a plain autoencoder, which has no posterior to sample and
 * no KL term, so this is a reconstruction loss and not a bound on log p(x).
 *
 * @param mean     mean over the examples
 * @param stdErr   standard error of that mean over examples
 * @param examples examples scored
 */
public record Reconstruction(double mean, double stdErr, int examples) {
    public static final String ESTIMATOR = "-log p(x | z = mu(x)) under the decoder's likelihood, decoded once at the"
            + " encoder mean (no sampling, no seed); mean over examples, s.e. over examples";

    public Reconstruction {
        if (examples < 1) {
            throw new IllegalArgumentException("a reconstruction needs at least one example, got " + examples);
        }
    }

    /** Every example encoded to its mean and decoded from it. */
    public static Reconstruction atMean(Vae vae, Dataset data) {
        int dim = data.dim();
        float[] z = vae.encode(data.pixels(), data.size()).mu();
        float[] out = vae.decodeLogits(z, data.size());
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < data.size(); i++) {
            double r = Elbo.reconstruction(vae.likelihood(), out, i * dim, data.pixels(), i * dim, dim, dim);
            sum += r;
            sumSquares += r * r;
        }
        int count = data.size();
        double mean = sum / count;
        double var = count > 1 ? Math.max(0, (sumSquares - count * mean * mean) / (count - 1)) : 0;
        return new Reconstruction(mean, Math.sqrt(var / count), count);
    }
}
