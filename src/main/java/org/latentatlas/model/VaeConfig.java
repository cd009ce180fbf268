package org.latentatlas.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture of a VAE: what a model file's {@code atlas.model} metadata holds and what every tensor
 * shape is checked against.
 *
 * <p>The layout mirrors this PyTorch module, so {@code load_state_dict} works on our files unchanged:
 * <pre>
 *   encoder = Sequential(Linear(inputDim, h1), act, Linear(h1, h2), act, ...)   # encoder.0, encoder.2, ...
 *   mu      = Linear(h_last, latentDim)
 *   logvar  = Linear(h_last, latentDim)
 *   decoder = Sequential(Linear(latentDim, d1), act, ..., Linear(d_last, inputDim))  # decoder.0, decoder.2, ...
 * </pre>
 *
 * @param inputDim      pixels per example, {@code imageHeight * imageWidth}
 * @param imageHeight   image rows (for drawing; the network sees a flat vector)
 * @param imageWidth    image columns
 * @param encoderHidden hidden widths from input to latent, e.g. [512, 256]
 * @param latentDim     dimensions of z
 * @param decoderHidden hidden widths from latent to output, e.g. [256, 512]
 * @param likelihood    the observation model p(x|z) the decoder's outputs parameterize, as a
 *                      {@link Likelihood#parse spec}: "bernoulli", "binomial(16)", "gaussian(0.1)", ...
 * @param activation    hidden-layer nonlinearity: relu, tanh, silu or gelu (tanh approximation), see
 *                      {@link Activation}
 */
public record VaeConfig(int inputDim, int imageHeight, int imageWidth, List<Integer> encoderHidden,
                        int latentDim, List<Integer> decoderHidden, String likelihood, String activation) {

    public static final int MAX_LATENT_DIM = 512;
    public static final int MAX_WIDTH = 16_384;
    public static final List<String> ACTIVATIONS = Activation.NAMES;

    public VaeConfig {
        if (imageHeight < 1 || imageWidth < 1) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got " + imageHeight + "x" + imageWidth);
        }
        if (inputDim != imageHeight * imageWidth) {
            throw new IllegalArgumentException("inputDim " + inputDim + " does not match the image shape "
                    + imageHeight + "x" + imageWidth + " = " + imageHeight * imageWidth);
        }
        if (latentDim < 1 || latentDim > MAX_LATENT_DIM) {
            throw new InvalidSettingException(VaeConfig.class, "latentDim", "latent dim", "must be in 1.."
                    + MAX_LATENT_DIM, latentDim);
        }
        encoderHidden = List.copyOf(encoderHidden);
        decoderHidden = List.copyOf(decoderHidden);
        checkWidths("encoderHidden", "encoder hidden", encoderHidden);
        checkWidths("decoderHidden", "decoder hidden", decoderHidden);
        likelihood = Likelihood.parse(likelihood).spec();
        activation = Activation.parse(activation).spec();
    }

    private static void checkWidths(String field, String what, List<Integer> widths) {
        for (Integer w : widths) {
            if (w == null || w < 1 || w > MAX_WIDTH) {
                throw new InvalidSettingException(VaeConfig.class, field, what, "sizes must each be in 1.."
                        + MAX_WIDTH, widths);
            }
        }
    }

    /** A Bernoulli VAE whose decoder mirrors the encoder. */
    public static VaeConfig symmetric(int imageHeight, int imageWidth, List<Integer> hidden, int latentDim) {
        return symmetric(imageHeight, imageWidth, hidden, latentDim, "bernoulli");
    }

    /** A ReLU VAE whose decoder mirrors the encoder, the usual choice. */
    public static VaeConfig symmetric(int imageHeight, int imageWidth, List<Integer> hidden, int latentDim,
                                      String likelihood) {
        return of(imageHeight, imageWidth, hidden, latentDim, null, likelihood, "relu");
    }

    /** A VAE with the given decoder widths, or the encoder's mirrored when {@code decoderHidden} is null. */
    public static VaeConfig of(int imageHeight, int imageWidth, List<Integer> hidden, int latentDim,
                               List<Integer> decoderHidden, String likelihood, String activation) {
        List<Integer> decoder = decoderHidden;
        if (decoder == null) {
            decoder = new ArrayList<>(hidden);
            java.util.Collections.reverse(decoder);
        }
        return new VaeConfig(imageHeight * imageWidth, imageHeight, imageWidth, hidden, latentDim, decoder,
                likelihood, activation);
    }

    /** One {@code nn.Linear}: its PyTorch name prefix and shape. */
    public record LinearSpec(String name, int in, int out) {
        public int weightCount() {
            return in * out;
        }
    }

    /** The linear layers in parameter order: encoder, mu, logvar, decoder. */
    public List<LinearSpec> linears() {
        List<LinearSpec> specs = new ArrayList<>();
        int in = inputDim;
        for (int i = 0; i < encoderHidden.size(); i++) {
            specs.add(new LinearSpec("encoder." + 2 * i, in, encoderHidden.get(i)));
            in = encoderHidden.get(i);
        }
        specs.add(new LinearSpec("mu", in, latentDim));
        specs.add(new LinearSpec("logvar", in, latentDim));
        in = latentDim;
        for (int i = 0; i < decoderHidden.size(); i++) {
            specs.add(new LinearSpec("decoder." + 2 * i, in, decoderHidden.get(i)));
            in = decoderHidden.get(i);
        }
        specs.add(new LinearSpec("decoder." + 2 * decoderHidden.size(), in, inputDim));
        return specs;
    }

    /**
     * Every tensor in file order with its shape: {@code name.weight (out, in)} then {@code name.bias (out)} per
     * linear layer. Tensors are contiguous in this order in the flat parameter array and in the file.
     */
    public Map<String, int[]> tensorShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (LinearSpec l : linears()) {
            shapes.put(l.name() + ".weight", new int[] {l.out(), l.in()});
            shapes.put(l.name() + ".bias", new int[] {l.out()});
        }
        int learned = learnedLikelihoodCount();
        if (learned > 0) {
            shapes.put(Likelihood.LEARNED_TENSOR, new int[] {learned});
        }
        return shapes;
    }

    /** Floats of {@code likelihood.logsigma} after the linear layers: 0 unless σ is learned. */
    public int learnedLikelihoodCount() {
        return Likelihood.parse(likelihood).learnedCount(inputDim);
    }

    /** Total number of floats in the flat parameter array. */
    public int parameterCount() {
        long total = 0;
        for (LinearSpec l : linears()) {
            total += (long) l.in() * l.out() + l.out();
        }
        total += learnedLikelihoodCount();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model has " + total + " parameters, more than a Java array holds");
        }
        return (int) total;
    }
}
