package org.latentatlas.train;

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
            throw new IllegalArgumentException("epochs must be in 1..1000000, got " + epochs);
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("batch size must be in 1..65536, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate <= 1e12)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1e12], got " + learningRate);
        }
        if (!(beta >= 0 && beta <= 1000)) {
            throw new IllegalArgumentException("beta must be in [0, 1000], got " + beta);
        }
        if (objective == null || klSchedule == null || lrSchedule == null || binarize == null) {
            throw new IllegalArgumentException("objective, KL schedule, learning-rate schedule and binarize must be"
                    + " given");
        }
        if (samples < 1 || samples > MAX_SAMPLES || (objective != Objective.IWAE && samples != 1)) {
            throw new IllegalArgumentException("importance samples k must be 1, or in 1.." + MAX_SAMPLES
                    + " with the iwae objective, got " + samples + " with " + objective.spec());
        }
        if (!(freeBits >= 0 && freeBits <= 100)) {
            throw new IllegalArgumentException("free bits must be in [0, 100] nats, got " + freeBits);
        }
        if (objective != Objective.ELBO && (beta != 1 || freeBits != 0 || !klSchedule.kind().equals("constant"))) {
            // IWAE's bound and the AE's loss have no KL term to weight, floor or schedule.
            throw new IllegalArgumentException("the " + objective.spec() + " objective takes no beta, KL schedule or"
                    + " free bits (got beta " + beta + ", " + klSchedule.kind() + " schedule, free bits "
                    + freeBits + ")");
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be >= 0 (0 = off), got " + clipNorm);
        }
        if (!(validation >= 0) || Double.isInfinite(validation) || (validation >= 1 && validation != Math.rint(validation))) {
            throw new IllegalArgumentException("validation must be 0, a fraction in (0, 1) or a whole count, got "
                    + validation);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0 = off), got " + patience);
        }
        if (patience > 0 && validation == 0) {
            throw new IllegalArgumentException("early stopping (patience " + patience + ") needs a validation set:"
                    + " give --validation");
        }
        if (stopAfterSteps < 0) {
            throw new IllegalArgumentException("stop-after-steps must be >= 0 (0 = off), got " + stopAfterSteps);
        }
    }

    /** The plain ELBO with a constant β and none of the extras. */
    public TrainConfig(int epochs, int batchSize, double learningRate, double beta, long seed) {
        this(epochs, batchSize, learningRate, beta, seed, Objective.ELBO, 1, KlSchedule.CONSTANT, 0,
                LearningRateSchedule.CONSTANT, 0, Binarization.NONE, 0, 0, 0, false);
    }

    /** Validation examples out of a training split of {@code trainSize}. */
    public int validationCount(int trainSize) {
        int n = validation < 1 ? (int) Math.round(validation * trainSize) : (int) validation;
        if (validation > 0 && (n < 1 || n >= trainSize)) {
            // Shown as given: a count as a whole number (--validation 2000), a fraction as one (0.2).
            String given = validation >= 1 && validation == Math.rint(validation) ? Long.toString((long) validation)
                    : Double.toString(validation);
            throw new IllegalArgumentException("validation of " + given + " leaves " + n + " of " + trainSize
                    + " training examples for validation; it must be in 1.." + (trainSize - 1));
        }
        return n;
    }
}
