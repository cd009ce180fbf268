package org.latentatlas.eval;

/**
 * The ELBO split per example, in nats, each mean with its standard error over examples.
 *
 * @param elbo              mean ELBO = −(recon + kl), a lower bound on log p(x)
 * @param elboStdErr        standard error of that mean over examples; null for one example, whose spread measures
 *                          nothing (0 would read as an exact mean), as for the two below
 * @param recon             mean E_q[−log p(x|z)], Monte Carlo over {@code samplesPerExample} draws of z
 * @param reconStdErr       its standard error over examples, or null
 * @param kl                mean KL(q(z|x) ‖ N(0, I)), in closed form
 * @param klStdErr          its standard error over examples, or null
 * @param negElboBitsPerDim −ELBO in bits per pixel: nats / (dim · ln 2), plus 8 for a density on 8-bit data
 *                          ({@link BitsPerDim})
 * @param examples          examples evaluated
 * @param samplesPerExample draws of z per example behind {@code recon}
 */
public record ElboSummary(double elbo, Double elboStdErr, double recon, Double reconStdErr, double kl,
                          Double klStdErr, double negElboBitsPerDim, int examples, long samplesPerExample) {
    public ElboSummary {
        if (examples < 1) {
            throw new IllegalArgumentException("an ELBO summary needs at least one example, got " + examples);
        }
        if (samplesPerExample < 1) {
            throw new IllegalArgumentException("an ELBO summary needs at least one sample per example, got "
                    + samplesPerExample);
        }
        if ((elboStdErr == null || reconStdErr == null || klStdErr == null) != (examples == 1)) {
            throw new IllegalArgumentException("the standard errors over examples are null exactly when there is one"
                    + " example, got " + elboStdErr + ", " + reconStdErr + ", " + klStdErr + " for " + examples);
        }
        if (Double.isNaN(elbo)) {
            throw new IllegalArgumentException("ELBO is NaN (recon " + recon + ", KL " + kl + ")");
        }
    }

    /** From per-example reconstruction and KL terms (examples). */
    static ElboSummary of(double[] recon, double[] kl, int dim, BitsPerDim bits, long samplesPerExample) {
        double[] elbo = new double[recon.length];
        for (int i = 0; i < elbo.length; i++) {
            elbo[i] = -(recon[i] + kl[i]);
        }
        Moments e = Moments.of(elbo);
        Moments r = Moments.of(recon);
        Moments k = Moments.of(kl);
        boolean one = elbo.length == 1;
        return new ElboSummary(e.mean(), one ? null : e.stdErr(), r.mean(), one ? null : r.stdErr(), k.mean(),
                one ? null : k.stdErr(), bits.of(-e.mean(), dim), elbo.length, samplesPerExample);
    }
}
