package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class FigurePartsTest {
    /** A split of one image was captioned "1 images". */
    @Test
    void theCaptionCountsOneImageInTheSingular() {
        VaeConfig config = VaeConfig.symmetric(8, 8, List.of(16), 2);
        assertThat(FigureContext.caption("m.safetensors", config, "elbo", "digits", "test split", 1))
                .endsWith(" · data: digits, test split, 1 image");
        assertThat(FigureContext.caption("m.safetensors", config, "elbo", "digits", "test split", 300))
                .endsWith(" · data: digits, test split, 300 images");
    }

    @Test
    void theInverseNormalCdfHitsKnownQuantilesAndIsSymmetric() {
        assertThat(NormalQuantile.of(0.5)).isCloseTo(0, within(1e-9));
        assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959963985, within(1e-8));
        assertThat(NormalQuantile.of(0.001)).isCloseTo(-3.090232306, within(1e-8));
        assertThat(NormalQuantile.of(0.2)).isCloseTo(-NormalQuantile.of(0.8), within(1e-9));
        assertThat(NormalQuantile.grid(4)).containsExactly(new double[] {NormalQuantile.of(0.125),
            NormalQuantile.of(0.375), NormalQuantile.of(0.625), NormalQuantile.of(0.875)}, within(0.0));
        assertThatThrownBy(() -> NormalQuantile.of(1)).hasMessageContaining("got 1.0");
    }

    @Test
    void sphericalInterpolationStartsAndEndsAtTheCodesAndKeepsTheNormOfEqualLengthCodes() {
        float[] a = {3, 0, 0};
        float[] b = {0, 0, 3};
        float[] path = Interpolations.spherical(a, b);
        int last = Interpolations.STEPS - 1;
        assertThat(new float[] {path[0], path[1], path[2]}).containsExactly(a, within(1e-6f));
        assertThat(new float[] {path[3 * last], path[3 * last + 1], path[3 * last + 2]}).containsExactly(b, within(1e-6f));
        for (int s = 0; s < Interpolations.STEPS; s++) {
            double norm = Math.sqrt(path[3 * s] * path[3 * s] + path[3 * s + 1] * path[3 * s + 1]
                    + path[3 * s + 2] * path[3 * s + 2]);
            assertThat(norm).as("step " + s).isCloseTo(3, within(1e-5));
        }
        float[] linearMid = Interpolations.linear(a, b);
        int mid = Interpolations.STEPS / 2;
        assertThat(linearMid[3 * mid]).isCloseTo(1.5f, within(1e-6f));
    }

    @Test
    void curvesAreSkippedWithoutHistoryAndDrawWhateverFieldsAHistoryHas() {
        FigureContext none = context(null);
        assertThat(TrainingCurves.figure(none, 800, 600)).isEmpty();
        FigureContext withBeta = context("{\"history\":[{\"epoch\":1,\"trainElbo\":-30,\"testElbo\":-31,"
                + "\"beta\":0.5,\"somethingNew\":3},{\"epoch\":2,\"trainElbo\":-28,\"testElbo\":-29,\"beta\":1}]}");
        ChartFigure figure = TrainingCurves.figure(withBeta, 800, 600).orElseThrow();
        var plot = (org.jfree.chart.plot.CombinedDomainXYPlot) figure.chart().getPlot();
        assertThat(plot.getSubplots()).hasSize(2); // ELBO and beta: recon and KL are absent from this history
        assertThat(FigureImages.lumaVariance(FigureWriter.render(figure))).isGreaterThan(100);
        double tick = ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).getTickUnit().getSize();
        assertThat(tick).as("epochs are whole numbers: a tick every %s epochs", tick).isEqualTo(Math.rint(tick));
    }

    /** Early in training the test ELBO is above the train ELBO with no overfitting at all: the subtitle says why. */
    @Test
    void theCurvesSubtitleSaysWhatEachCurveAveragesAndDoesNotCallEveryGapOverfitting() {
        FigureContext ctx = context("{\"history\":[{\"epoch\":1,\"trainElbo\":-347,\"testElbo\":-260},"
                + "{\"epoch\":2,\"trainElbo\":-258,\"testElbo\":-254}]}");
        var chart = TrainingCurves.figure(ctx, 800, 600).orElseThrow().chart();
        List<String> subtitles = new java.util.ArrayList<>();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof org.jfree.chart.title.TextTitle t) {
                subtitles.add(t.getText());
            }
        }
        assertThat(subtitles).contains(TrainingCurves.SUBTITLE);
        assertThat(TrainingCurves.SUBTITLE).contains("while the weights still moved")
                .contains("the test ELBO runs above the train ELBO").contains("generalization gap")
                .doesNotContain("the gap shows overfitting");
    }

    /** The QA sweep's 3-class set drew cross→circle twice in three pairs and circle→square never. */
    @Test
    void randomPairsRepeatNoPairOfClassesWhileAnotherIsLeft() {
        FigureContext three = threeClasses();
        for (long seed = 0; seed < 20; seed++) {
            List<Set<Integer>> round = classPairs(three, Picks.randomPairs(three, 3, seed));
            assertThat(new java.util.HashSet<>(round)).as("seed %d: %s", seed, round)
                    .containsExactlyInAnyOrder(Set.of(0, 1), Set.of(0, 2), Set.of(1, 2));
            List<Set<Integer>> twoRounds = classPairs(three, Picks.randomPairs(three, 6, seed));
            for (Set<Integer> pair : new java.util.HashSet<>(twoRounds)) {
                assertThat(java.util.Collections.frequency(twoRounds, pair)).as("seed %d: %s", seed, twoRounds)
                        .isEqualTo(2);
            }
        }
        FigureContext ten = context(null);
        assertThat(new java.util.HashSet<>(classPairs(ten, Picks.randomPairs(ten, 12, 1)))).hasSize(12);
    }

    @Test
    void randomPairsAreTheSameForTheSameSeed() {
        FigureContext ctx = context(null);
        assertThat(pairsOf(ctx, 9)).isEqualTo(pairsOf(ctx, 9)).isNotEqualTo(pairsOf(ctx, 10));
    }

    private static List<String> pairsOf(FigureContext ctx, long seed) {
        return Picks.randomPairs(ctx, 5, seed).stream().map(java.util.Arrays::toString).toList();
    }

    /** The unordered classes of each pair, each pair's two examples checked to differ in class. */
    private static List<Set<Integer>> classPairs(FigureContext ctx, List<int[]> pairs) {
        int[] labels = ctx.data().labels();
        return pairs.stream().map(p -> {
            assertThat(labels[p[0]]).isNotEqualTo(labels[p[1]]);
            return Set.of(labels[p[0]], labels[p[1]]);
        }).toList();
    }

    /** One class only: random interpolation pairs cannot come from two classes, and the note must not say so. */
    @Test
    void randomInterpolationsOfASingleClassSplitDoNotClaimTwoClasses() {
        FigureContext ten = context(null);
        int[] zeros = java.util.stream.IntStream.range(0, ten.data().size())
                .filter(i -> ten.data().labels()[i] == 0).toArray();
        FigureContext one = FigureContext.of("m.safetensors", ten.vae(), ten.data().subset(zeros, " (zeros)"), "test",
                0, null);
        assertThat(Interpolations.figure(one, List.of(), 2, 1).notes().get(0)).startsWith("Endpoints: random pairs"
                + " of test images (seed 1), all of one class: the split holds no other.");
        assertThat(Interpolations.figure(ten, List.of(), 2, 1).notes().get(0)).contains("from two different classes");
    }

    /** Within one class, nothing kept a pair's two draws apart: a row from an image to itself. */
    @Test
    void randomPairsNeverJoinAnImageToItself() {
        FigureContext zeros = onlyClass(0, Integer.MAX_VALUE);
        FigureContext two = onlyClass(0, 2);
        for (long seed = 0; seed < 50; seed++) {
            assertThat(Picks.randomPairs(zeros, 20, seed)).as("seed %d", seed).allMatch(p -> p[0] != p[1]);
            assertThat(Picks.randomPairs(two, 5, seed)).as("seed %d", seed)
                    .allMatch(p -> p[0] != p[1] && p[0] < 2 && p[1] < 2);
        }
        assertThat(pairsOf(zeros, 9)).isEqualTo(pairsOf(zeros, 9)).isNotEqualTo(pairsOf(zeros, 10));
    }

    /** The pairs of a split of several classes are drawn as before, so figures drawn from them do not shift. */
    @Test
    void randomPairsOfSeveralClassesKeepTheirSeededPicks() {
        assertThat(pairsOf(context(null), 42)).containsExactly("[216, 289]", "[221, 262]", "[145, 70]",
                "[202, 246]", "[248, 202]");
    }

    /** One image has no other to walk to: refused, saying so, rather than a row of one picture. */
    @Test
    void randomPairsOfASplitOfOneImageAreRefused() {
        FigureContext one = onlyClass(0, 1);
        assertThatThrownBy(() -> Picks.randomPairs(one, 3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the interpolation figure walks from one image to another, and the test split holds 1"
                        + " image: draw from a larger split, or leave interpolation out with --only");
        assertThatThrownBy(() -> Interpolations.figure(one, List.of(), 3, 1))
                .hasMessageContaining("the test split holds 1 image");
    }

    /** The first {@code limit} images of class {@code label} of the digits' test split. */
    private static FigureContext onlyClass(int label, int limit) {
        FigureContext ten = context(null);
        int[] keep = java.util.stream.IntStream.range(0, ten.data().size())
                .filter(i -> ten.data().labels()[i] == label).limit(limit).toArray();
        return FigureContext.of("m.safetensors", ten.vae(), ten.data().subset(keep, " (one class)"), "test", 0,
                null);
    }

    /** The digits' test split cut to classes 0, 1 and 2, the other seven names kept but empty. */
    private static FigureContext threeClasses() {
        FigureContext ten = context(null);
        int[] keep = java.util.stream.IntStream.range(0, ten.data().size())
                .filter(i -> ten.data().labels()[i] < 3).toArray();
        return FigureContext.of("m.safetensors", ten.vae(), ten.data().subset(keep, " (classes 0-2)"), "test", 0, null);
    }

    @Test
    void anImageTableRefusesPixelsThatDoNotMakeItsShape() {
        assertThatThrownBy(() -> ImageTable.of(2, 3, 8, 8, new float[5 * 64]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3").hasMessageContaining("got 320");
    }

    @Test
    void anImageTableScalesSmallImagesByAWholeNumberAndPaintsInkOnPaper() {
        ImageTable table = ImageTable.of(1, 2, 8, 8, new float[2 * 64]);
        assertThat(table.scale()).isEqualTo(7);
        assertThat(ImageTable.inkOnPaper(0)).isEqualTo(0xFFFFFF);
        assertThat(ImageTable.inkOnPaper(1)).isEqualTo(0x111827);
    }

    @Test
    void reconstructionsSayWhetherTheModelWasTrainedOnTheImagesShown() {
        assertThat(Reconstructions.figure(context(null)).notes()).anyMatch(n -> n.contains("not seen in training"));
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        FigureContext train = FigureContext.of("m.safetensors", context(null).vae(), split.train(), "train", 0, null);
        assertThat(Reconstructions.figure(train).notes())
                .anyMatch(n -> n.contains("training split: the model was trained on them"))
                .noneMatch(n -> n.contains("not seen"));
    }

    private static FigureContext context(String trainingJson) {
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 2), new Rng(3));
        return FigureContext.of("m.safetensors", vae, split.test(), "test", 0, trainingJson);
    }
}
