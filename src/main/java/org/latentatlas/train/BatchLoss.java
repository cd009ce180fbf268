package org.latentatlas.train;

import java.util.Arrays;
import org.latentatlas.math.WeightUpdate;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;

/**
 * The loss of one minibatch under each {@link Objective} and its gradient, written into a flat gradient array
 * (every parameter's, over what the array held). Buffers grow to the largest batch seen and are reused, so one
 * instance serves one training run.
 *
 * <p>Every method returns the batch's ELBO terms (recon, closed-form KL) for the history, next to the loss that
 * was actually differentiated; with free bits, a β ≠ 1 or the IWAE bound the two differ.
 */
public final class BatchLoss {
    /** The batch's ELBO sums and the mean loss that was minimized. */
    public record Result(Elbo.Terms terms, double loss) {}

    private float[] dMu = new float[0];        // (rows, latent)
    private float[] dLogvar = new float[0];    // (rows, latent)
    private double[] variance = new double[0]; // (rows, latent) σ² = exp(logvar), shared by the KL and its gradient
    private double[] rowWeights = new double[0]; // (rows) the loss weight of each row's reconstruction

    private void ensure(int rows, int latent) {
        if (rowWeights.length < rows) {
            dMu = new float[rows * latent];
            dLogvar = new float[rows * latent];
            variance = new double[rows * latent];
            rowWeights = new double[rows];
        }
    }

    /**
     * mean(recon) + β·Σ_j max(λ, KL_j), where KL_j is dimension j's KL averaged over the batch (free bits,
     * Kingma et al. 2016; λ = 0 gives the usual β-ELBO). A dimension whose batch KL is below λ contributes
     * the constant λ and so gets no KL gradient; the reconstruction still reaches it through z.
     *
     * @param x   (batch, dim) targets
     * @param eps (batch, latent) standard normal noise
     */
    public Result elbo(Vae vae, float[] x, float[] eps, int batch, double beta, double freeBits, float[] grads) {
        return elbo(vae, x, eps, batch, beta, freeBits, grads, null);
    }

    /**
     * {@link #elbo(Vae, float[], float[], int, double, double, float[])} with the weights that can take it updated by
     * {@code update} during the backward pass (see {@link Vae#backward(float[], float[], float[], int, WeightUpdate)}).
     */
    public Result elbo(Vae vae, float[] x, float[] eps, int batch, double beta, double freeBits, float[] grads,
                       WeightUpdate update) {
        int dim = vae.config().inputDim();
        int latent = vae.config().latentDim();
        ensure(batch, latent);
        Vae.Pass pass = vae.forward(x, eps, batch);
        double recon = Elbo.reconstructionAndGradient(vae.likelihood(), pass.logits(), x, batch, dim,
                vae.logitsGradient(batch));
        double[] variance = DiagonalGaussian.variances(pass.logvar(), batch * latent, this.variance); // (batch, latent)
        double[] klPerDim = klPerDimension(pass.mu(), pass.logvar(), variance, batch, latent); // (latent) batch means
        double kl = 0;
        double flooredKl = 0;
        for (double k : klPerDim) {
            kl += k;
            flooredKl += Math.max(freeBits, k);
        }
        Elbo.klGradients(pass.mu(), variance, batch, latent, beta, dMu, dLogvar);
        if (freeBits > 0) {
            for (int j = 0; j < latent; j++) {
                if (klPerDim[j] < freeBits) {
                    for (int i = 0; i < batch; i++) {
                        dMu[i * latent + j] = 0f;
                        dLogvar[i * latent + j] = 0f;
                    }
                }
            }
        }
        Arrays.fill(rowWeights, 0, batch, 1.0 / batch);
        vae.likelihoodGradient(pass.logits(), x, rowWeights, batch, grads);
        vae.backward(grads, dMu, dLogvar, batch, update);
        return new Result(new Elbo.Terms(recon, kl * batch, batch), recon / batch + beta * flooredKl);
    }

    /**
     * The plain autoencoder: z = μ (ε = 0, so σ and the logvar head drop out), loss mean(recon), no KL.
     * The returned terms carry a KL of exactly 0.
     */
    public Result autoencoder(Vae vae, float[] x, int batch, float[] grads) {
        return autoencoder(vae, x, batch, grads, null);
    }

    /** {@link #autoencoder(Vae, float[], int, float[])} with a {@link WeightUpdate}, as for {@link #elbo}. */
    public Result autoencoder(Vae vae, float[] x, int batch, float[] grads, WeightUpdate update) {
        int dim = vae.config().inputDim();
        int latent = vae.config().latentDim();
        ensure(batch, latent);
        float[] zeros = new float[batch * latent]; // ε = 0 gives z = μ exactly
        Vae.Pass pass = vae.forward(x, zeros, batch);
        double recon = Elbo.reconstruction(vae.likelihood(), pass.logits(), 0, x, 0, batch * dim, dim);
        float[] dLogits = vae.logitsGradient(batch);
        Likelihood lik = vae.likelihood();
        for (int i = 0; i < batch * dim; i++) {
            dLogits[i] = (float) (lik.gradient(i % dim, pass.logits()[i], x[i]) / batch);
        }
        Arrays.fill(dMu, 0, batch * latent, 0f);
        Arrays.fill(dLogvar, 0, batch * latent, 0f);
        Arrays.fill(rowWeights, 0, batch, 1.0 / batch);
        vae.likelihoodGradient(pass.logits(), x, rowWeights, batch, grads);
        vae.backward(grads, dMu, dLogvar, batch, update);
        return new Result(new Elbo.Terms(recon, 0, batch), recon / batch);
    }

    /**
     * The IWAE loss −mean_i log (1/k) Σ_s w_is (Burda et al. 2015) with
     * log w = log p(x|z) + log p(z) − log q(z|x) = −recon − ½Σz² + ½Σε² + ½Σlogσ² (the 2π terms cancel), summed
     * by a max-shifted logsumexp. Its gradient is Σ_s w̃_s ∇(−log w_s) with the normalized weights w̃ = softmax(log w),
     * which here means: every row's gradient is the single-sample one scaled by w̃_s / batch.
     *
     * @param xk  (batch·k, dim) each example repeated k times in a row (example-major)
     * @param eps (batch·k, latent)
     */
    public Result iwae(Vae vae, float[] xk, float[] eps, int batch, int k, float[] grads) {
        return iwae(vae, xk, eps, batch, k, grads, null);
    }

    /** {@link #iwae(Vae, float[], float[], int, int, float[])} with a {@link WeightUpdate}, as for {@link #elbo}. */
    public Result iwae(Vae vae, float[] xk, float[] eps, int batch, int k, float[] grads, WeightUpdate update) {
        int dim = vae.config().inputDim();
        int latent = vae.config().latentDim();
        int rows = batch * k;
        ensure(rows, latent);
        Vae.Pass pass = vae.forward(xk, eps, rows);
        double[] logW = new double[rows];
        double[] recon = new double[rows];
        for (int r = 0; r < rows; r++) {
            recon[r] = Elbo.reconstruction(vae.likelihood(), pass.logits(), r * dim, xk, r * dim, dim, dim);
            double logPzOverQ = 0;
            for (int j = r * latent; j < (r + 1) * latent; j++) {
                logPzOverQ += DiagonalGaussian.logPriorOverPosterior(pass.z()[j], eps[j], pass.logvar()[j]);
            }
            logW[r] = -recon[r] + logPzOverQ;
        }
        double loss = 0;
        double reconSum = 0;
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < k; s++) {
                max = Math.max(max, logW[i * k + s]);
            }
            double sum = 0;
            for (int s = 0; s < k; s++) {
                sum += StrictMath.exp(logW[i * k + s] - max);
            }
            loss -= k == 1 ? logW[i * k] : max + StrictMath.log(sum) - StrictMath.log(k);
            for (int s = 0; s < k; s++) {
                rowWeights[i * k + s] = (k == 1 ? 1.0 : StrictMath.exp(logW[i * k + s] - max) / sum) / batch;
                reconSum += recon[i * k + s] / k;
            }
        }
        float[] dLogits = vae.logitsGradient(rows);
        Likelihood lik = vae.likelihood();
        for (int r = 0; r < rows; r++) {
            float w = (float) rowWeights[r];
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                dLogits[i] = (float) lik.gradient(d, pass.logits()[i], xk[i]) * w;
            }
            // −log w's direct terms: ½z² (reaches μ and logσ² through z) and −½logσ²; the decoder's dz is added
            // by Vae.backward through the same reparameterization.
            for (int j = r * latent; j < (r + 1) * latent; j++) {
                float z = pass.z()[j];
                dMu[j] = w * z;
                dLogvar[j] = w * (0.5f * pass.sigma()[j] * eps[j] * z - 0.5f);
            }
        }
        vae.likelihoodGradient(pass.logits(), xk, rowWeights, rows, grads);
        vae.backward(grads, dMu, dLogvar, rows, update);
        double kl = 0;
        for (int i = 0; i < batch; i++) {
            int r = i * k;
            for (int j = r * latent; j < (r + 1) * latent; j++) {
                kl += DiagonalGaussian.klToStandardNormal(pass.mu()[j], pass.logvar()[j]);
            }
        }
        return new Result(new Elbo.Terms(reconSum, kl, batch), loss / batch);
    }

    /** (latent) mean over the batch of each dimension's KL, from σ² (batch, latent) already computed. */
    static double[] klPerDimension(float[] mu, float[] logvar, double[] variance, int batch, int latent) {
        double[] kl = new double[latent];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < latent; j++) {
                int e = i * latent + j;
                kl[j] += DiagonalGaussian.klToStandardNormal(mu[e], logvar[e], variance[e]);
            }
        }
        for (int j = 0; j < latent; j++) {
            kl[j] /= batch;
        }
        return kl;
    }
}
