package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An I(x;z) at its log N ceiling measures N, not the model: the report says it is saturated. */
class PosteriorInformationSaturationTest {
    private static PosteriorInformation information(double mi, double stdErr, int n) {
        return new PosteriorInformation(mi, stdErr, 1, 0.1, mi + 1, n, n, Math.log(n));
    }

    /** The report's latent section for one active dimension beside {@code info}. */
    private static String latentLines(PosteriorInformation info) {
        StringBuilder sb = new StringBuilder();
        ReportText.latent(sb, LatentUsage.of(new LatentStatistics(new double[] {6}, new double[] {2}, 1)), info);
        return sb.toString();
    }

    /** The QA report's figure: 5.7038 ± 0.0000 nats of at most log 300 = 5.704. */
    @Test
    void anEstimateAtLogNIsSaturatedAndTheReportSaysItCannotRankModels() {
        PosteriorInformation info = information(5.7038, 0, 300);
        assertThat(info.saturated()).isTrue();
        assertThat(latentLines(info)).contains("(at most log N = 5.704); saturated: at its ceiling, so it is only a lower"
                + " bound on I(x;z) and cannot rank models");
    }

    @Test
    void anEstimateWithinTwiceItsErrorOfLogNIsSaturated() {
        assertThat(information(Math.log(300) - 0.15, 0.08, 300).saturated()).isTrue();
        assertThat(information(Math.log(300) - 0.15, 0.07, 300).saturated()).isFalse();
    }

    @Test
    void anEstimateWellBelowLogNIsAMeasurement() {
        PosteriorInformation info = information(3.2, 0.05, 300);
        assertThat(info.saturated()).isFalse();
        assertThat(latentLines(info)).doesNotContain("saturated");
    }
}
