package org.latentatlas.train;

import org.latentatlas.math.ElementwiseOps;
import org.latentatlas.math.Gemm;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Likelihood;

/**
 * The negative ELBO per example, in nats (Kingma &amp; Welling 2014, Appendix B):
 * <pre>
 *   −ELBO(x) = recon + KL,   recon = −log p(x|z) = Σ_d −log p(x_d | output_d)  (e.g. BCE with logits),
 *   KL = KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − logσ_j² − 1)
 * </pre>
 * The loss being minimized is {@code recon + β·KL} averaged over the batch; sums are kept in double. The KL's
 * closed form is the posterior's, {@link DiagonalGaussian}; here are its gradients through β and the batch mean.
 *
 * <p>Bernoulli and Binomial(n) are the hot paths (every pixel of every batch; Binomial(16) is the digits
 * default): with the Vector API they go to {@link ElementwiseOps}, which agrees with the {@link Likelihood}
 * reference within float tolerance; every other likelihood runs the reference per pixel.
 */
public final class Elbo {
    private Elbo() {}

    /**
     * Sums over a batch, in nats.
     *
     * @param recon Σ over examples of −log p(x|z)
     * @param kl    Σ over examples of KL(q(z|x) ‖ p(z))
     * @param count examples summed
     */
    public record Terms(double recon, double kl, int count) {
        public static final Terms ZERO = new Terms(0, 0, 0);

        public Terms plus(Terms other) {
            return new Terms(recon + other.recon, kl + other.kl, count + other.count);
        }

        public double meanRecon() {
            return recon / count;
        }

        public double meanKl() {
            return kl / count;
        }

        /**
         * The ELBO per example, a lower bound on log p(x): negative under a discrete likelihood (Bernoulli, Binomial),
         * whose p(x) is at most 1, but possibly positive under a density (a Gaussian, the continuous Bernoulli).
         */
        public double meanElbo() {
            return -(recon + kl) / count;
        }
    }

    /**
     * Reconstruction sum Σ −log p(x|output) over a (rows, dim) block: {@code count} values, a whole number of examples
     * of {@code dim} pixels each, starting at an example's pixel 0. Value i is pixel i mod dim of its example, the
     * index a per-pixel learned σ is read at; a block of part of an example is refused, as its pixel numbers would
     * be wrong.
     */
    public static double reconstruction(Likelihood likelihood, float[] outputs, int outOffset, float[] x, int xOffset,
                                        int count, int dim) {
        if (dim <= 0 || count % dim != 0) {
            throw new IllegalArgumentException("a reconstruction sum needs whole examples of dim " + dim
                    + " pixels (dim > 0), got " + count + " values");
        }
        if (Gemm.isVectorized() && likelihood instanceof Likelihood.Bernoulli) {
            return ElementwiseOps.bernoulliNll(outputs, outOffset, x, xOffset, count);
        }
        if (Gemm.isVectorized() && likelihood instanceof Likelihood.Binomial b) {
            return ElementwiseOps.binomialNll(outputs, outOffset, x, xOffset, count, b.n());
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += likelihood.negLogLikelihood(i % dim, outputs[outOffset + i], x[xOffset + i]);
        }
        return sum;
    }

    /**
     * Gradients of the batch-mean loss {@code mean(recon) + β·mean(KL)}.
     *
     * @param dLogits  (batch, dim) output: d(−log p(x|output))/d(output) / batch, e.g. (σ(l) − x) / batch
     * @param dMu      (batch, latent) output: β·μ / batch
     * @param dLogvar  (batch, latent) output: β·½(σ² − 1) / batch
     */
    public static void gradients(Likelihood likelihood, float[] logits, float[] x, int xOffset, int batch, int dim,
                                 float[] mu, float[] logvar, int latent, double beta,
                                 float[] dLogits, float[] dMu, float[] dLogvar) {
        logitsGradient(likelihood, logits, x, xOffset, batch, dim, dLogits);
        double[] variance = DiagonalGaussian.variances(logvar, batch * latent, new double[batch * latent]);
        klGradients(mu, variance, batch, latent, beta, dMu, dLogvar);
    }

    /**
     * The reconstruction sum over a (batch, dim) block of logits, as {@link #reconstruction}, and its gradient
     * dLogits (batch, dim) = d(recon)/d(logits) / batch, as {@link #gradients}: in one pass for the Bernoulli.
     */
    public static double reconstructionAndGradient(Likelihood likelihood, float[] logits, float[] x, int batch,
                                                   int dim, float[] dLogits) {
        if (Gemm.isVectorized() && likelihood instanceof Likelihood.Bernoulli) {
            return ElementwiseOps.bernoulliNllAndGradient(logits, x, 0, dLogits, batch * dim, 1f / batch);
        }
        double recon = reconstruction(likelihood, logits, 0, x, 0, batch * dim, dim);
        logitsGradient(likelihood, logits, x, 0, batch, dim, dLogits);
        return recon;
    }

    private static void logitsGradient(Likelihood likelihood, float[] logits, float[] x, int xOffset, int batch,
                                       int dim, float[] dLogits) {
        float inv = 1f / batch;
        if (Gemm.isVectorized() && likelihood instanceof Likelihood.Bernoulli) {
            ElementwiseOps.bernoulliGradient(logits, x, xOffset, dLogits, batch * dim, inv);
        } else if (Gemm.isVectorized() && likelihood instanceof Likelihood.Binomial b) {
            ElementwiseOps.binomialGradient(logits, x, xOffset, dLogits, batch * dim, b.n(), inv);
        } else {
            for (int i = 0; i < batch * dim; i++) {
                dLogits[i] = (float) likelihood.gradient(i % dim, logits[i], x[xOffset + i]) * inv;
            }
        }
    }

    /**
     * The KL part of {@link #gradients} from σ² already computed ({@link DiagonalGaussian#variances}): the derivatives
     * of {@link DiagonalGaussian#klToStandardNormal(double, double)}, μ and ½(σ² − 1), scaled by β / batch, in float:
     * dMu = β·μ / batch and dLogvar = β·½(σ² − 1) / batch, both (batch, latent).
     */
    public static void klGradients(float[] mu, double[] variance, int batch, int latent, double beta, float[] dMu,
                                   float[] dLogvar) {
        float scale = (float) (beta / batch);
        for (int i = 0; i < batch * latent; i++) {
            dMu[i] = scale * mu[i];
            dLogvar[i] = scale * 0.5f * ((float) variance[i] - 1f);
        }
    }
}
