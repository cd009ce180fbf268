package org.latentatlas.train;

import org.latentatlas.model.InvalidSettingException;

/**
 * How to train: what a model file's {@code atlas.training} metadata records. Everything here can change the
 * weights; how often checkpoints are written cannot, so it is not here.
 *
 * @param epochs         passes over the training set
 * @param batchSize      examples per Adam step (the last batch of an epoch may be smaller)
 * @param learningRate   Adam step size (large values are allowed: the divergence guard stops a run that blows up)
 * @param beta           weight of the KL term (β-VAE; 1 is the true ELBO), the target of {@code klSchedule}
 * @param seed           the one seed every random choice flows from: init, shuffling, ε, binarization, the split
 * @param objective      elbo, iwae or ae
 * @param samples        k, importance samples per example for iwae (1 otherwise)
 * @param klSchedule     how β moves over the run
 * @param freeBits       λ in nats per latent dimension (Kingma et al. 2016); 0 turns it off
 * @param lrSchedule     constant or cosine
 * @param clipNorm       the global gradient L2 norm is scaled down to this; 0 turns clipping off
 * @param binarize       none, static or dynamic (Bernoulli likelihood only)
 * @param validation     examples carved from the training split for validation: a count (≥ 1) or a fraction
 *                       (&lt; 1); 0 for none
 * @param patience       stop after this many epochs without a better validation ELBO and restore the best
 *                       weights; 0 turns early stopping off
 * @param stopAfterSteps stop after this many Adam steps in all (to split a run in pieces); 0 for no limit
 * @param recordTime     store each epoch's wall time in the history (makes the model file differ run to run)
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double beta, long seed,
                          Objective objective, int samples, KlSchedule klSchedule, double freeBits,
                          LearningRateSchedule lrSchedule, double clipNorm, Binarization binarize,
                          double validation, int patience, long stopAfterSteps, boolean recordTime) {
    public static final int MAX_SAMPLES = 5_000;

    public TrainConfig {
        if (epochs < 1 || epochs > 1_000_000) {
            throw invalid("epochs", "epochs", "must be in 1..1000000", epochs);
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw invalid("batchSize", "batch size", "must be in 1..65536", batchSize);
        }
        if (!(learningRate > 0 && learningRate <= 1e12)) {
            throw invalid("learningRate", "learning rate", "must be in (0, 1e12]", learningRate);
        }
        if (!(beta >= 0 && beta <= 1000)) {
            throw invalid("beta", "beta", "must be in [0, 1000]", beta);
        }
        if (objective == null || klSchedule == null || lrSchedule == null || binarize == null) {
            throw new IllegalArgumentException("objective, KL schedule, learning-rate schedule and binarize must be"
                    + " given");
        }
        if (objective == Objective.IWAE ? samples < 1 || samples > MAX_SAMPLES : samples != 1) {
            throw invalid("samples", "importance samples k", objective == Objective.IWAE ? "must be in 1.."
                    + MAX_SAMPLES : "must be 1 with the " + objective.spec() + " objective (k is for iwae)", samples);
        }
        if (!(freeBits >= 0 && freeBits <= 100)) {
            throw invalid("freeBits", "free bits", "must be in [0, 100] nats", freeBits);
        }
        if (objective != Objective.ELBO) {
            // IWAE's bound and the AE's loss have no KL term to weight, floor or schedule.
            String without = "with the " + objective.spec() + " objective, which has no KL term to ";
            if (beta != 1) {
                throw invalid("beta", "beta", "must be 1 " + without + "weight", beta);
            }
            if (freeBits != 0) {
                throw invalid("freeBits", "free bits", "must be 0 " + without + "floor", freeBits);
            }
            if (!klSchedule.kind().equals("constant")) {
                throw invalid("klSchedule", "KL schedule", "must be constant " + without + "schedule",
                        klSchedule.kind());
            }
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw invalid("clipNorm", "clip norm", "must be >= 0 (0 = off)", clipNorm);
        }
        if (!(validation >= 0) || Double.isInfinite(validation) || (validation >= 1 && validation != Math.rint(validation))) {
            throw invalid("validation", "validation", "must be 0, a fraction in (0, 1) or a whole count", validation);
        }
        if (patience < 0) {
            throw invalid("patience", "patience", "must be >= 0 (0 = off)", patience);
        }
        if (patience > 0 && validation == 0) {
            throw new IllegalArgumentException("early stopping (patience " + patience + ") needs a validation set"
                    + " (validation > 0) to watch");
        }
        if (stopAfterSteps < 0) {
            throw invalid("stopAfterSteps", "stop after steps", "must be >= 0 (0 = off)", stopAfterSteps);
        }
    }

    private static InvalidSettingException invalid(String field, String subject, String requirement, Object value) {
        return new InvalidSettingException(TrainConfig.class, field, subject, requirement, value);
    }

    /** The plain ELBO with a constant β and none of the extras. */
    public TrainConfig(int epochs, int batchSize, double learningRate, double beta, long seed) {
        this(epochs, batchSize, learningRate, beta, seed, Objective.ELBO, 1, KlSchedule.CONSTANT, 0,
                LearningRateSchedule.CONSTANT, 0, Binarization.NONE, 0, 0, 0, false);
    }

    /** This config with another KL schedule, e.g. a warm-up. */
    public TrainConfig withKlSchedule(KlSchedule klSchedule) {
        return new TrainConfig(epochs, batchSize, learningRate, beta, seed, objective, samples, klSchedule, freeBits,
                lrSchedule, clipNorm, binarize, validation, patience, stopAfterSteps, recordTime);
    }

    /** This config with another free-bits floor λ (0: none). */
    public TrainConfig withFreeBits(double freeBits) {
        return new TrainConfig(epochs, batchSize, learningRate, beta, seed, objective, samples, klSchedule, freeBits,
                lrSchedule, clipNorm, binarize, validation, patience, stopAfterSteps, recordTime);
    }

    /** This config with another objective and its k (1 for any but iwae), as the two are checked together. */
    public TrainConfig withObjective(Objective objective, int samples) {
        return new TrainConfig(epochs, batchSize, learningRate, beta, seed, objective, samples, klSchedule, freeBits,
                lrSchedule, clipNorm, binarize, validation, patience, stopAfterSteps, recordTime);
    }

    /** This config with a validation carve and early stopping on it, as patience needs a validation set. */
    public TrainConfig withValidation(double validation, int patience) {
        return new TrainConfig(epochs, batchSize, learningRate, beta, seed, objective, samples, klSchedule, freeBits,
                lrSchedule, clipNorm, binarize, validation, patience, stopAfterSteps, recordTime);
    }

    /** This config stopping after {@code stopAfterSteps} Adam steps in all (0: no limit). */
    public TrainConfig withStopAfterSteps(long stopAfterSteps) {
        return new TrainConfig(epochs, batchSize, learningRate, beta, seed, objective, samples, klSchedule, freeBits,
                lrSchedule, clipNorm, binarize, validation, patience, stopAfterSteps, recordTime);
    }

    /** Validation examples out of a training split of {@code trainSize}. */
    public int validationCount(int trainSize) {
        int n = validation < 1 ? (int) Math.round(validation * trainSize) : (int) validation;
        if (validation > 0 && (n < 1 || n >= trainSize)) {
            // Shown as given: a count as a whole number (2000, not 2000.0), a fraction as one, with what it makes.
            Object given = validation >= 1 ? (Object) (long) validation : (Object) validation;
            String makes = validation < 1 ? " (" + validation + " holds out " + n + ")" : "";
            throw invalid("validation", "validation", "must hold out 1.." + (trainSize - 1) + " of the " + trainSize
                    + " training examples" + makes, given);
        }
        return n;
    }
}
