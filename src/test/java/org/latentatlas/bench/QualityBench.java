package org.latentatlas.bench;

import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Vae;
import org.latentatlas.train.Binarization;
import org.latentatlas.train.Elbo;

/**
 * Training quality against PyTorch ({@code bench/torch_quality.py} is the twin): the 784-200-200-50 VAE on
 * Fashion-MNIST, dynamic binarization, Adam, batch 128, then the test ELBO.
 *
 * <p>Test protocol (both sides): the 10,000 test images binarized once, x ~ Bernoulli(pixel) from a fixed
 * seed; one ε per image; −ELBO = mean over images of BCE + KL, in nats. Prints
 * {@code RESULT train_s=<wall seconds of all epochs> test_nelbo=<nats>}.
 * <pre>
 * java ... org.latentatlas.bench.QualityBench --dim 784 --hidden 200,200 --latent 50 --batch 128 --epochs 5
 * </pre>
 */
public final class QualityBench {
    private QualityBench() {}

    static final int EVAL_BATCH = 500;

    public static void main(String[] args) throws Exception {
        TrainBench.Workload w = TrainBench.Workload.parse(args);
        Split split = DatasetRequest.of("fashion-mnist").load(w.seed(), System.err::println).split();
        TrainBench.Run run = new TrainBench.Run(w, split.train().pixels(), true);
        System.out.printf("atlas: %s on Fashion-MNIST (%d train, %d test), %d epochs%n",
                Vae.describe(w.config()), split.train().size(), split.test().size(), w.epochs());
        long t0 = System.nanoTime();
        for (int e = 1; e <= w.epochs(); e++) {
            double loss = run.epoch();
            System.out.printf("  epoch %d: train -ELBO %.2f (%.1f s)%n", e, loss, (System.nanoTime() - t0) / 1e9);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double test = testNegElbo(run.vae, split.test().pixels(), w.dim(), w.latent(), w.seed());
        System.out.printf("RESULT train_s=%.1f test_nelbo=%.2f%n", seconds, test);
    }

    /** Mean −ELBO over a once-binarized copy of the test set, one ε per image. */
    static double testNegElbo(Vae vae, float[] pixels, int dim, int latent, long seed) {
        float[] x = pixels.clone(); // (n, dim)
        Binarization.sample(x, 0, x.length, new Rng(seed + 1));
        Rng noise = new Rng(seed + 2);
        int n = x.length / dim;
        float[] xb = new float[EVAL_BATCH * dim];    // (batch, dim)
        float[] eps = new float[EVAL_BATCH * latent]; // (batch, latent)
        double total = 0;
        for (int start = 0; start < n; start += EVAL_BATCH) {
            int batch = Math.min(EVAL_BATCH, n - start);
            System.arraycopy(x, start * dim, xb, 0, batch * dim);
            noise.fillGaussian(eps, 0, batch * latent);
            Vae.Pass pass = vae.forward(xb, eps, batch);
            total += Elbo.reconstruction(vae.likelihood(), pass.logits(), 0, xb, 0, batch * dim, dim)
                    + DiagonalGaussian.klToStandardNormal(pass.mu(), pass.logvar(), 0, batch * latent);
        }
        return total / n;
    }
}
