package org.latentatlas.eval;

import java.util.Objects;

/**
 * What {@code atlas evaluate} prints and writes as JSON: every figure with its protocol.
 *
 * @param protocol    data, likelihood, binarization, k, repeats, seed, estimators
 * @param elbo        ELBO, reconstruction and KL per example with standard errors
 * @param isNll       importance-sampled −log p(x)
 * @param objective   the β-weighted or free-bits objective the model minimised, on these examples; null where it
 *                    minimised the ELBO itself
 * @param latent      KL and activity per dimension
 * @param information mutual information and aggregate-posterior KL
 * @param collapse    the collapse verdict
 * @param timing      how long the importance sampling took
 */
public record EvaluationReport(ProtocolCard protocol, ElboSummary elbo, ImportanceSampledNll isNll,
                               TrainedObjective objective, LatentUsage latent, PosteriorInformation information,
                               CollapseVerdict collapse, Timing timing) {
    /**
     * @param seconds            wall time of the importance sampling (k · repeats · examples decoder rows)
     * @param decoderRowsPerSecond (example, sample) rows decoded and scored per second
     * @param totalSeconds       wall time of the whole evaluation
     */
    public record Timing(double seconds, double decoderRowsPerSecond, double totalSeconds) {}

    /**
     * @param formula the objective per example, "recon + 4 · KL" ({@link Training#formula()})
     * @param value   its mean over the examples, in nats: a loss, not a bound on log p(x)
     */
    public record TrainedObjective(String formula, double value) {
        public TrainedObjective {
            Objects.requireNonNull(formula, "formula");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("the objective of " + formula + " must be finite, got " + value);
            }
        }
    }

    public EvaluationReport {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(elbo, "elbo");
        Objects.requireNonNull(isNll, "isNll");
        Objects.requireNonNull(latent, "latent");
        Objects.requireNonNull(information, "information");
        Objects.requireNonNull(collapse, "collapse");
    }
}
