package org.latentatlas.train;

/**
 * One epoch of training history, per example, in nats.
 *
 * @param epoch      1-based
 * @param trainElbo  mean ELBO over the epoch's minibatches (the model changed during the epoch)
 * @param trainRecon mean reconstruction term over the epoch
 * @param trainKl    mean KL over the epoch
 * @param testElbo   ELBO of the held-out split after the epoch
 * @param testRecon  reconstruction term on the held-out split
 * @param testKl     KL on the held-out split
 */
public record EpochMetrics(int epoch, double trainElbo, double trainRecon, double trainKl,
                           double testElbo, double testRecon, double testKl) {}
