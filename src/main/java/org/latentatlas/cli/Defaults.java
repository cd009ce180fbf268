package org.latentatlas.cli;

/**
 * The default model, shared by {@code atlas train} with no options and by {@code atlas} (explore): a 2-D VAE
 * small enough to train on the 1,497 training digits in seconds, large enough to separate the ten classes.
 * Chosen by measuring the test ELBO of a few sizes; see BENCHMARKS.md for the time it takes.
 */
final class Defaults {
    static final int LATENT = 2;
    static final String HIDDEN = "128,64";
    static final String EPOCHS = "100";
    static final String BATCH = "64";
    static final String LEARNING_RATE = "0.003";
    static final String BETA = "1";
    static final String SEED = "42";
    /** The digits have no official split: this many go to a seeded stratified test set. */
    static final int DIGITS_TEST_SIZE = 300;

    private Defaults() {}
}
