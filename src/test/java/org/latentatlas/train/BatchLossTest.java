package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentatlas.math.Rng;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/**
 * Closed-form facts about the objectives (free bits, IWAE at k = 1, the autoencoder's missing KL), and that each
 * writes its gradient whole.
 */
class BatchLossTest {
    private static final VaeConfig CONFIG = new VaeConfig(6, 2, 3, List.of(5), 3, List.of(5), "bernoulli", "relu");
    private static final int BATCH = 4;

    private final Rng rng = new Rng(3);
    private final float[] x = fill(BATCH * 6, true);
    private final float[] eps = fill(BATCH * 3, false);

    private float[] fill(int n, boolean uniform) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = uniform ? rng.nextFloat() : (float) rng.nextGaussian();
        }
        return v;
    }

    private Vae vae() {
        return Vae.initialize(CONFIG, new Rng(5));
    }

    @Test
    void freeBitsAboveEveryDimensionsKlRemoveTheKlGradientEntirely() {
        float[] floored = new float[ParameterLayout.of(CONFIG).size()];
        float[] noKl = new float[ParameterLayout.of(CONFIG).size()];
        BatchLoss.Result r = new BatchLoss().elbo(vae(), x, eps, BATCH, 1, 50, floored);
        new BatchLoss().elbo(vae(), x, eps, BATCH, 0, 0, noKl);
        assertThat(floored).containsExactly(noKl);
        // The loss holds the floor, λ per dimension; the reported KL stays the true one.
        assertThat(r.loss()).isCloseTo(r.terms().meanRecon() + 3 * 50, within(1e-9));
        assertThat(r.terms().kl()).isLessThan(50.0 * BATCH);
    }

    @Test
    void aDimensionBelowLambdaGetsNoKlGradientWhileOneAboveKeepsIt() {
        Vae vae = vae();
        float[] p = vae.parameters();
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        // Push latent dimension 0's mean far from 0 (KL ≈ ½·25) and leave dimensions 1 and 2 near 0.
        p[layout.offset("mu.bias")] = 5f;
        double[] kl = klPerDimension(vae);
        assertThat(kl[0]).isGreaterThan(10);
        assertThat(kl[1]).isLessThan(1);
        float[] withFloor = new float[p.length];
        float[] reconOnly = new float[p.length];
        float[] full = new float[p.length];
        new BatchLoss().elbo(vae, x, eps, BATCH, 1, 2.0, withFloor);
        new BatchLoss().elbo(vae, x, eps, BATCH, 0, 0, reconOnly);
        new BatchLoss().elbo(vae, x, eps, BATCH, 1, 0, full);
        int muBias = layout.offset("mu.bias");
        int logvarBias = layout.offset("logvar.bias");
        for (int j = 1; j < 3; j++) { // below λ: only the reconstruction's gradient
            assertThat(withFloor[muBias + j]).isEqualTo(reconOnly[muBias + j]);
            assertThat(withFloor[logvarBias + j]).isEqualTo(reconOnly[logvarBias + j]);
        }
        assertThat(withFloor[muBias]).isEqualTo(full[muBias]); // above λ: the full KL gradient
        assertThat(withFloor[muBias]).isNotEqualTo(reconOnly[muBias]);
    }

    private double[] klPerDimension(Vae vae) {
        Vae.Encoding q = vae.encode(x, BATCH);
        double[] variance = DiagonalGaussian.variances(q.logvar(), BATCH * 3, new double[BATCH * 3]);
        return BatchLoss.klPerDimension(q.mu(), q.logvar(), variance, BATCH, 3);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "bernoulli, ELBO", "bernoulli, AE", "bernoulli, IWAE", "gaussian(learned), ELBO", "gaussian(learned), AE",
        "gaussian(learned-pixel), IWAE",
    })
    void theGradientIsWrittenWholeWhateverTheArrayHeldBefore(String likelihood, Objective objective) {
        // The trainer never clears its gradient array between steps, so every element must be written each time.
        VaeConfig config = new VaeConfig(6, 2, 3, List.of(5), 3, List.of(5), likelihood, "relu");
        float[] fromZeros = new float[ParameterLayout.of(config).size()];
        float[] fromNaN = new float[ParameterLayout.of(config).size()];
        Arrays.fill(fromNaN, Float.NaN);
        for (float[] grads : List.of(fromZeros, fromNaN)) {
            Vae vae = Vae.initialize(config, new Rng(5));
            BatchLoss loss = new BatchLoss();
            switch (objective) {
                case ELBO -> loss.elbo(vae, x, eps, BATCH, 1, 0, grads);
                case AE -> loss.autoencoder(vae, x, BATCH, grads);
                case IWAE -> loss.iwae(vae, x.clone(), eps, BATCH, 1, grads);
            }
        }
        assertThat(fromNaN).containsExactly(fromZeros);
        assertThat(fromZeros).as("a real gradient, not all zeros").isNotEqualTo(new float[fromZeros.length]);
    }

    @Test
    void iwaeWithOneSampleEqualsTheSingleSampleElboExactly() {
        Vae vae = vae();
        float[] grads = new float[ParameterLayout.of(CONFIG).size()];
        BatchLoss.Result iwae = new BatchLoss().iwae(vae, x.clone(), eps, BATCH, 1, grads);
        // The single-sample ELBO written out directly: recon + log q(z|x) − log p(z) at z = μ + σε.
        Vae.Pass pass = vae.forward(x, eps, BATCH);
        double expected = 0;
        for (int i = 0; i < BATCH; i++) {
            expected += Elbo.reconstruction(vae.likelihood(), pass.logits(), i * 6, x, i * 6, 6, 6);
            for (int j = i * 3; j < i * 3 + 3; j++) {
                double logQ = -0.5 * eps[j] * eps[j] - 0.5 * pass.logvar()[j];
                double logP = -0.5 * pass.z()[j] * pass.z()[j];
                expected += logQ - logP;
            }
        }
        assertThat(iwae.loss()).isCloseTo(expected / BATCH, within(1e-12));
    }

    @Test
    void iwaeWithOneSampleAveragesToTheClosedFormElbo() {
        // E_ε[log q − log p] = KL, so over many ε the k = 1 bound matches the analytic-KL ELBO.
        Vae vae = vae();
        int draws = 4000;
        double sum = 0;
        double sumSq = 0;
        Rng noise = new Rng(17);
        float[] e = new float[BATCH * 3];
        float[] grads = new float[ParameterLayout.of(CONFIG).size()];
        BatchLoss loss = new BatchLoss();
        for (int d = 0; d < draws; d++) {
            noise.fillGaussian(e, 0, e.length);
            double l = loss.iwae(vae, x.clone(), e, BATCH, 1, grads).loss();
            sum += l;
            sumSq += l * l;
        }
        double mean = sum / draws;
        double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
        double closedForm = 0;
        for (int d = 0; d < draws; d++) {
            noise.fillGaussian(e, 0, e.length);
            closedForm += -loss.elbo(vae, x, e, BATCH, 1, 0, grads).terms().meanElbo();
        }
        assertThat(mean).isCloseTo(closedForm / draws, within(4 * se + 1e-3));
    }

    @Test
    void iwaeBoundTightensWithMoreSamples() {
        Vae vae = vae();
        float[] grads = new float[ParameterLayout.of(CONFIG).size()];
        Rng noise = new Rng(23);
        double k1 = 0;
        double k50 = 0;
        for (int rep = 0; rep < 20; rep++) {
            float[] e1 = new float[BATCH * 3];
            noise.fillGaussian(e1, 0, e1.length);
            k1 += new BatchLoss().iwae(vae, x.clone(), e1, BATCH, 1, grads).loss();
            float[] xk = new float[BATCH * 50 * 6];
            for (int r = 0; r < BATCH * 50; r++) {
                System.arraycopy(x, (r / 50) * 6, xk, r * 6, 6);
            }
            float[] e50 = new float[BATCH * 50 * 3];
            noise.fillGaussian(e50, 0, e50.length);
            k50 += new BatchLoss().iwae(vae, xk, e50, BATCH, 50, grads).loss();
        }
        assertThat(k50).isLessThan(k1); // −log p̂ shrinks: the k = 50 bound is tighter
    }

    @Test
    void autoencoderHasAZeroKlTermAndLeavesTheLogvarHeadWithoutGradient() {
        Vae vae = vae();
        float[] grads = new float[ParameterLayout.of(CONFIG).size()];
        BatchLoss.Result r = new BatchLoss().autoencoder(vae, x, BATCH, grads);
        assertThat(r.terms().kl()).isZero();
        assertThat(r.loss()).isEqualTo(r.terms().meanRecon());
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        ParameterLayout.Slot w = layout.slot("logvar.weight");
        ParameterLayout.Slot b = layout.slot("logvar.bias");
        for (int i = w.offset(); i < b.end(); i++) {
            assertThat(grads[i]).isZero();
        }
        // z = μ exactly: the decoder sees the encoder's mean.
        float[] mu = vae.encode(x, BATCH).mu();
        assertThat(vae.forward(x, new float[BATCH * 3], BATCH).z()).containsExactly(mu);
    }

    @Test
    void clippingScalesTheGradientToTheMaximumNorm() {
        float[] g = {3f, 4f};
        Trainer.clip(g, 1);
        assertThat(g[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(g[1]).isCloseTo(0.8f, within(1e-6f));
        float[] small = {0.3f, 0.4f};
        Trainer.clip(small, 1);
        assertThat(small).containsExactly(0.3f, 0.4f);
    }
}
