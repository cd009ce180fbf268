package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Rng;
import org.latentatlas.train.Binarization;
import org.latentatlas.data.Dataset;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class PosteriorInformationTest {
    static final int D = 6;

    /** A no-hidden-layer VAE with μ = gain · x (first two pixels) and log σ² = logvar everywhere. */
    static Vae linearEncoder(double gain, double logvar) {
        VaeConfig config = new VaeConfig(D, 1, D, List.of(), 2, List.of(), "gaussian(1.0)", "relu");
        ParameterLayout layout = ParameterLayout.of(config);
        float[] p = new float[layout.size()];
        p[layout.weightOffset("mu")] = (float) gain;          // μ_0 = gain · x_0
        p[layout.weightOffset("mu") + D + 1] = (float) gain;  // μ_1 = gain · x_1
        p[layout.biasOffset("logvar")] = (float) logvar;
        p[layout.biasOffset("logvar") + 1] = (float) logvar;
        return new Vae(config, p);
    }

    static Dataset grid(int n, boolean identical) {
        float[] px = new float[n * D];
        for (int i = 0; i < n; i++) {
            px[i * D] = identical ? 0.3f : i % 10;
            px[i * D + 1] = identical ? -0.2f : i / 10;
        }
        return new Dataset("grid", 1, D, px, new int[n], List.of("all"), 1, "none");
    }

    @Test
    void identicalPosteriorsCarryNoInformationAndTheWholeKlIsAggregate() {
        PosteriorInformation info = PosteriorInformation.estimate(linearEncoder(1, -1), grid(50, true), 50, 1);
        assertThat(info.mutualInformation()).isCloseTo(0, within(1e-9));
        assertThat(info.aggregateKl()).isCloseTo(info.averageKl(), within(5 * info.aggregateKlStdErr() + 0.05));
    }

    @Test
    void separatedSharpPosteriorsReachTheEstimatorsCeilingLogN() {
        PosteriorInformation info = PosteriorInformation.estimate(linearEncoder(10, -12), grid(100, false), 100, 1);
        assertThat(info.maxMutualInformation()).isEqualTo(Math.log(100));
        assertThat(info.mutualInformation()).isCloseTo(Math.log(100), within(1e-6));
    }

    @Test
    void informationPlusAggregateKlIsTheMonteCarloMeanKl() {
        PosteriorInformation info = PosteriorInformation.estimate(linearEncoder(0.5, -0.5), grid(100, false), 100, 2);
        double se = Math.hypot(info.mutualInformationStdErr(), info.aggregateKlStdErr());
        assertThat(info.mutualInformation()).isPositive().isLessThan(info.maxMutualInformation());
        assertThat(info.mutualInformation() + info.aggregateKl()).isCloseTo(info.averageKl(), within(4 * se + 0.1));
        assertThat(info.samples()).isEqualTo(100);
        assertThat(PosteriorInformation.estimate(linearEncoder(0.5, -0.5), grid(100, false), 30, 2).samples())
                .isEqualTo(30);
    }

    @Test
    void binarizationDrawsEachPixelOnceFromItsIntensityAndIsSeeded() {
        float[] px = new float[20_000];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 4) / 4f;
        }
        Dataset gray = new Dataset("gray", 100, 200, px, new int[1], List.of("all"), 4, "sha");
        Dataset a = Binarization.binarized(gray, new Rng(3));
        assertThat(a.pixels()).containsOnly(0f, 1f);
        assertThat(a.pixels()).containsExactly(Binarization.binarized(gray, new Rng(3)).pixels());
        assertThat(a.pixels()).isNotEqualTo(Binarization.binarized(gray, new Rng(4)).pixels());
        double mean = 0;
        for (float v : a.pixels()) {
            mean += v / a.pixels().length;
        }
        assertThat(mean).isCloseTo(0.375, within(0.02));
        assertThat(a.sha256()).isEqualTo("sha");
    }
}
