package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class ImportanceSamplerTest {

    static Dataset randomData(int n, int h, int w, long seed) {
        Rng rng = new Rng(seed);
        float[] px = new float[n * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = Math.round(rng.nextFloat() * 16) / 16f;
        }
        return new Dataset("random", h, w, px, new int[n], List.of("all"), 16, "none");
    }

    static Vae tinyVae(String likelihood, long seed) {
        Vae vae = Vae.initialize(VaeConfig.symmetric(3, 5, List.of(7), 3, likelihood), new Rng(seed));
        if (vae.config().learnedLikelihoodCount() > 0) { // a σ of its own per pixel, not the initial 1 everywhere
            ParameterLayout.Slot logSigma = ParameterLayout.of(vae.config()).slot(Likelihood.LEARNED_TENSOR);
            for (int i = 0; i < logSigma.length(); i++) {
                vae.parameters()[logSigma.offset() + i] = -0.1f * i;
            }
        }
        return vae;
    }

    /** log p̂(x) one sample at a time, the textbook way, with an exact two-pass logsumexp. */
    static double referenceLogMarginal(Vae vae, float[] x, int example, int k, NoiseSource noise) {
        int dim = vae.config().inputDim();
        int latent = vae.config().latentDim();
        float[] row = new float[dim];
        System.arraycopy(x, example * dim, row, 0, dim);
        Vae.Encoding q = vae.encode(row, 1);
        double[] w = new double[k];
        for (int s = 0; s < k; s++) {
            float[] eps = new float[latent];
            noise.fill(example, s, eps, 0, latent);
            float[] z = new float[latent];
            double logRatio = 0;
            for (int j = 0; j < latent; j++) {
                double sd = Math.exp(0.5 * q.logvar()[j]);
                z[j] = (float) (q.mu()[j] + sd * eps[j]);
                double logPrior = -0.5 * z[j] * z[j] - 0.5 * Math.log(2 * Math.PI);
                double logQ = -0.5 * eps[j] * eps[j] - 0.5 * q.logvar()[j] - 0.5 * Math.log(2 * Math.PI);
                logRatio += logPrior - logQ;
            }
            float[] out = vae.decodeLogits(z, 1);
            double nll = 0;
            for (int d = 0; d < dim; d++) {
                nll += vae.likelihood().negLogLikelihood(d, out[d], row[d]);
            }
            w[s] = logRatio - nll;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : w) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum) - Math.log(k);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "binomial(16)", "gaussian(0.3)", "continuous-bernoulli", "gaussian(learned)",
        "gaussian(learned-pixel)"})
    void batchedRowsAcrossSeveralSampleBlocksMatchOneSampleAtATime(String likelihood) {
        Vae vae = tinyVae(likelihood, 1);
        Dataset data = randomData(3, 3, 5, 2);
        int k = ImportanceSampler.ROWS_PER_PASS + 77; // two blocks: the logsumexp streams across them
        NoiseSource noise = NoiseSource.seeded(9, 0);
        ImportanceSampler.Run run = new ImportanceSampler(vae).run(data.pixels(), data.size(), k, noise);
        for (int e = 0; e < data.size(); e++) {
            assertThat(run.logMarginal()[e]).as("example " + e)
                    .isCloseTo(referenceLogMarginal(vae, data.pixels(), e, k, noise), within(2e-4));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "tanh", "silu", "gelu"})
    void decodesWithTheModelsOwnActivation(String activation) {
        // The sampler builds a decoder of its own; it must be the model's, not a ReLU one over its weights.
        Vae vae = Vae.initialize(VaeConfig.of(3, 5, List.of(7, 6), 3, null, "bernoulli", activation), new Rng(4));
        Dataset data = randomData(4, 3, 5, 5);
        NoiseSource noise = NoiseSource.seeded(3, 0);
        ImportanceSampler.Run run = new ImportanceSampler(vae).run(data.pixels(), data.size(), 5, noise);
        for (int e = 0; e < data.size(); e++) {
            assertThat(run.logMarginal()[e]).as(activation + ", example " + e)
                    .isCloseTo(referenceLogMarginal(vae, data.pixels(), e, 5, noise), within(1e-4));
        }
    }

    @Test
    void manyExamplesPerPassGiveTheSameNumbersAsOneExampleAlone() {
        Vae vae = tinyVae("bernoulli", 3);
        Dataset data = randomData(300, 3, 5, 4); // more than one encoder chunk, many examples per pass
        NoiseSource noise = NoiseSource.seeded(5, 1);
        ImportanceSampler.Run run = new ImportanceSampler(vae).run(data.pixels(), data.size(), 20, noise);
        for (int e : new int[] {0, 137, 299}) {
            assertThat(run.logMarginal()[e]).isCloseTo(referenceLogMarginal(vae, data.pixels(), e, 20, noise),
                    within(1e-4));
        }
    }

    @Test
    void logWeightsFarBelowTheSmallestDoubleExponentStillGiveAFiniteExactLogsumexp() {
        // σ = 0.001: −log p(x|z) is ~1e5 nats per example, so exp(w) underflows to 0 without the running max.
        Vae vae = tinyVae("gaussian(0.001)", 6);
        Dataset data = randomData(2, 3, 5, 7);
        NoiseSource noise = NoiseSource.seeded(1, 0);
        ImportanceSampler.Run run = new ImportanceSampler(vae).run(data.pixels(), 2, 50, noise);
        assertThat(run.logMarginal()[0]).isLessThan(-1e4).isFinite();
        assertThat(run.logMarginal()[0]).isCloseTo(referenceLogMarginal(vae, data.pixels(), 0, 50, noise),
                within(1e-6 * Math.abs(run.logMarginal()[0])));
    }

    @Test
    void negativeElboIsAboveIsNllOfKWhichIsAboveIsNllOfALargerK() {
        Vae vae = tinyVae("bernoulli", 8);
        Dataset data = randomData(200, 3, 5, 9);
        MarginalLikelihood.Estimate k1 = MarginalLikelihood.estimate(vae, data, 1, 1, 2);
        MarginalLikelihood.Estimate k10 = MarginalLikelihood.estimate(vae, data, 10, 1, 2);
        MarginalLikelihood.Estimate k500 = MarginalLikelihood.estimate(vae, data, 500, 1, 2);
        assertThat(-k500.elbo().elbo()).isGreaterThan(k10.isNll().nll());
        assertThat(k1.isNll().nll()).isGreaterThan(k10.isNll().nll());
        assertThat(k10.isNll().nll()).isGreaterThan(k500.isNll().nll());
        // k = 1 is an unbiased single-sample −ELBO: same draws, same number as the ELBO from those draws
        // up to the Monte Carlo difference between the sampled and the closed-form KL.
        assertThat(k1.isNll().nll()).isCloseTo(-k500.elbo().elbo(), within(0.2));
    }

    @Test
    void theSameSeedGivesTheSameEstimateAndRepeatsSpreadIsReported() {
        Vae vae = tinyVae("bernoulli", 10);
        Dataset data = randomData(50, 3, 5, 11);
        ImportanceSampledNll a = MarginalLikelihood.estimate(vae, data, 30, 4, 77).isNll();
        ImportanceSampledNll b = MarginalLikelihood.estimate(vae, data, 30, 4, 77).isNll();
        assertThat(a).usingRecursiveComparison().isEqualTo(b);
        assertThat(a.perRepeat()).hasSize(4).doesNotHaveDuplicates();
        assertThat(a.stdErrRepeats()).isPositive();
        assertThat(a.stdErrExamples()).isGreaterThan(a.stdErrRepeats());
        assertThat(a.bitsPerDim()).isCloseTo(a.nll() / (15 * Math.log(2)), within(1e-12));
    }

    @Test
    void theEstimateCarriesThePerExampleNumbersItsSummariesAreMeansOf() {
        Vae vae = tinyVae("bernoulli", 12);
        Dataset data = randomData(40, 3, 5, 13);
        MarginalLikelihood.Estimate e = MarginalLikelihood.estimate(vae, data, 25, 3, 5);
        MarginalLikelihood.PerExample p = e.perExample();
        assertThat(p.logMarginal()).hasSize(40);
        assertThat(p.perRepeat()).containsExactly(e.isNll().perRepeat());
        assertThat(mean(p.recon())).isEqualTo(e.elbo().recon());
        assertThat(mean(p.kl())).isEqualTo(e.elbo().kl());
        assertThat(-mean(p.logMarginal())).isCloseTo(e.isNll().nll(), within(1e-12));
    }

    @Test
    void theSeededArrayHoldsEveryRepeatsNoiseWhereFixedNoiseReadsItBack() {
        Vae vae = tinyVae("binomial(16)", 14);
        Dataset data = randomData(6, 3, 5, 15);
        int k = 4;
        int latent = vae.config().latentDim();
        float[] eps = NoiseSource.seededArray(21, 2, data.size(), k, latent); // (repeats, examples, k, latent)
        assertThat(eps).hasSize(2 * data.size() * k * latent);
        ImportanceSampler sampler = new ImportanceSampler(vae);
        for (int r = 0; r < 2; r++) {
            ImportanceSampler.Run seeded = sampler.run(data.pixels(), data.size(), k, NoiseSource.seeded(21, r));
            ImportanceSampler.Run fixed = sampler.run(data.pixels(), data.size(), k,
                    NoiseSource.fixed(eps, r, data.size(), k, latent));
            assertThat(fixed.logMarginal()).as("repeat " + r).containsExactly(seeded.logMarginal());
            assertThat(fixed.recon()).as("repeat " + r).containsExactly(seeded.recon());
        }
    }

    private static double mean(double[] values) {
        return Moments.of(values).mean();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 37, 784, 785})
    void fastRowScorersAgreeWithThePixelByPixelLikelihood(int dim) {
        Rng rng = new Rng(dim);
        float[] x = new float[2 * dim];
        float[] out = new float[3 * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(rng.nextFloat() * 255) / 255f;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (rng.nextGaussian() * 6);
        }
        for (String spec : List.of("bernoulli", "binomial(255)", "gaussian(0.2)", "continuous-bernoulli")) {
            Likelihood lik = Likelihood.parse(spec);
            RowScorer fast = RowScorer.of(lik, x, dim);
            RowScorer exact = RowScorer.exact(lik, x, dim);
            for (int e = 0; e < 2; e++) {
                double want = exact.negLogLikelihood(out, dim, e);
                assertThat(fast.negLogLikelihood(out, dim, e)).as(spec + " example " + e)
                        .isCloseTo(want, within(1e-5 * Math.max(1, Math.abs(want)) + 1e-4));
            }
        }
    }
}
