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

    /**
     * A model whose posteriors are all the prior has an aggregate KL of exactly 0, estimated as −3.7·10⁻¹⁷ by
     * rounding: it printed "≈ 0 nats (the estimate -0.0000 ± 0.0000 is below 0 by more than twice its error...".
     */
    @Test
    void anEstimateBelowZeroByLessThanThePrintedDigitsIsZero() {
        assertThat(ReportText.nonNegative(-3.7007434154171876e-17, 1.6439151079670236e-17))
                .isEqualTo("    0.0000 ± 0.0000 nats");
        assertThat(ReportText.nonNegative(-3.7e-17, null)).isEqualTo("    0.0000 ± - nats");
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

    /**
     * A split of one example printed I(x;z) and KL(q(z)||p(z)) "± 0.0000" and called every dimension inactive: no
     * number in the report carries an error of 0 read off one value, each "±" is "-" with the reason, and activity
     * and the verdict say they need two or more examples.
     */
    @Test
    void onOneExampleNoErrorIsPrintedAsZeroAndActivityIsNotTold() {
        Vae vae = ImportanceSamplerTest.tinyVae("bernoulli", 1);
        EvaluatedSplit one = new EvaluatedSplit(ImportanceSamplerTest.randomData(1, 3, 5, 2), "test", "one example",
                "none");
        String report = ReportText.render(ModelEvaluator.evaluate(vae, one, null,
                new ModelEvaluator.Settings(4, 2, 7, 10)).report());

        assertThat(report).doesNotContainPattern("± ?[0-9]").doesNotContain(" inactive").doesNotContain("1 examples")
                .contains("test split, 1 example,")
                .contains("latent: 3 dimensions, activity (variance of mu over examples > 0.01) not measurable on one"
                        + " example\n")
                .contains("  ± -: one sample cannot measure a standard error; evaluate two or more examples")
                .contains("\nverdict: not measurable on one example: ");
        assertThat(line(report, "mutual information")).contains("    0.0000 ± - nats (at most log N = 0.000)");
        assertThat(line(report, "aggregate KL")).endsWith(" ± - nats");
        assertThat(line(report, "estimator:")).startsWith("  estimator: 1 sample;");
    }

    /** --information-samples 1 of many examples: the errors are "-", and the note says how to measure them. */
    @Test
    void oneInformationSampleOfManyExamplesLeavesItsErrorsUnmeasured() {
        PosteriorInformation info = new PosteriorInformation(-0.0026, null, 0.0030, null, 0.0004, 1, 20, Math.log(20));
        StringBuilder shown = new StringBuilder();
        ReportText.latent(shown, LatentUsage.of(new LatentStatistics(new double[] {0.2}, new double[] {0.3}, 1)), info);

        assertThat(line(shown.toString(), "mutual information")).contains("≈ 0 nats (the estimate -0.0026 is below 0,"
                + " its error unmeasured; the quantity is >= 0)");
        assertThat(line(shown.toString(), "aggregate KL")).endsWith("    0.0030 ± - nats");
        assertThat(shown.toString()).contains("latent: 1 dimension, 1 active").contains("active\n")
                .contains("  ± -: one sample cannot measure a standard error; give --information-samples 2 or more");
    }

    @Test
    void anAutoencoderOnOneExampleHasNoErrorOfZero() {
        Vae ae = ImportanceSamplerTest.tinyVae("bernoulli", 1);
        EvaluatedSplit one = new EvaluatedSplit(ImportanceSamplerTest.randomData(1, 3, 5, 2), "test", "one example",
                "none");
        String report = ReportText.render(AutoencoderReport.evaluate(ae, one));

        assertThat(line(report, "reconstruction -log p(x|z = mu)")).endsWith("          -");
        assertThat(report).contains("1 example,").contains("\n± s.e. -: a standard error over examples needs two or"
                + " more; this evaluation has one\n");
    }

    /** Train's stored ELBO over a test split of one example was compared as "± 0.00" on "the same 1 examples". */
    @Test
    void aStoredElboOfOneExampleIsComparedWithoutAnError() {
        Training t = new Training(new org.latentatlas.train.TrainConfig(10, 64, 1e-3, 1, 1),
                new Evaluation(-528.49, 0.0, 528.48, 0.01, 1, 10, 42), true);
        assertThat(t.storedComparison(150)).startsWith("the stored test-split ELBO, -528.49 (one example: no standard"
                + " error), averaged 10 draws of eps per example (seed 42) in training on the same 1 example;");
        Training many = new Training(t.config(), new Evaluation(-28.31, 0.42, 24.9, 3.41, 300, 10, 42), false);
        assertThat(many.storedComparison(150)).startsWith("the stored test-split ELBO, -28.31 ± 0.42, averaged 10"
                + " draws of eps per example (seed 42) in training on the test split's 300 examples;");
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow();
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
