package org.latentatlas.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;
import org.latentatlas.math.WeightUpdate;

/**
 * A variational autoencoder (Kingma &amp; Welling 2014): an encoder MLP maps x to the Gaussian
 * q(z|x) = N(μ, diag σ²) through two linear heads (μ and logσ²), z = μ + σ⊙ε is drawn by
 * reparameterization, and a decoder MLP maps z to the logits of p(x|z).
 *
 * <p>All parameters live in one flat array in {@link VaeConfig#tensorShapes()} order. The layers keep
 * activation buffers between forward and backward, so an instance is not thread-safe.
 */
public final class Vae {
    private final VaeConfig config;
    private final Likelihood likelihood;
    private final float[] parameters; // (parameterCount) every tensor, in ParameterLayout order
    private final int learnedOffset; // start of likelihood.logsigma in the flat array, or −1
    private final Mlp encoder; // null when the encoder has no hidden layer: the heads read x directly
    private final Linear muHead;
    private final Linear logvarHead;
    private final GaussianHeads heads; // both heads as one product
    private final Mlp decoder;
    private final List<Linear> decoderLayers;
    private final Activation activation;

    // Workspace of the last forward pass, sized for the largest batch seen.
    private int capacity;
    private float[] mu = new float[0];      // (batch, latent)
    private float[] logvar = new float[0];  // (batch, latent)
    private float[] sigma = new float[0];   // (batch, latent)
    private float[] eps = new float[0];     // (batch, latent)
    private float[] z = new float[0];       // (batch, latent)
    private float[] dz = new float[0];      // (batch, latent)
    private float[] dMu = new float[0];     // (batch, latent) the total dL/dμ: the direct terms plus the path through z
    private float[] dLogvar = new float[0]; // (batch, latent) the total dL/dlogσ², likewise
    private final int head;                 // floats before the first tensor in memory (ParameterLayout)
    private float[] lastTrunk;              // (batch, trunk out): h from the last forward, read by backward

    /**
     * Wraps existing parameters (e.g. from a model file); the array is used, not copied. It is in
     * {@link ParameterLayout}'s memory order (the head, then the tensors, the data layer's weight input-major): a
     * file's tensors come in through {@link ParameterLayout#toMemoryOrder}, as {@code io.ModelFile} reads them.
     */
    public Vae(VaeConfig config, float[] parameters) {
        ParameterLayout layout = ParameterLayout.of(config);
        if (parameters.length != layout.size()) {
            throw new IllegalArgumentException("a " + describe(config) + " needs " + config.parameterCount()
                    + " parameters in an array of " + layout.size() + " floats in memory order (ParameterLayout), got "
                    + parameters.length);
        }
        this.config = config;
        this.parameters = parameters;
        this.head = layout.head();
        Likelihood unbound = Likelihood.parse(config.likelihood());
        this.learnedOffset = config.learnedLikelihoodCount() > 0 ? layout.offset(Likelihood.LEARNED_TENSOR) : -1;
        this.likelihood = learnedOffset < 0 ? unbound : unbound.bind(parameters, learnedOffset);
        List<Linear> encoderLayers = new ArrayList<>();
        List<Linear> decoderLayers = new ArrayList<>();
        Linear mu = null;
        Linear logvar = null;
        for (VaeConfig.LinearSpec spec : config.linears()) {
            ParameterLayout.Slot weight = layout.slot(spec.name() + ".weight");
            Linear layer = new Linear(spec.name(), spec.in(), spec.out(), weight.offset(), weight.transposed());
            if (spec.name().startsWith("encoder.")) {
                encoderLayers.add(layer);
            } else if (spec.name().equals("mu")) {
                mu = layer;
            } else if (spec.name().equals("logvar")) {
                logvar = layer;
            } else {
                decoderLayers.add(layer);
            }
        }
        this.activation = Activation.parse(config.activation());
        this.encoder = encoderLayers.isEmpty() ? null : new Mlp(encoderLayers, true, activation);
        this.muHead = mu;
        this.logvarHead = logvar;
        this.heads = new GaussianHeads(mu, logvar);
        this.decoder = new Mlp(decoderLayers, false, activation);
        this.decoderLayers = List.copyOf(decoderLayers);
    }

    /**
     * A second decoder over this model's parameters, with buffers of its own: a caller that decodes many rows
     * (importance sampling) leaves this model's forward-pass workspace untouched. Same layers, same activation.
     */
    public Mlp newDecoder() {
        return new Mlp(decoderLayers, false, activation);
    }

    /**
     * A freshly initialized VAE. Weights and biases are drawn from U(−1/√in, 1/√in), the default of
     * PyTorch's {@code nn.Linear} (Kaiming-uniform with a = √5), so our runs and PyTorch's start alike.
     */
    public static Vae initialize(VaeConfig config, Rng rng) {
        ParameterLayout layout = ParameterLayout.of(config);
        float[] params = new float[layout.parameterCount()]; // file order: the draws fill W (out, in) row by row
        for (VaeConfig.LinearSpec spec : config.linears()) {
            float bound = (float) (1.0 / Math.sqrt(spec.in()));
            int from = layout.fileOffset(layout.slot(spec.name() + ".weight"));
            int to = layout.fileOffset(layout.slot(spec.name() + ".bias")) + spec.out();
            for (int i = from; i < to; i++) {
                params[i] = (2f * rng.nextFloat() - 1f) * bound;
            }
        }
        return new Vae(config, layout.toMemoryOrder(params));
    }

    public static String describe(VaeConfig c) {
        return describe(c, false);
    }

    /** The layer sizes, named "autoencoder" for a network trained as one ({@code --objective ae}), else "VAE". */
    public static String describe(VaeConfig c, boolean autoencoder) {
        return (autoencoder ? "autoencoder" : "VAE") + " " + c.inputDim() + "-" + join(c.encoderHidden()) + c.latentDim() + "-"
                + join(c.decoderHidden()) + c.inputDim();
    }

    private static String join(List<Integer> sizes) {
        StringBuilder sb = new StringBuilder();
        for (int s : sizes) {
            sb.append(s).append('-');
        }
        return sb.toString();
    }

    public VaeConfig config() {
        return config;
    }

    /** The observation model p(x|z) the decoder's outputs parameterize. */
    public Likelihood likelihood() {
        return likelihood;
    }

    /**
     * The flat parameter array, shared, in {@link ParameterLayout}'s memory order: the data layer's weight is kept
     * input-major, (in, out), where the file has (out, in); {@link ParameterLayout#toFileOrder} gives the file's.
     */
    public float[] parameters() {
        return parameters;
    }

    public List<Linear> layers() {
        List<Linear> all = new ArrayList<>();
        if (encoder != null) {
            all.addAll(encoder.layers());
        }
        all.add(muHead);
        all.add(logvarHead);
        all.addAll(decoder.layers());
        return all;
    }

    /**
     * The Gaussian posterior q(z|x) of each example.
     *
     * @param mu     (batch, latentDim) posterior means
     * @param logvar (batch, latentDim) posterior log-variances logσ²
     */
    public record Encoding(float[] mu, float[] logvar) {
        /** σ (batch, latentDim) = exp(½·logσ²), element-wise, fresh. */
        public float[] sigma() {
            float[] s = new float[logvar.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) DiagonalGaussian.sigma(logvar[i]);
            }
            return s;
        }
    }

    /** q(z|x) for x (batch, inputDim): fresh (batch, latentDim) arrays of μ and logσ². */
    public Encoding encode(float[] x, int batch) {
        float[] h = trunk(x, batch);
        int latent = config.latentDim();
        float[] outMu = new float[batch * latent];
        float[] outLogvar = new float[batch * latent];
        heads.forward(parameters, h, batch, outMu, outLogvar);
        return new Encoding(outMu, outLogvar);
    }

    private float[] trunk(float[] x, int batch) {
        return encoder == null ? x : encoder.forward(parameters, x, batch);
    }

    /**
     * z = μ + exp(½·logσ²)⊙ε for n elements; also writes σ when {@code sigma} is not null. An exponential per value:
     * a training batch's values are split over the pool.
     */
    public static void reparameterize(float[] mu, float[] logvar, float[] eps, float[] z, float[] sigma, int n) {
        Parallel.shared().forEachRangeOfExps(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float s = (float) DiagonalGaussian.sigma(logvar[i]);
                if (sigma != null) {
                    sigma[i] = s;
                }
                z[i] = mu[i] + s * eps[i];
            }
        });
    }

    /** The decoder's raw outputs (logits, or means for a Gaussian) for z (batch, latentDim): a fresh (batch, inputDim) array. */
    public float[] decodeLogits(float[] z, int batch) {
        float[] logits = decoder.forward(parameters, z, batch);
        float[] copy = new float[batch * config.inputDim()];
        System.arraycopy(logits, 0, copy, 0, copy.length);
        return copy;
    }

    /** The means E[x|z] in [0, 1] for z (batch, latentDim), e.g. sigmoid(logits): what the explorer draws. */
    public float[] decode(float[] z, int batch) {
        float[] out = decodeLogits(z, batch);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) likelihood.mean(out[i]);
        }
        return out;
    }

    /**
     * The buffers of one training forward pass, owned by the Vae and overwritten by the next call.
     *
     * @param mu     (batch, latentDim) posterior means
     * @param logvar (batch, latentDim) posterior log-variances
     * @param sigma  (batch, latentDim) exp(½·logσ²)
     * @param z      (batch, latentDim) μ + σ⊙ε
     * @param logits (batch, inputDim) the decoder's raw outputs (means for a Gaussian likelihood)
     */
    public record Pass(float[] mu, float[] logvar, float[] sigma, float[] z, float[] logits) {}

    /**
     * Encode, reparameterize with the given ε (batch, latentDim), decode — keeping everything
     * {@link #backward} needs. {@code x} must stay unchanged until backward has run.
     */
    public Pass forward(float[] x, float[] epsilon, int batch) {
        ensureCapacity(batch);
        int n = batch * config.latentDim();
        float[] h = trunk(x, batch);
        lastTrunk = h;
        heads.forward(parameters, h, batch, mu, logvar);
        System.arraycopy(epsilon, 0, eps, 0, n);
        reparameterize(mu, logvar, eps, z, sigma, n);
        float[] logits = decoder.forward(parameters, z, batch);
        return new Pass(mu, logvar, sigma, z, logits);
    }

    /**
     * Writes the gradient of Σ_rows weight[row]·(−log p(x_row|output_row)) with respect to the likelihood's
     * learned parameters (nothing for fixed likelihoods), like {@link #backward} for the layers'.
     *
     * @param outputs    (batch, inputDim) decoder outputs
     * @param x          (batch, inputDim) targets
     * @param rowWeights (batch) the loss weight of each row, e.g. 1/batch
     * @param grads      (parameterCount) the flat gradient array; only the likelihood's slots are written
     */
    public void likelihoodGradient(float[] outputs, float[] x, double[] rowWeights, int batch, float[] grads) {
        if (learnedOffset < 0) {
            return;
        }
        Arrays.fill(grads, learnedOffset, learnedOffset + config.learnedLikelihoodCount(), 0f);
        int dim = config.inputDim();
        for (int r = 0; r < batch; r++) {
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                likelihood.accumulateLearnedGradient(d, outputs[i], x[i], rowWeights[r], grads, learnedOffset);
            }
        }
    }

    /** The (batch, inputDim) buffer to fill with dL/dlogits before {@link #backward}. */
    public float[] logitsGradient(int batch) {
        return decoder.outputGradient(batch);
    }

    /**
     * Backpropagates through decoder, reparameterization and encoder and writes every layer's parameter gradients
     * into {@code grads} (over what it held: nothing needs clearing between steps). The direct terms are only read:
     * the totals dL/dμ and dL/dlogσ², with the path through z added, are the Vae's own.
     *
     * @param grads         (parameterCount) the flat gradient array, every layer's slots written
     * @param dMuDirect     (batch, latentDim) dL/dμ from every term but the decoder's: the KL's under the ELBO; under
     *                      IWAE, ½z² − ½logσ²'s (−log p(z) + log q(z|x) up to constants), its path through z included;
     *                      zeros for the autoencoder
     * @param dLogvarDirect (batch, latentDim) dL/dlogσ² from the same terms
     */
    public void backward(float[] grads, float[] dMuDirect, float[] dLogvarDirect, int batch) {
        backward(grads, dMuDirect, dLogvarDirect, batch, null);
    }

    /**
     * As above, with the weights of the layers that can take it updated by {@code update} as their gradients come
     * out (see {@link WeightUpdate}), when it is not null: those gradients are not written to {@code grads}, and the
     * parameters change during the pass, so the caller finishes the update before anything else reads them.
     */
    public void backward(float[] grads, float[] dMuDirect, float[] dLogvarDirect, int batch, WeightUpdate update) {
        int n = batch * config.latentDim();
        // The head is no tensor's: a zero gradient there leaves it, and the optimizer's moments, at zero.
        Arrays.fill(grads, 0, head, 0f);
        decoder.backward(parameters, grads, batch, dz, false, update);
        // z = μ + σ·ε with σ = exp(½ logσ²): dz/dμ = 1, dz/dlogσ² = ½·σ·ε.
        for (int i = 0; i < n; i++) {
            float g = dz[i];
            dMu[i] = dMuDirect[i] + g;
            dLogvar[i] = dLogvarDirect[i] + 0.5f * sigma[i] * eps[i] * g;
        }
        float[] h = lastTrunk;
        float[] dTrunk = encoder == null ? null : encoder.outputGradient(batch);
        heads.backward(parameters, grads, h, dMu, dLogvar, batch, dTrunk);
        if (encoder != null) {
            encoder.backward(parameters, grads, batch, null, false, update);
        }
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        int n = batch * config.latentDim();
        mu = new float[n];
        logvar = new float[n];
        sigma = new float[n];
        eps = new float[n];
        z = new float[n];
        dz = new float[n];
        dMu = new float[n];
        dLogvar = new float[n];
        capacity = batch;
    }
}
