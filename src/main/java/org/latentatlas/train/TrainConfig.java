package org.latentatlas.train;

/**
 * How to train: what a model file's {@code atlas.training} metadata records.
 *
 * @param epochs       passes over the training set
 * @param batchSize    examples per Adam step (the last batch of an epoch may be smaller)
 * @param learningRate Adam step size
 * @param beta         weight of the KL term (β-VAE; 1 is the true ELBO)
 * @param seed         the one seed every random choice flows from: init, shuffling, ε, the split
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double beta, long seed) {
    public TrainConfig {
        if (epochs < 1 || epochs > 1_000_000) {
            throw new IllegalArgumentException("epochs must be in 1..1000000, got " + epochs);
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("batch size must be in 1..65536, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 10)) {
            throw new IllegalArgumentException("learning rate must be in (0, 10), got " + learningRate);
        }
        if (!(beta >= 0 && beta <= 1000)) {
            throw new IllegalArgumentException("beta must be in [0, 1000], got " + beta);
        }
    }
}
