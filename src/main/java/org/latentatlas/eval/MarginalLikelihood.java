package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;

/**
 * The ELBO and the IS-NLL of a dataset from one set of samples: each repeat draws k samples of z ~ q(z|x)
 * per example; the IS-NLL is each repeat's k-sample estimate, the ELBO's reconstruction term the average of
 * −log p(x|z) over all k · repeats draws, its KL in closed form. −ELBO ≥ IS-NLL(k) holds in expectation, not per
 * run: with the same draws the gap is a Jensen term (≥ 0) plus the closed-form KL less its Monte Carlo estimate
 * from those draws (mean zero, either sign), so at k = 1 it is noise around zero and at larger k the Jensen term
 * dominates.
 */
public final class MarginalLikelihood {
    private MarginalLikelihood() {}

    /**
     * Both estimates, with the per-example numbers they summarize: a cross-check writes those from this one run.
     *
     * @param perExample the numbers behind {@code elbo} and {@code isNll}, example by example
     */
    public record Estimate(ElboSummary elbo, ImportanceSampledNll isNll, PerExample perExample) {}

    /**
     * The numbers behind an {@link Estimate}, example by example: what a cross-check in another framework
     * reproduces from the same x and ε.
     *
     * @param logMarginal (examples) mean over the repeats of each repeat's k-sample log p̂(x), nats
     * @param recon       (examples) mean over all k · repeats draws of −log p(x|z), nats
     * @param kl          (examples) KL(q(z|x) ‖ N(0, I)) in closed form, nats
     * @param perRepeat   (repeats) each repeat's IS-NLL, the mean over examples of −log p̂(x)
     */
    public record PerExample(double[] logMarginal, double[] recon, double[] kl, double[] perRepeat) {}

    /**
     * Repeat r draws its ε from {@link NoiseSource#seeded}(seed, r), as {@link NoiseSource#seededArray} lays them out
     * for another framework: the same seed gives the same numbers.
     */
    public static Estimate estimate(Vae vae, Dataset data, int k, int repeats, long seed) {
        PerExample p = sample(vae, data, k, repeats, seed);
        double[] nll = new double[p.logMarginal().length];
        for (int i = 0; i < nll.length; i++) {
            nll[i] = -p.logMarginal()[i];
        }
        int dim = data.dim();
        BitsPerDim bits = BitsPerDim.of(vae.likelihood(), data);
        Moments overRepeats = Moments.of(p.perRepeat());
        Moments overExamples = Moments.of(nll);
        ImportanceSampledNll isNll = new ImportanceSampledNll(overRepeats.mean(),
                repeats == 1 ? null : overRepeats.stdErr(),
                nll.length == 1 ? null : overExamples.stdErr(), bits.of(overRepeats.mean(), dim), p.perRepeat(), k,
                repeats, seed);
        return new Estimate(ElboSummary.of(p.recon(), p.kl(), dim, bits, (long) k * repeats), isNll, p);
    }

    private static PerExample sample(Vae vae, Dataset data, int k, int repeats, long seed) {
        if (data.dim() != vae.config().inputDim()) {
            throw new IllegalArgumentException(data.name() + " has " + data.dim()
                    + " pixels per image but the model expects " + vae.config().inputDim());
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        ImportanceSampler sampler = new ImportanceSampler(vae);
        int n = data.size();
        double[] perRepeat = new double[repeats];
        double[] logMarginal = new double[n];
        double[] recon = new double[n];
        double[] kl = null;
        for (int r = 0; r < repeats; r++) {
            ImportanceSampler.Run run = sampler.run(data.pixels(), n, k, NoiseSource.seeded(seed, r));
            double total = 0;
            for (int i = 0; i < n; i++) {
                total -= run.logMarginal()[i];
                logMarginal[i] += run.logMarginal()[i];
                recon[i] += run.recon()[i];
            }
            perRepeat[r] = total / n;
            kl = run.kl();
        }
        for (int i = 0; i < n; i++) {
            logMarginal[i] /= repeats;
            recon[i] /= repeats;
        }
        return new PerExample(logMarginal, recon, kl, perRepeat);
    }
}
