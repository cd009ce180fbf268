package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.eval.LatentStatistics;
import org.latentatlas.math.Rng;
import org.latentatlas.model.VaeConfig;

/**
 * The textbook claims, checked on the digits (1,197 training / 300 test examples of 8×8) in seconds.
 * Measured when written (seed 1): β = 8 from the start leaves 0 of 8 units active after 12 epochs; a linear
 * warm-up alone keeps units active only while β is small and loses them once β reaches 8 (20 epochs: 0 of 8);
 * free bits λ = 0.5 keep all 8 active, and so does warm-up + free bits.
 */
class TrainingBehaviourTest {
    private static final Split DIGITS = Split.stratified(DigitsCsv.load(), 300, 42);

    private static int activeUnits(TrainConfig tc) {
        VaeConfig c = VaeConfig.symmetric(8, 8, List.of(64), 8, "bernoulli");
        Trainer.Result r = new Trainer().train(c, DIGITS, tc, TrainingListener.NONE);
        assertThat(r.history().get(r.history().size() - 1).activeUnits())
                .isEqualTo(LatentStatistics.of(r.vae(), DIGITS.test()).activeUnits());
        return r.history().get(r.history().size() - 1).activeUnits();
    }

    @Test
    void betaEightCollapsesTheLatentUnitsWhileFreeBitsKeepThemActiveAtTheSameBeta() {
        TrainConfig beta8 = new TrainConfig(12, 64, 3e-3, 8, 1);
        int collapsed = activeUnits(beta8);
        int freeBits = activeUnits(beta8.withFreeBits(0.5));
        int warmupAndFreeBits = activeUnits(beta8.withKlSchedule(KlSchedule.linear(0, 6, false)).withFreeBits(0.5));
        System.out.printf("active units of 8 at beta 8: constant %d, free bits 0.5: %d, warm-up 6 + free bits: %d%n",
                collapsed, freeBits, warmupAndFreeBits);
        assertThat(collapsed).isLessThanOrEqualTo(1);
        assertThat(freeBits).isGreaterThanOrEqualTo(6);
        assertThat(warmupAndFreeBits).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aWarmupKeepsMoreUnitsActiveThanConstantBetaWhileBetaIsStillSmall() {
        TrainConfig beta8 = new TrainConfig(3, 64, 3e-3, 8, 1);
        VaeConfig c = VaeConfig.symmetric(8, 8, List.of(64), 8, "bernoulli");
        List<EpochMetrics> constant = new Trainer().train(c, DIGITS, beta8, TrainingListener.NONE).history();
        List<EpochMetrics> warm = new Trainer().train(c, DIGITS, beta8.withKlSchedule(KlSchedule.linear(0, 10, false)),
                TrainingListener.NONE).history();
        assertThat(warm.get(0).beta()).isLessThan(1);
        assertThat(warm.get(0).activeUnits()).isGreaterThan(constant.get(0).activeUnits());
    }

    /**
     * Prior samples z ~ N(0, I) of a 2-D VAE and of an AE of the same architecture (64-64-2-64-64, Binomial(16),
     * 30 epochs), decoded to their means. "Looks like a digit" is measured by nearest-neighbour distance: a
     * sample counts when its Euclidean distance (in [0,1] pixel units) to the closest training digit is at most
     * the 95th percentile of the test digits' own nearest-training-neighbour distances. Measured when written:
     * VAE 278/300, AE 187/300: the AE's codes are not shaped like N(0, I) (their RMS was 4.7 vs the VAE's 1.6),
     * so much of the prior lands between its clusters.
     */
    @Test
    void priorSamplesOfTheVaeDecodeToDigitsFarMoreOftenThanTheAutoencoders() {
        VaeConfig c = VaeConfig.symmetric(8, 8, List.of(64), 2, "binomial(16)");
        double threshold = nearestNeighbourThreshold();
        TrainConfig tc = new TrainConfig(30, 64, 3e-3, 1, 1);
        int vae = digitLike(new Trainer().train(c, DIGITS, tc, TrainingListener.NONE), threshold);
        int ae = digitLike(new Trainer().train(c, DIGITS, tc.withObjective(Objective.AE, 1), TrainingListener.NONE),
                threshold);
        System.out.printf("prior samples within the digits' NN distance: VAE %d/300, AE %d/300%n", vae, ae);
        assertThat(vae).isGreaterThanOrEqualTo(240);
        assertThat(vae - ae).isGreaterThanOrEqualTo(50);
    }

    /**
     * The autoencoder's logvar head still runs (σ from it, times ε = 0), so its gradient is written as zeros, and
     * Adam's steps over them leave it bit for bit as initialized, while the μ head beside it learns.
     */
    @Test
    void anAutoencoderLeavesItsLogvarHeadAsInitialized() {
        VaeConfig c = VaeConfig.symmetric(8, 8, List.of(32), 2, "bernoulli");
        TrainConfig tc = new TrainConfig(2, 64, 3e-3, 1, 5).withObjective(Objective.AE, 1);
        float[] trained = new Trainer().train(c, DIGITS, tc, TrainingListener.NONE).vae().parameters();
        float[] initial = org.latentatlas.model.Vae.initialize(c, new Rng(5).split()).parameters();
        org.latentatlas.model.ParameterLayout layout = org.latentatlas.model.ParameterLayout.of(c);
        for (String head : new String[] {"logvar.weight", "logvar.bias"}) {
            org.latentatlas.model.ParameterLayout.Slot s = layout.slot(head);
            assertThat(Arrays.copyOfRange(trained, s.offset(), s.end())).as(head)
                    .containsExactly(Arrays.copyOfRange(initial, s.offset(), s.end()));
        }
        org.latentatlas.model.ParameterLayout.Slot mu = layout.slot("mu.weight");
        assertThat(Arrays.copyOfRange(trained, mu.offset(), mu.end())).as("mu.weight, trained")
                .isNotEqualTo(Arrays.copyOfRange(initial, mu.offset(), mu.end()));
    }

    private static double nearestNeighbourThreshold() {
        Dataset test = DIGITS.test();
        double[] d = new double[test.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = nearestTrainingDistance(test.pixels(), i);
        }
        Arrays.sort(d);
        return d[(int) (0.95 * d.length)];
    }

    private static int digitLike(Trainer.Result r, double threshold) {
        int n = 300;
        float[] z = new float[n * 2]; // (n, 2)
        new Rng(99).fillGaussian(z, 0, z.length);
        float[] x = r.vae().decode(z, n);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (nearestTrainingDistance(x, i) <= threshold) {
                count++;
            }
        }
        return count;
    }

    private static double nearestTrainingDistance(float[] images, int i) {
        Dataset train = DIGITS.train();
        double best = Double.MAX_VALUE;
        for (int j = 0; j < train.size(); j++) {
            double s = 0;
            for (int k = 0; k < 64; k++) {
                double diff = images[i * 64 + k] - train.pixels()[j * 64 + k];
                s += diff * diff;
            }
            best = Math.min(best, s);
        }
        return Math.sqrt(best);
    }
}
