package org.latentatlas.train;

import java.util.Optional;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.Split;
import org.latentatlas.eval.ElboEvaluator;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.eval.Reconstruction;
import org.latentatlas.math.Rng;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.model.Wording;

/**
 * The three sets a run sees, prepared once from the split and the seed: training (binarized statically when
 * asked), validation carved from the training split (seeded, stratified), and test. With binarization, the
 * validation and test sets are binarized once with a fixed seed so every evaluation is deterministic.
 *
 * @param validation null without a validation set
 */
record TrainingData(Dataset train, Dataset validation, Dataset test) {
    /** Monte Carlo samples of ε per example in the per-epoch and final evaluations. */
    static final int EVAL_SAMPLES = 10;
    private static final long VALIDATION_SALT = 0x76616c6964L; // "valid"

    /**
     * Refuses data of another width than the model's, binarization for a likelihood that is not Bernoulli, and a
     * Binomial(N) likelihood on pixels that are not counts out of N, where it would round x·N to a count the data
     * never held and its nats would bound nothing.
     */
    static void checkFits(VaeConfig config, Dataset train, TrainConfig tc) {
        if (train.dim() != config.inputDim()) {
            throw new IllegalArgumentException("the dataset has " + train.dim() + " pixels per image but the model"
                    + " expects " + config.inputDim());
        }
        Likelihood likelihood = Likelihood.parse(config.likelihood());
        if (tc.binarize() != Binarization.NONE && !(likelihood instanceof Likelihood.Bernoulli)) {
            throw InvalidSettingException.because(TrainConfig.class, "binarize", "binarization", tc.binarize().spec(),
                    "is for the Bernoulli likelihood; this model's is " + config.likelihood());
        }
        Optional<String> uncounted = likelihood instanceof Likelihood.Binomial b ? train.binomialMismatch(b.n())
                : Optional.empty();
        if (uncounted.isPresent()) {
            throw InvalidSettingException.because(VaeConfig.class, "likelihood", "likelihood", likelihood.spec(),
                    uncounted.get() + ": use " + likelihoodFor(train) + ", or bernoulli with ",
                    new Wording.Mention(TrainConfig.class, "binarize", "binarization"));
        }
    }

    /** The likelihood that fits pixels a Binomial(N) does not: Binomial of their own levels, else a density. */
    private static String likelihoodFor(Dataset data) {
        int levels = data.levels();
        return levels > 0 && levels <= Likelihood.Binomial.MAX_N ? "binomial(" + levels + ")"
                : "a density (gaussian(SIGMA), gaussian(learned), continuous-bernoulli)";
    }

    static TrainingData prepare(VaeConfig config, Split split, TrainConfig tc, Rng binarizeRng) {
        Dataset train = split.train();
        checkFits(config, train, tc);
        Dataset validation = null;
        int n = tc.validationCount(train.size());
        if (n > 0) {
            Split carved = carveValidation(train, n, tc.seed());
            train = carved.train();
            validation = carved.test();
        }
        Dataset test = split.test();
        if (tc.binarize() != Binarization.NONE) {
            Rng fixed = Binarization.evaluationRng(tc.seed());
            test = Binarization.binarized(test, fixed);
            validation = validation == null ? null : Binarization.binarized(validation, fixed);
            if (tc.binarize() == Binarization.STATIC) {
                train = Binarization.binarized(train, binarizeRng);
            }
        }
        return new TrainingData(train, validation, test);
    }

    /** {@code n} validation examples of the training split, as (trained on, validation): seeded and stratified. */
    private static Split carveValidation(Dataset train, int n, long seed) {
        return Split.stratified(train, n, seed ^ VALIDATION_SALT);
    }

    /** The examples of the training split a run trained on: all but those {@link #prepare} carves for validation. */
    static Dataset trainedOn(Dataset train, TrainConfig tc) {
        int n = tc.validationCount(train.size());
        return n == 0 ? train : carveValidation(train, n, tc.seed()).train();
    }

    /** The evaluation the history and the file report: the ELBO, or for an AE the reconstruction at z = μ. */
    static Evaluation evaluate(Vae vae, Dataset data, Objective objective, long seed) {
        if (objective != Objective.AE) {
            return ElboEvaluator.evaluate(vae, data, EVAL_SAMPLES, seed);
        }
        // An autoencoder has no posterior to sample: score the deterministic reconstruction, KL 0.
        Reconstruction r = Reconstruction.atMean(vae, data);
        return new Evaluation(-r.mean(), r.stdErr(), r.mean(), 0, r.examples(), 1, seed);
    }
}
