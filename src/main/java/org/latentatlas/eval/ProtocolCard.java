package org.latentatlas.eval;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything needed to reproduce or cite an evaluation: which data, which likelihood and what it means,
 * how the data was binarized, how many samples, which seed, and which estimator produced each figure.
 *
 * @param dataset            dataset name ("fashion-mnist", a path)
 * @param split              "test" or "train"
 * @param examples           examples evaluated
 * @param sha256             SHA-256 of the split's source content
 * @param data               where the examples came from: whose data, which split and seed, what limit
 * @param pixels             how the raw values became pixels in [0, 1] ({@code ValueRange.describe()}), so nats of a
 *                           density can be converted back to the raw values
 * @param likelihood         the likelihood spec, e.g. "bernoulli"
 * @param likelihoodMeaning  what its nats are a bound on ({@code Likelihood.meaning()})
 * @param boundsLogP         whether −ELBO and IS-NLL bound −log p(x) of the evaluated data: false for a Bernoulli on
 *                           grayscale x, a cross-entropy and no likelihood of the data
 * @param learnedSigma       the observation σ a {@code gaussian(learned)} decoder learned; null for other likelihoods
 * @param binarization       "none", or how the evaluated set was binarized
 * @param k                  importance samples per example per repeat
 * @param repeats            independent IS repeats
 * @param seed               seed of every draw (ε, binarization, information subset)
 * @param informationSamples examples with one z each behind the mutual-information estimate
 * @param estimators         figure name → how it was estimated
 * @param bitsPerDim         what the bits/dim figures are ({@link BitsPerDim#convention()})
 * @param training           how the model was trained (β, its schedule, free bits) and what the reported ELBO is
 *                           beside the objective it minimised ({@link Training#describe()})
 * @param trainedElbo        train's stored test ELBO, its numbers and how it compares with this one; null when the
 *                           file stores none
 */
public record ProtocolCard(String dataset, String split, int examples, String sha256, String data, String pixels,
                           String likelihood, String likelihoodMeaning, boolean boundsLogP,
                           LearnedSigma learnedSigma, String binarization, int k, int repeats, long seed,
                           int informationSamples, Map<String, String> estimators, String bitsPerDim, String training,
                           TrainedElbo trainedElbo) {
    /**
     * The test ELBO training stored in the model file, beside this evaluation's: its numbers for a script, and the
     * sentence the card prints for a reader.
     *
     * @param elbo            its mean ELBO per example, nats
     * @param elboStdErr      its standard error over examples; null for one example
     * @param recon           its mean reconstruction term
     * @param kl              its mean KL
     * @param examples        the examples it scored
     * @param drawsPerExample the draws of ε per example behind it (fewer than an evaluation's, as a rule)
     * @param seed            the seed of those draws
     * @param sameExamples    whether this evaluation scored the same examples
     * @param comparison      why the two ELBOs differ, in words ({@link Training#storedComparison})
     */
    public record TrainedElbo(double elbo, Double elboStdErr, double recon, double kl, int examples,
                              int drawsPerExample, long seed, boolean sameExamples, String comparison) {
        public TrainedElbo {
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    public ProtocolCard {
        Objects.requireNonNull(bitsPerDim, "bitsPerDim");
        Objects.requireNonNull(training, "training: say where the model file records none");
        estimators = Map.copyOf(new TreeMap<>(estimators));
        if (examples < 1) {
            throw new IllegalArgumentException("a protocol needs at least one example, got " + examples);
        }
        if (k < 1 || repeats < 1) {
            throw new IllegalArgumentException("k and repeats must be >= 1, got k " + k + ", repeats " + repeats);
        }
    }

    /** The estimators this package uses, named as in the report. */
    static Map<String, String> standardEstimators(int k, int repeats) {
        Map<String, String> m = new TreeMap<>();
        m.put("elbo", "KL in closed form; reconstruction averaged over the same " + k + " x " + repeats
                + " draws of z ~ q(z|x) as the IS-NLL");
        m.put("isNll", "log p(x) ~ logsumexp_i[log p(x|z_i) + log p(z_i) - log q(z_i|x)] - log k, z_i ~ q(z|x)"
                + " (Burda et al. 2015), mean of " + repeats + " repeats; stdErrRepeats = Monte Carlo,"
                + " stdErrExamples = data");
        m.put("activeUnits", "Cov_x(E_q[z_u]) > " + LatentStatistics.ACTIVE_THRESHOLD + " (Burda et al. 2015)");
        m.put("collapsed", "KL(q(z_u|x) || p(z_u)) < " + CollapseVerdict.COLLAPSED_KL + " nats, mean over examples");
        m.put("atFreeBitsFloor", "KL(q(z_u|x) || p(z_u)) within " + Math.round(CollapseVerdict.FLOOR_BAND * 100)
                + " % of the free-bits floor the model was trained with, mean over examples");
        m.put("information", PosteriorInformation.ESTIMATOR);
        return m;
    }
}
