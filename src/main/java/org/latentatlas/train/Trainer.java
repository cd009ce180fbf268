package org.latentatlas.train;

import java.util.ArrayList;
import java.util.List;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.Split;
import org.latentatlas.eval.ElboEvaluator;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/**
 * Minibatch training of a VAE by Adam on {@code mean(recon + β·KL)}.
 *
 * <p>Every random choice comes from generators split off one {@link Rng} seeded with
 * {@link TrainConfig#seed()} in a fixed order (init, shuffling, ε, evaluation), so the same config and data
 * give the same weights bit for bit.
 */
public final class Trainer {
    /** Monte Carlo samples of ε per test example in the per-epoch and final evaluations. */
    public static final int EVAL_SAMPLES = 10;

    /**
     * What training produced.
     *
     * @param vae     the trained model
     * @param history one entry per epoch
     * @param test    the final held-out evaluation
     */
    public record Result(Vae vae, List<EpochMetrics> history, Evaluation test) {}

    public Result train(VaeConfig config, Split split, TrainConfig tc, TrainingListener listener) {
        Dataset train = split.train();
        if (train.dim() != config.inputDim()) {
            throw new IllegalArgumentException("the dataset has " + train.dim() + " pixels per image but the model expects "
                    + config.inputDim());
        }
        Rng root = new Rng(tc.seed());
        Vae vae = Vae.initialize(config, root.split());
        Rng shuffleRng = root.split();
        Rng noiseRng = root.split();
        long evalSeed = tc.seed(); // stated in the protocol: the evaluation noise is reproducible from the one seed

        int dim = config.inputDim();
        int latent = config.latentDim();
        int batchSize = Math.min(tc.batchSize(), train.size());
        float[] params = vae.parameters();
        float[] grads = new float[params.length];
        Adam adam = new Adam(params.length, tc.learningRate());
        float[] x = new float[batchSize * dim];        // (batch, dim)
        float[] eps = new float[batchSize * latent];   // (batch, latent)
        float[] dMu = new float[batchSize * latent];   // (batch, latent)
        float[] dLogvar = new float[batchSize * latent];
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        listener.onStart(tc.epochs(), stepsPerEpoch);
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = 1; epoch <= tc.epochs(); epoch++) {
            shuffleRng.shuffle(order);
            Elbo.Terms epochTerms = Elbo.Terms.ZERO;
            for (int step = 0; step < stepsPerEpoch; step++) {
                int start = step * batchSize;
                int batch = Math.min(batchSize, order.length - start);
                for (int i = 0; i < batch; i++) {
                    System.arraycopy(train.pixels(), order[start + i] * dim, x, i * dim, dim);
                }
                noiseRng.fillGaussian(eps, 0, batch * latent);
                Elbo.Terms terms = step(vae, x, eps, batch, tc.beta(), grads, dMu, dLogvar);
                checkFinite(terms, grads, epoch, step);
                adam.update(params, grads);
                epochTerms = epochTerms.plus(terms);
                listener.onStep(epoch, step + 1, terms);
            }
            Evaluation test = ElboEvaluator.evaluate(vae, split.test(), EVAL_SAMPLES, evalSeed);
            EpochMetrics metrics = new EpochMetrics(epoch, epochTerms.meanElbo(), epochTerms.meanRecon(),
                    epochTerms.meanKl(), test.elbo(), test.recon(), test.kl());
            history.add(metrics);
            listener.onEpoch(metrics);
        }
        listener.onFinish();
        Evaluation finalTest = ElboEvaluator.evaluate(vae, split.test(), EVAL_SAMPLES, evalSeed);
        return new Result(vae, List.copyOf(history), finalTest);
    }

    /** Forward, loss and backward of one minibatch; leaves the gradient of the batch-mean loss in grads. */
    static Elbo.Terms step(Vae vae, float[] x, float[] eps, int batch, double beta, float[] grads,
                           float[] dMu, float[] dLogvar) {
        int dim = vae.config().inputDim();
        int latent = vae.config().latentDim();
        java.util.Arrays.fill(grads, 0f);
        Vae.Pass pass = vae.forward(x, eps, batch);
        double recon = Elbo.reconstruction(vae.likelihood(), pass.logits(), 0, x, 0, batch * dim);
        double kl = Elbo.klDivergence(pass.mu(), pass.logvar(), batch * latent);
        Elbo.gradients(vae.likelihood(), pass.logits(), x, 0, batch, dim, pass.mu(), pass.logvar(), latent, beta,
                vae.logitsGradient(batch), dMu, dLogvar);
        vae.backward(grads, dMu, dLogvar, batch);
        return new Elbo.Terms(recon, kl, batch);
    }

    private static void checkFinite(Elbo.Terms terms, float[] grads, int epoch, int step) {
        String bad = !Double.isFinite(terms.recon()) ? "the reconstruction term"
                : !Double.isFinite(terms.kl()) ? "the KL term" : null;
        if (bad == null) {
            for (float g : grads) {
                if (!Float.isFinite(g)) {
                    bad = "a gradient";
                    break;
                }
            }
        }
        if (bad != null) {
            throw new TrainingDivergedException("training diverged at epoch " + epoch + " step " + (step + 1)
                    + ": " + bad + " is not finite (try a smaller --lr); no model was written");
        }
    }
}
