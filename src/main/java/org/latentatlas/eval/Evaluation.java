package org.latentatlas.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.latentatlas.model.InvalidSettingException;

/**
 * The ELBO of a model on a dataset split, per example, in nats.
 *
 * @param elbo        mean ELBO (a lower bound on log p(x); negative)
 * @param elboStdErr  standard error of that mean over examples; null for one example, whose spread measures nothing
 *                    (files written before said 0 there, and are read as null)
 * @param recon       mean −log p(x|z) under q(z|x)
 * @param kl          mean KL(q(z|x) ‖ N(0, I)), in closed form
 * @param examples    examples evaluated
 * @param samples     Monte Carlo samples of ε per example for the reconstruction term
 * @param seed        seed of those samples
 */
// Required as a model file is read (io.MetadataJson): every file holds them all, and a missing one read as 0 would be
// a stored ELBO, KL or seed the model never had.
public record Evaluation(@JsonProperty(required = true) double elbo, @JsonProperty(required = true) Double elboStdErr,
                         @JsonProperty(required = true) double recon, @JsonProperty(required = true) double kl,
                         @JsonProperty(required = true) int examples, @JsonProperty(required = true) int samples,
                         @JsonProperty(required = true) long seed) {
    public Evaluation {
        if (examples < 1) {
            throw invalid("examples", "examples", "must be at least 1 (an evaluation scores one example or more)",
                    examples);
        }
        if (samples < 1) {
            throw invalid("samples", "samples", "must be at least 1 (draws of eps per example)", samples);
        }
        if (examples == 1) {
            elboStdErr = null;
        } else if (elboStdErr == null) {
            throw invalid("elboStdErr", "elboStdErr", "must be a number, the standard error over " + examples
                    + " examples (null only for one example)", null);
        }
    }

    private static InvalidSettingException invalid(String field, String subject, String requirement, Object value) {
        return new InvalidSettingException(Evaluation.class, field, subject, requirement, value);
    }

    /** "ELBO −28.31 ± 0.42 nats (recon 24.90 + KL 3.41)", "± -" for one example. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "ELBO %.2f ± %s nats (recon %.2f + KL %.2f)", elbo,
                elboStdErr == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", elboStdErr), recon, kl);
    }
}
