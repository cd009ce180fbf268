package org.latentatlas.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One epoch of training history, per example, in nats.
 *
 * @param epoch         1-based
 * @param trainElbo     mean ELBO over the epoch's minibatches (the model changed during the epoch)
 * @param trainRecon    mean reconstruction term over the epoch
 * @param trainKl       mean KL over the epoch
 * @param testElbo      ELBO of the held-out split after the epoch
 * @param testRecon     reconstruction term on the held-out split
 * @param testKl        KL on the held-out split
 * @param beta          the KL weight at the epoch's last step
 * @param activeUnits   latent dimensions with Cov_x(μ) &gt; 0.01 on the test split (Burda et al. 2015); null for a
 *                      test split of one example, over which μ cannot vary (0 would read as total collapse)
 * @param validationElbo ELBO of the validation split after the epoch, or null without one
 * @param validationRecon reconstruction term on the validation split, or null
 * @param validationKl  KL on the validation split, or null
 * @param trainLoss     mean of the loss actually minimized (with β(t), free bits or the IWAE bound)
 * @param wallSeconds   seconds since the start of the run, or null unless asked for (it would make the file
 *                      differ from run to run)
 */
// The first seven are in every history ever written, so a file lacking one is damaged (io.MetadataJson refuses it);
// the later ones may be missing from files written before they were recorded.
public record EpochMetrics(@JsonProperty(required = true) int epoch, @JsonProperty(required = true) double trainElbo,
                           @JsonProperty(required = true) double trainRecon,
                           @JsonProperty(required = true) double trainKl,
                           @JsonProperty(required = true) double testElbo,
                           @JsonProperty(required = true) double testRecon,
                           @JsonProperty(required = true) double testKl, double beta, Integer activeUnits,
                           Double validationElbo, Double validationRecon, Double validationKl, double trainLoss,
                           Double wallSeconds) {
    /** The original seven fields, for callers that know only them. */
    public EpochMetrics(int epoch, double trainElbo, double trainRecon, double trainKl,
                        double testElbo, double testRecon, double testKl) {
        this(epoch, trainElbo, trainRecon, trainKl, testElbo, testRecon, testKl, 1, 0, null, null, null,
                -trainElbo, null);
    }
}
