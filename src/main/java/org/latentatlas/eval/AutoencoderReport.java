package org.latentatlas.eval;

import java.util.Objects;
import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;

/**
 * What {@code atlas evaluate} reports for a plain autoencoder ({@code --objective ae}): its reconstruction at
 * z = μ with the protocol behind it, and nothing that would read as a bound, since the logvar head was never
 * trained and there is no posterior to sample or KL to take.
 *
 * @param dataset        dataset name
 * @param split          "test" or "train"
 * @param examples       examples evaluated
 * @param sha256         SHA-256 of the split's source content
 * @param data           where the examples came from: whose data, which split and seed, what limit
 * @param pixels         how the raw values became pixels in [0, 1] ({@code ValueRange.describe()})
 * @param likelihood     the likelihood spec, used as the reconstruction loss
 * @param binarization   "none", or how the evaluated set was binarized
 * @param reconstruction −log p(x | z = μ) per example in nats
 * @param estimator      how the reconstruction was computed
 * @param notReported    what a VAE report would add and why it is absent here
 */
public record AutoencoderReport(String dataset, String split, int examples, String sha256, String data,
                                String pixels, String likelihood, String binarization, Reconstruction reconstruction,
                                String estimator, String notReported) {
    public static final String NOT_REPORTED = "no ELBO, IS-NLL, KL per dimension, mutual information or collapse"
            + " verdict, since an autoencoder has no posterior q(z|x) (z = mu; its logvar head is untrained and unused),"
            + " so none of them is defined and the reconstruction is not a bound on log p(x)";

    public AutoencoderReport {
        Objects.requireNonNull(reconstruction, "reconstruction");
    }

    public static AutoencoderReport evaluate(Vae vae, EvaluatedSplit split) {
        Dataset set = split.data();
        return new AutoencoderReport(set.name(), split.name(), set.size(), set.sha256(), split.provenance(),
                set.range().describe(), vae.likelihood().spec(), split.binarization(), Reconstruction.atMean(vae, set),
                Reconstruction.ESTIMATOR, NOT_REPORTED);
    }
}
