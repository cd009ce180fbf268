package org.latentatlas.eval;

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
public record Evaluation(double elbo, Double elboStdErr, double recon, double kl, int examples, int samples,
                         long seed) {
    public Evaluation {
        if (examples < 1) {
            throw new IllegalArgumentException("an evaluation needs at least one example, got " + examples);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("an evaluation needs at least one sample, got " + samples);
        }
        if (examples == 1) {
            elboStdErr = null;
        } else if (elboStdErr == null) {
            throw new IllegalArgumentException("elboStdErr: a standard error over " + examples + " examples, got none");
        }
    }

    /** "ELBO −28.31 ± 0.42 nats (recon 24.90 + KL 3.41)", "± -" for one example. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "ELBO %.2f ± %s nats (recon %.2f + KL %.2f)", elbo,
                elboStdErr == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", elboStdErr), recon, kl);
    }
}
