package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;

/**
 * The ELBO and the IS-NLL of a dataset from one set of samples: each repeat draws k samples of z ~ q(z|x)
 * per example; the IS-NLL is each repeat's k-sample estimate, the ELBO's reconstruction term the average of
 * −log p(x|z) over all k · repeats draws. Because both come from the same draws, −ELBO ≥ IS-NLL(k) holds
 * per example up to Jensen's inequality, not just in expectation.
 */
public final class MarginalLikelihood {
    private MarginalLikelihood() {}

    /** Both estimates. */
    public record Estimate(ElboSummary elbo, ImportanceSampledNll isNll) {}

    public static Estimate estimate(Vae vae, Dataset data, int k, int repeats, long seed) {
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
        double[] nllSum = new double[n];
        double[] reconSum = new double[n];
        double[] kl = null;
        for (int r = 0; r < repeats; r++) {
            ImportanceSampler.Run run = sampler.run(data.pixels(), n, k, NoiseSource.seeded(seed, r));
            double total = 0;
            for (int i = 0; i < n; i++) {
                total -= run.logMarginal()[i];
                nllSum[i] -= run.logMarginal()[i];
                reconSum[i] += run.recon()[i];
            }
            perRepeat[r] = total / n;
            kl = run.kl();
        }
        for (int i = 0; i < n; i++) {
            nllSum[i] /= repeats;
            reconSum[i] /= repeats;
        }
        int dim = data.dim();
        Moments overRepeats = Moments.of(perRepeat);
        Moments overExamples = Moments.of(nllSum);
        ImportanceSampledNll isNll = new ImportanceSampledNll(overRepeats.mean(), overRepeats.stdErr(),
                overExamples.stdErr(), overRepeats.mean() / (dim * Math.log(2)), perRepeat, k, repeats, seed);
        return new Estimate(ElboSummary.of(reconSum, kl, dim, (long) k * repeats), isNll);
    }
}
