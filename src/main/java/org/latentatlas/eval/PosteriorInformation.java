package org.latentatlas.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Vae;

/**
 * "ELBO surgery" (Hoffman &amp; Johnson 2016): the mean KL term splits into the information the code carries
 * about the example and how far the aggregate posterior q(z) = (1/N) Σ_n q(z|x_n) strays from the prior:
 * <pre>
 *   E_x KL(q(z|x) ‖ p(z)) = I_q(x; z) + KL(q(z) ‖ p(z))
 * </pre>
 * Estimator: one z_m ~ q(z|x_m) for each of M examples (a seeded subset), and q(z_m) as the full-dataset
 * mixture of all N posteriors, evaluated exactly:
 * <pre>
 *   I ≈ (1/M) Σ_m [log q(z_m|x_m) − log q̂(z_m)],   KL(q(z)‖p(z)) ≈ (1/M) Σ_m [log q̂(z_m) − log p(z_m)]
 * </pre>
 * The two add up to the Monte Carlo estimate of the mean KL, so they differ from the closed-form
 * {@code averageKl} only by sampling noise. Because the mixture contains x_m's own component, this I is at
 * most log N ({@code maxMutualInformation}): near that value the posteriors barely overlap and the estimate
 * is a lower bound rather than a measurement.
 *
 * @param mutualInformation       I_q(x; z) in nats
 * @param mutualInformationStdErr its standard error over the M samples; null for one sample, whose spread is no
 *                                error estimate (so the JSON writes null, never 0)
 * @param aggregateKl             KL(q(z) ‖ p(z)) in nats
 * @param aggregateKlStdErr       its standard error over the M samples; null for one sample
 * @param averageKl               E_x KL(q(z|x) ‖ p(z)) in closed form over all N examples
 * @param samples                 M, examples with one z each
 * @param components              N, posteriors in the mixture
 * @param maxMutualInformation    log N, the most this estimator can report
 */
public record PosteriorInformation(double mutualInformation, Double mutualInformationStdErr, double aggregateKl,
                                   Double aggregateKlStdErr, double averageKl, int samples, int components,
                                   double maxMutualInformation) {
    public static final String ESTIMATOR = "one z ~ q(z|x) per sampled example; q(z) = full-dataset mixture of the"
            + " N posteriors (Hoffman & Johnson 2016); I <= log N";
    private static final int ENCODE_CHUNK = 512;
    /**
     * How near log N (relative) an estimate is called saturated when its error is smaller: 1 %, a gap no model
     * comparison should rest on, since the estimator cannot exceed log N.
     */
    public static final double SATURATION_MARGIN = 0.01;

    public PosteriorInformation {
        if (samples < 1 || components < 1) {
            throw new IllegalArgumentException("need at least one sample and one component, got " + samples
                    + " and " + components);
        }
        if (Double.isNaN(mutualInformation) || Double.isNaN(aggregateKl)) {
            throw new IllegalArgumentException("information estimates are NaN: I " + mutualInformation
                    + ", KL(q(z)||p(z)) " + aggregateKl);
        }
        if ((samples == 1) != (mutualInformationStdErr == null) || (samples == 1) != (aggregateKlStdErr == null)) {
            throw new IllegalArgumentException("standard errors must be null for exactly one sample, got "
                    + mutualInformationStdErr + " and " + aggregateKlStdErr + " for " + samples + " samples");
        }
    }

    /**
     * Whether I sits at its log N ceiling, within twice its standard error or {@link #SATURATION_MARGIN} of it: the
     * posteriors barely overlap, each z_m is told to its own x_m, and the estimate measures N rather than the model.
     */
    @JsonProperty("saturated")
    public boolean saturated() {
        double gap = maxMutualInformation - mutualInformation;
        double error = mutualInformationStdErr == null ? 0 : mutualInformationStdErr;
        return gap <= Math.max(2 * error, SATURATION_MARGIN * maxMutualInformation);
    }

    public static PosteriorInformation estimate(Vae vae, Dataset data, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("information samples must be >= 1, got " + samples);
        }
        int n = data.size();
        int latent = vae.config().latentDim();
        float[] mu = new float[n * latent];     // (n, latent)
        float[] logvar = new float[n * latent]; // (n, latent)
        encodeAll(vae, data, mu, logvar);
        double[] invVar = new double[n * latent];
        double[] logNorm = new double[n];       // log of each component's normalizer
        double averageKl = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = i * latent; j < (i + 1) * latent; j++) {
                invVar[j] = StrictMath.exp(-logvar[j]);
                s += logvar[j];
                averageKl += DiagonalGaussian.klToStandardNormal(mu[j], logvar[j]);
            }
            logNorm[i] = -0.5 * (s + latent * StrictMath.log(2 * Math.PI));
        }
        int m = Math.min(samples, n);
        int[] chosen = chooseExamples(n, m, seed);
        double[] info = new double[m];
        double[] aggregate = new double[m];
        NoiseSource noise = NoiseSource.seeded(seed, -1);
        Parallel pool = Parallel.shared();
        int parts = Math.min(pool.threads(), m);
        pool.forEach(parts, p -> {
            double[] logQ = new double[n];
            float[] eps = new float[latent];
            double[] z = new double[latent];
            for (int s = p * m / parts; s < (p + 1) * m / parts; s++) {
                int x = chosen[s];
                noise.fill(x, 0, eps, 0, latent);
                double logPrior = -0.5 * latent * StrictMath.log(2 * Math.PI);
                for (int j = 0; j < latent; j++) {
                    z[j] = mu[x * latent + j] + DiagonalGaussian.sigma(logvar[x * latent + j]) * eps[j];
                    logPrior -= 0.5 * z[j] * z[j];
                }
                double logMixture = logMixture(z, mu, invVar, logNorm, latent, logQ);
                info[s] = logQ[x] - logMixture;
                aggregate[s] = logMixture - logPrior;
            }
        });
        Moments i = Moments.of(info);
        Moments a = Moments.of(aggregate);
        boolean one = m == 1;
        return new PosteriorInformation(i.mean(), one ? null : i.stdErr(), a.mean(), one ? null : a.stdErr(),
                averageKl / n, m, n, StrictMath.log(n));
    }

    /** log (1/N) Σ_n N(z; μ_n, σ_n²), leaving every log N(z; μ_n, σ_n²) in logQ (n). */
    private static double logMixture(double[] z, float[] mu, double[] invVar, double[] logNorm, int latent,
                                     double[] logQ) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logQ.length; c++) {
            double quad = 0;
            for (int j = 0; j < latent; j++) {
                double d = z[j] - mu[c * latent + j];
                quad += d * d * invVar[c * latent + j];
            }
            logQ[c] = logNorm[c] - 0.5 * quad;
            max = Math.max(max, logQ[c]);
        }
        double sum = 0;
        for (double v : logQ) {
            sum += StrictMath.exp(v - max);
        }
        return max + StrictMath.log(sum) - StrictMath.log(logQ.length);
    }

    private static void encodeAll(Vae vae, Dataset data, float[] mu, float[] logvar) {
        int dim = data.dim();
        int latent = vae.config().latentDim();
        float[] x = new float[ENCODE_CHUNK * dim]; // (chunk, dim)
        for (int start = 0; start < data.size(); start += ENCODE_CHUNK) {
            int batch = Math.min(ENCODE_CHUNK, data.size() - start);
            System.arraycopy(data.pixels(), start * dim, x, 0, batch * dim);
            Vae.Encoding q = vae.encode(x, batch);
            System.arraycopy(q.mu(), 0, mu, start * latent, batch * latent);
            System.arraycopy(q.logvar(), 0, logvar, start * latent, batch * latent);
        }
    }

    /** m distinct example indices, a seeded uniform subset (all of them, in order, when m = n). */
    private static int[] chooseExamples(int n, int m, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (m < n) {
            new Rng(seed).shuffle(all);
        }
        int[] chosen = java.util.Arrays.copyOf(all, m);
        java.util.Arrays.sort(chosen);
        return chosen;
    }
}
