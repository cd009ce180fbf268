package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/** The note under the reconstructions says how the images shown were picked, whatever the split holds. */
class ReconstructionsTest {
    @Test
    void aSplitOfEveryClassShowsTheFirstTwoOfEachAndSaysSo() {
        TiledFigure figure = Reconstructions.figure(digits(testSplit(), "binomial(16)"));
        assertThat(figure.table().cols()).isEqualTo(10);
        assertThat(figure.table().rows()).isEqualTo(4);
        assertThat(figure.table().columnLabels()).startsWith("digit 0", "digit 1");
        assertThat(figure.notes()).containsExactly("Each reconstruction decodes the posterior mean μ(x) and shows the"
                + " mean of p(x|z) (pixel darkness = expected count ÷ 16, the count of ink out of 16 scaled to [0, 1]"
                + " as the inputs are). Images were not seen in training. Shown: the first two test images of each"
                + " class.");
    }

    /**
     * "Probability of ink" is what a Bernoulli on binary pixels draws; the digits' default Binomial(16) draws an
     * expected count, and a Bernoulli on grayscale pixels σ(logit) fitted to a gray value.
     */
    @Test
    void theNoteSaysWhatAPixelsDarknessIsUnderTheModelsLikelihood() {
        assertThat(Reconstructions.darkness(Likelihood.parse("bernoulli"), true)).isEqualTo("probability of ink");
        assertThat(Reconstructions.darkness(Likelihood.parse("bernoulli"), false)).startsWith("σ(logit)")
                .endsWith("not a probability of ink");
        assertThat(Reconstructions.darkness(Likelihood.parse("binomial(4)"), false)).startsWith("expected count ÷ 4,");
        assertThat(Reconstructions.darkness(Likelihood.parse("continuous-bernoulli"), false))
                .isEqualTo("the continuous Bernoulli's mean, not its parameter λ");
        for (String gaussian : List.of("gaussian(0.1)", "gaussian(learned)", "gaussian(learned-pixel)")) {
            assertThat(Reconstructions.darkness(Likelihood.parse(gaussian), false)).as(gaussian)
                    .isEqualTo("the Gaussian's mean, clipped to [0, 1]");
        }
        assertThat(Reconstructions.figure(digits(testSplit(), "bernoulli")).notes().get(0))
                .contains("(pixel darkness = σ(logit), which the Bernoulli cross-entropy fits to the grayscale value,"
                        + " not a probability of ink)");
    }

    /** plot --limit 5 of a 10-class model: five images cannot give two of each of ten classes. */
    @Test
    void aSplitOfOneImageOfFiveClassesShowsEachOnceAndNamesWhatIsMissing() {
        Dataset test = testSplit();
        int[] firstOfEach = IntStream.range(0, 5).map(c -> indexOf(test, c)).toArray();
        TiledFigure figure = Reconstructions.figure(digits(test.subset(firstOfEach, " (five)")));
        assertThat(figure.table().cols()).isEqualTo(5);
        assertThat(figure.table().rows()).isEqualTo(2);
        assertThat(figure.table().columnLabels()).containsExactly("digit 0", "digit 1", "digit 2", "digit 3",
                "digit 4"); // named "digits (five)", the subset still holds digits
        assertThat(figure.notes().get(0)).endsWith("Shown: the first test image of each class (digit 0 has only one"
                + " there); the split holds 5 of the 10 classes.").doesNotContain("two");
    }

    @Test
    void moreClassesThanColumnsShowTheSplitsFirstImagesWithoutClaimingAClassPerColumn() {
        TiledFigure figure = Reconstructions.figure(fifteenClasses());
        assertThat(figure.table().cols()).isEqualTo(10);
        assertThat(figure.table().rows()).isEqualTo(4);
        assertThat(figure.table().columnLabels()).isEmpty();
        assertThat(figure.notes().get(0)).endsWith("Shown: the first 20 test images in the split's order, whatever"
                + " their class (it holds 15 classes, more than 10 columns).");
    }

    private static Dataset testSplit() {
        return Split.stratified(DigitsCsv.load(), 300, 1).test();
    }

    private static int indexOf(Dataset data, int label) {
        return IntStream.range(0, data.size()).filter(i -> data.labels()[i] == label).findFirst().orElseThrow();
    }

    private static FigureContext digits(Dataset data) {
        return digits(data, "binomial(16)");
    }

    private static FigureContext digits(Dataset data, String likelihood) {
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 2, likelihood), new Rng(3));
        return FigureContext.of("m.safetensors", vae, data, "test", 0, null);
    }

    /** 45 4×4 images, three of each of 15 classes, in class order. */
    private static FigureContext fifteenClasses() {
        int n = 45;
        Rng rng = new Rng(5);
        float[] pixels = new float[n * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextFloat();
        }
        List<String> names = new ArrayList<>();
        IntStream.range(0, 15).forEach(c -> names.add("c" + c));
        int[] labels = IntStream.range(0, n).map(i -> i / 3).toArray();
        Dataset data = new Dataset("fifteen", 4, 4, pixels, labels, names, 0, "0");
        Vae vae = Vae.initialize(VaeConfig.symmetric(4, 4, List.of(8), 2), new Rng(3));
        return FigureContext.of("m.safetensors", vae, data, "test", 0, null);
    }
}
