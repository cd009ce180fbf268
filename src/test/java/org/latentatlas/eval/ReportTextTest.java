package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.model.Vae;

/** The evaluation's text: how estimates of quantities that cannot be negative are said when one comes out below 0. */
class ReportTextTest {
    @Test
    void aNonNegativeEstimateIsPrintedAsItIs() {
        assertThat(ReportText.nonNegative(0.1234, 0.0051)).isEqualTo("    0.1234 ± 0.0051 nats");
    }

    /** A collapsed model printed "I(x;z) -0.0026 ± 0.0041 nats", though I >= 0. */
    @Test
    void aNegativeEstimateIsAboutZeroWithTheEstimateAndItsErrorBesideItNotClamped() {
        assertThat(ReportText.nonNegative(-0.0026, 0.0041)).startsWith("       ≈ 0 nats")
                .contains("the estimate -0.0026 ± 0.0041 is below 0 within twice its error")
                .contains("the quantity is >= 0");
        assertThat(ReportText.nonNegative(-0.0300, 0.0041)).contains("the estimate -0.0300 ± 0.0041 is below 0 by more"
                + " than twice its error");
    }

    @Test
    void oneLatentDimensionIsCountedInTheSingular() {
        PosteriorInformation info = new PosteriorInformation(0.1, 0.01, 0.02, 0.01, 0.12, 20, 20, Math.log(20));
        StringBuilder one = new StringBuilder();
        ReportText.latent(one, new LatentUsage(1, 1, 0.01, 0.12, java.util.List.of(new LatentUsage.Dimension(0, 0.12,
                0.3, true))), info);
        assertThat(one.toString()).startsWith("\nlatent: 1 dimension, 1 active");

        StringBuilder three = new StringBuilder();
        Vae vae = ImportanceSamplerTest.tinyVae("bernoulli", 1);
        ReportText.latent(three, LatentUsage.of(LatentStatistics.of(vae, ImportanceSamplerTest.randomData(20, 3, 5, 2))),
                info);
        assertThat(three.toString()).startsWith("\nlatent: 3 dimensions, ");
    }

    @Test
    void theReportSaysANegativeMutualInformationIsAboutZero() {
        Vae vae = ImportanceSamplerTest.tinyVae("bernoulli", 1);
        Dataset data = ImportanceSamplerTest.randomData(20, 3, 5, 2);
        PosteriorInformation negative = new PosteriorInformation(-0.0026, 0.0041, 0.0030, 0.0040, 0.0004, 20, 20,
                Math.log(20));
        StringBuilder shown = new StringBuilder();
        ReportText.latent(shown, LatentUsage.of(LatentStatistics.of(vae, data)), negative);

        String line = shown.toString().lines().filter(l -> l.contains("mutual information")).findFirst()
                .orElseThrow();
        assertThat(line).contains("≈ 0 nats (the estimate -0.0026 ± 0.0041 is below 0").contains("at most log N")
                .doesNotContain("   -0.0026");
    }
}
