package org.latentatlas.model;

import java.util.Locale;
import org.latentatlas.math.ElementwiseOps;

/**
 * The observation model p(x|z): how the decoder's output for one pixel scores that pixel, in nats.
 *
 * <p>The decoder emits one number per pixel ("output", a logit or a mean); a likelihood turns it into
 * −log p(x|output), its gradient, and the mean E[x|output] the explorer draws. Pixels are stored in [0, 1];
 * likelihoods over counts recover them as {@code x * n}.
 */
public interface Likelihood {

    /** The canonical spec, e.g. {@code "bernoulli"}, {@code "binomial(16)"}, {@code "gaussian(0.1)"}. */
    String spec();

    /** −log p(x|output) of one pixel, in nats. */
    double negLogLikelihood(double output, double x);

    /** d(−log p(x|output))/d(output) of one pixel. */
    double gradient(double output, double x);

    /** E[x | output] in [0, 1] pixel units: what a decoded image shows. */
    double mean(double output);

    /** One sentence saying what the reported nats are a bound on, for --help, metadata and protocol cards. */
    String meaning();

    /**
     * {@link #meaning()} for data known to be binary (binarized, or 0/1 values), where a likelihood that is no
     * density of grayscale values can be one of the binary data.
     */
    default String meaning(boolean binaryData) {
        return meaning();
    }

    /** Name of the tensor holding this likelihood's learned parameters in the model file and flat array. */
    String LEARNED_TENSOR = "likelihood.logsigma";

    /** Floats of learned parameters ({@link #LEARNED_TENSOR}) this likelihood adds to a model: 0 for fixed ones. */
    default int learnedCount(int inputDim) {
        return 0;
    }

    /** This likelihood reading its learned parameters from {@code params[offset ..]}; fixed ones return themselves. */
    default Likelihood bind(float[] params, int offset) {
        return this;
    }

    /** −log p(x|output) of pixel {@code pixel} (0..inputDim−1): only learned per-pixel parameters need it. */
    default double negLogLikelihood(int pixel, double output, double x) {
        return negLogLikelihood(output, x);
    }

    /** d(−log p)/d(output) of pixel {@code pixel}. */
    default double gradient(int pixel, double output, double x) {
        return gradient(output, x);
    }

    /** Adds {@code scale}·d(−log p)/d(learned parameter of pixel) into {@code grads[offset ..]}; fixed: nothing. */
    default void accumulateLearnedGradient(int pixel, double output, double x, double scale, float[] grads,
                                           int offset) {
    }

    /**
     * Whether this is a density on [0, 1] (its nats can be negative, and are not a discrete likelihood's), rather
     * than a likelihood of discrete values or a cross-entropy.
     */
    default boolean density() {
        return false;
    }

    /** Parses a spec (case-insensitive); the error names the bad value and the accepted forms. */
    static Likelihood parse(String spec) {
        String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("bernoulli")) {
                return new Bernoulli();
            }
            if (s.equals("continuous-bernoulli")) {
                return new ContinuousBernoulli();
            }
            if (s.startsWith("binomial(") && s.endsWith(")")) {
                return new Binomial(Integer.parseInt(s.substring(9, s.length() - 1).strip()));
            }
            if (s.equals("gaussian(learned)") || s.equals("gaussian(learned-pixel)")) {
                return new LearnedGaussian(s.contains("pixel"), null, 0);
            }
            if (s.startsWith("gaussian(") && s.endsWith(")")) {
                return new Gaussian(sigma(s.substring(9, s.length() - 1).strip()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below, which names the bad value
        } catch (IllegalArgumentException e) { // a known form with a bad N or SIGMA, which the message names
            throw new InvalidSettingException(VaeConfig.class, "likelihood", spec, e);
        }
        throw new InvalidSettingException(VaeConfig.class, "likelihood", "likelihood", "must be one of " + FORMS, spec);
    }

    /**
     * SIGMA of gaussian(SIGMA): the spec is lower-cased, and Java reads only "NaN" and "Infinity", so "nan" and
     * "inf" are read here and refused by the range check, which names them, rather than as an unknown form.
     */
    private static double sigma(String text) {
        return switch (text) {
            case "nan" -> Double.NaN;
            case "inf", "infinity", "+inf", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    String FORMS = "bernoulli, binomial(N), gaussian(SIGMA), gaussian(learned), gaussian(learned-pixel),"
            + " continuous-bernoulli";

    /** log(1 + e^v) without overflow. */
    static double softplus(double v) {
        return Math.max(v, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(v)));
    }

    static double sigmoid(double v) {
        return 1 / (1 + StrictMath.exp(-v));
    }

    /** Bernoulli(σ(l)) on x ∈ [0, 1]: binary cross-entropy in its stable logits form. */
    record Bernoulli() implements Likelihood {
        @Override
        public String spec() {
            return "bernoulli";
        }

        @Override
        public double negLogLikelihood(double l, double x) {
            return Math.max(l, 0) - l * x + StrictMath.log1p(StrictMath.exp(-Math.abs(l)));
        }

        @Override
        public double gradient(double l, double x) {
            return sigmoid(l) - x;
        }

        @Override
        public double mean(double l) {
            return sigmoid(l);
        }

        @Override
        public String meaning() {
            return "Bernoulli cross-entropy: a bound on log p(x) for binary x (use --binarize); on grayscale x it"
                    + " is not a normalized density, so compare models with it rather than cite it";
        }

        /** On binary x the Bernoulli is the exact discrete likelihood, and the grayscale caveat does not apply. */
        @Override
        public String meaning(boolean binaryData) {
            return binaryData ? "Bernoulli on binary x: the ELBO is a true lower bound on log p(x) of the binary"
                    + " data, in nats" : meaning();
        }
    }

    /**
     * Binomial(n, σ(l)) on counts k = x·n: a true discrete likelihood, so the ELBO bounds log p(x) in nats
     * (the digits are counts out of 16).
     */
    record Binomial(int n) implements Likelihood {
        public static final int MAX_N = 65_535;

        public Binomial {
            if (n < 1 || n > MAX_N) {
                throw new IllegalArgumentException("binomial n must be in 1.." + MAX_N + ", got " + n);
            }
        }

        @Override
        public String spec() {
            return "binomial(" + n + ")";
        }

        @Override
        public double negLogLikelihood(double l, double x) {
            int k = (int) Math.round(x * n);
            // −log[C(n,k) σ(l)^k (1−σ(l))^(n−k)] with log σ(l) = −softplus(−l), log(1−σ(l)) = −softplus(l)
            return -ElementwiseOps.logChoose(n, k) + k * softplus(-l) + (n - k) * softplus(l);
        }

        @Override
        public double gradient(double l, double x) {
            return n * sigmoid(l) - Math.round(x * n);
        }

        @Override
        public double mean(double l) {
            return sigmoid(l);
        }

        @Override
        public String meaning() {
            return "Binomial(" + n + ") on pixel counts 0.." + n + ": the ELBO is a true lower bound on log p(x)"
                    + " of the discrete data, in nats";
        }
    }

    /** Gaussian N(x; output, σ²) with a fixed σ: the decoder output is the mean itself, not a logit. */
    record Gaussian(double sigma) implements Likelihood {
        /** Beyond this the density is flat over [0,1] to float precision: the decoder would get no gradient. */
        public static final double MAX_SIGMA = 1e6;

        public Gaussian {
            if (!(sigma > 0 && sigma < MAX_SIGMA)) {
                throw new IllegalArgumentException("gaussian sigma must be a number in (0, " + (long) MAX_SIGMA + "), got "
                        + sigma);
            }
        }

        @Override
        public String spec() {
            return "gaussian(" + sigma + ")";
        }

        @Override
        public double negLogLikelihood(double mu, double x) {
            double r = (x - mu) / sigma;
            return 0.5 * r * r + StrictMath.log(sigma) + 0.5 * StrictMath.log(2 * Math.PI);
        }

        @Override
        public double gradient(double mu, double x) {
            return (mu - x) / (sigma * sigma);
        }

        @Override
        public double mean(double mu) {
            return Math.min(1, Math.max(0, mu));
        }

        @Override
        public String meaning() {
            return "Gaussian density with fixed sigma " + sigma + " on pixels in [0,1]: a bound on the continuous"
                    + " density (nats can be negative), not on discrete pixel values";
        }

        @Override
        public boolean density() {
            return true;
        }
    }

    /**
     * Continuous Bernoulli (Loaiza-Ganem &amp; Cunningham 2019): the Bernoulli cross-entropy plus the log
     * normalizer log C(λ), which makes it a proper density on [0, 1]. In logits, C = l / tanh(l/2).
     */
    record ContinuousBernoulli() implements Likelihood {
        @Override
        public String spec() {
            return "continuous-bernoulli";
        }

        @Override
        public double negLogLikelihood(double l, double x) {
            return new Bernoulli().negLogLikelihood(l, x) - logNormalizer(l);
        }

        @Override
        public double gradient(double l, double x) {
            return sigmoid(l) - x - logNormalizerDerivative(l);
        }

        @Override
        public double mean(double l) {
            double a = Math.abs(l);
            if (a < 1e-3) {
                return 0.5 + l / 12; // series of σ(l)/tanh(l/2) − 1/l
            }
            return sigmoid(l) / StrictMath.tanh(l / 2) - 1 / l;
        }

        @Override
        public String meaning() {
            return "continuous Bernoulli density on pixels in [0,1]: a bound on the continuous density (nats can be"
                    + " negative)";
        }

        @Override
        public boolean density() {
            return true;
        }

        /** log C(l) = log(l / tanh(l/2)), even in l, 2 at l = 0. */
        static double logNormalizer(double l) {
            double a = Math.abs(l);
            if (a < 1e-3) {
                return StrictMath.log(2) + a * a / 12;
            }
            return StrictMath.log(a) - StrictMath.log(StrictMath.tanh(a / 2));
        }

        /** d log C / dl = 1/l − 1/sinh(l). */
        static double logNormalizerDerivative(double l) {
            if (Math.abs(l) < 1e-2) {
                return l / 6 - 7 * l * l * l / 360;
            }
            if (Math.abs(l) > 700) {
                return 1 / l;
            }
            return 1 / l - 1 / StrictMath.sinh(l);
        }
    }

    /**
     * Gaussian N(x; output, σ²) with log σ learned with the network: one σ for all pixels
     * ({@code gaussian(learned)}, tensor {@code likelihood.logsigma} of shape (1)) or one per pixel
     * ({@code gaussian(learned-pixel)}, shape (inputDim)). The tensor starts at 0 (σ = 1).
     *
     * <p>σ is floored at {@link #MIN_SIGMA}: pixels that are constant in the training set (the digits' borders
     * are always 0) would otherwise let σ → 0 and the likelihood grow without bound; below the floor the
     * parameter gets no gradient. Unbound instances (from {@link #parse}) describe the model; only the one a
     * {@link Vae} binds to its parameters can score pixels.
     */
    final class LearnedGaussian implements Likelihood {
        public static final double MIN_SIGMA = 1e-3;
        private static final double MIN_LOG_SIGMA = StrictMath.log(MIN_SIGMA);
        private final boolean perPixel;
        private final float[] params; // the model's flat array, or null when unbound
        private final int offset;     // where likelihood.logsigma starts in it

        LearnedGaussian(boolean perPixel, float[] params, int offset) {
            this.perPixel = perPixel;
            this.params = params;
            this.offset = offset;
        }

        @Override
        public String spec() {
            return perPixel ? "gaussian(learned-pixel)" : "gaussian(learned)";
        }

        @Override
        public int learnedCount(int inputDim) {
            return perPixel ? inputDim : 1;
        }

        @Override
        public Likelihood bind(float[] parameters, int at) {
            return new LearnedGaussian(perPixel, parameters, at);
        }

        /** log σ of a pixel after the floor. */
        public double logSigma(int pixel) {
            if (params == null) {
                throw new IllegalStateException(spec() + " is not bound to a model's parameters");
            }
            return Math.max(MIN_LOG_SIGMA, params[offset + (perPixel ? pixel : 0)]);
        }

        @Override
        public double negLogLikelihood(int pixel, double mu, double x) {
            double s = logSigma(pixel);
            double r = (x - mu) * StrictMath.exp(-s);
            return 0.5 * r * r + s + 0.5 * StrictMath.log(2 * Math.PI);
        }

        @Override
        public double gradient(int pixel, double mu, double x) {
            return (mu - x) * StrictMath.exp(-2 * logSigma(pixel));
        }

        @Override
        public void accumulateLearnedGradient(int pixel, double mu, double x, double scale, float[] grads, int at) {
            int i = perPixel ? pixel : 0;
            if (params[offset + i] < MIN_LOG_SIGMA) {
                return; // clamped: the loss does not depend on the parameter here
            }
            double r = (x - mu) * StrictMath.exp(-logSigma(pixel));
            grads[at + i] += (float) (scale * (1 - r * r)); // d/ds [½r²e^{−2s} + s]
        }

        @Override
        public double negLogLikelihood(double mu, double x) {
            if (perPixel) {
                throw new IllegalStateException(spec() + " needs the pixel index");
            }
            return negLogLikelihood(0, mu, x);
        }

        @Override
        public double gradient(double mu, double x) {
            if (perPixel) {
                throw new IllegalStateException(spec() + " needs the pixel index");
            }
            return gradient(0, mu, x);
        }

        @Override
        public double mean(double mu) {
            return Math.min(1, Math.max(0, mu));
        }

        @Override
        public String meaning() {
            return "Gaussian density with learned " + (perPixel ? "per-pixel" : "global") + " sigma (floored at "
                    + MIN_SIGMA + ") on pixels in [0,1]: a bound on the continuous density (nats can be negative),"
                    + " not on discrete pixel values";
        }

        @Override
        public boolean density() {
            return true;
        }
    }
}
