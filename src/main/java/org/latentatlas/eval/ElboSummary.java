package org.latentatlas.eval;

/**
 * The ELBO split per example, in nats, each mean with its standard error over examples.
 *
 * @param elbo              mean ELBO = −(recon + kl), a lower bound on log p(x)
 * @param elboStdErr        standard error of that mean over examples
 * @param recon             mean E_q[−log p(x|z)], Monte Carlo over {@code samplesPerExample} draws of z
 * @param reconStdErr       its standard error over examples
 * @param kl                mean KL(q(z|x) ‖ N(0, I)), in closed form
 * @param klStdErr          its standard error over examples
 * @param negElboBitsPerDim −ELBO in bits per pixel: nats / (dim · ln 2)
 * @param examples          examples evaluated
 * @param samplesPerExample draws of z per example behind {@code recon}
 */
public record ElboSummary(double elbo, double elboStdErr, double recon, double reconStdErr, double kl,
                          double klStdErr, double negElboBitsPerDim, int examples, long samplesPerExample) {
    public ElboSummary {
        if (examples < 1) {
            throw new IllegalArgumentException("an ELBO summary needs at least one example, got " + examples);
        }
        if (samplesPerExample < 1) {
            throw new IllegalArgumentException("an ELBO summary needs at least one sample per example, got "
                    + samplesPerExample);
        }
        if (Double.isNaN(elbo)) {
            throw new IllegalArgumentException("ELBO is NaN (recon " + recon + ", KL " + kl + ")");
        }
    }

    /** From per-example reconstruction and KL terms (examples). */
    static ElboSummary of(double[] recon, double[] kl, int dim, long samplesPerExample) {
        double[] elbo = new double[recon.length];
        for (int i = 0; i < elbo.length; i++) {
            elbo[i] = -(recon[i] + kl[i]);
        }
        Moments e = Moments.of(elbo);
        Moments r = Moments.of(recon);
        Moments k = Moments.of(kl);
        return new ElboSummary(e.mean(), e.stdErr(), r.mean(), r.stdErr(), k.mean(), k.stdErr(),
                -e.mean() / (dim * StrictMath.log(2)), elbo.length, samplesPerExample);
    }
}
