package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.eval.Projection;
import org.latentatlas.eval.Tsne;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

/**
 * What the scatter says: before a slow projection, which t-SNE runs on how many points and for how long; under it,
 * what its axes are.
 */
class LatentScatterTest {
    /** n random 2×2 images in two classes under an untrained VAE with a 3-D latent space. */
    private static FigureContext context(int n) {
        return context(n, 3);
    }

    /** n random 2×2 images in two classes under an untrained VAE with a {@code latent}-D latent space. */
    private static FigureContext context(int n, int latent) {
        return context(n, latent, null);
    }

    /** {@link #context(int, int)} of a model trained as {@code trainingJson} says (null: a VAE). */
    private static FigureContext context(int n, int latent, String trainingJson) {
        Rng rng = new Rng(1);
        float[] pixels = new float[n * 4]; // (n, 2·2)
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int k = 0; k < 4; k++) {
                pixels[i * 4 + k] = rng.nextFloat();
            }
        }
        Dataset data = new Dataset("noise", 2, 2, pixels, labels, List.of("a", "b"), 0, "0".repeat(64));
        Vae vae = Vae.initialize(VaeConfig.symmetric(2, 2, List.of(4), latent), new Rng(2));
        return FigureContext.of("m.safetensors", vae, data, "test", 0, trainingJson);
    }

    @Test
    void upToTheExactLimitTSneIsExactAndAbovePointsGoToBarnesHut() {
        assertThat(LatentScatter.projecting(context(Tsne.EXACT_MAX_POINTS), Projection.TSNE)).hasValue(
                "t-SNE of the 400 test means (3-D): exact, 1000 iterations, a few seconds");
        assertThat(LatentScatter.projecting(context(Tsne.EXACT_MAX_POINTS + 1), Projection.TSNE)).hasValue(
                "t-SNE of the 401 test means (3-D): Barnes-Hut (θ = 0.5, 90 nearest neighbours per point), 1000"
                        + " iterations, about 20 s for 10,000 points on 2 cores");
    }

    @Test
    void aSetLargerThanTheCapIsSubsampledAndTheMessageSaysSo() {
        int n = LatentScatter.TSNE_MAX_POINTS + 50;
        assertThat(LatentScatter.projecting(context(n), Projection.TSNE)).hasValue("t-SNE of 10,000 of the 10,050"
                + " test means (3-D), a seeded subsample (more would take minutes): Barnes-Hut (θ = 0.5, 90 nearest"
                + " neighbours per point), 1000 iterations, about 20 s for 10,000 points on 2 cores");
        assertThat(LatentScatter.indices(n, LatentScatter.TSNE_MAX_POINTS, 3)).hasSize(LatentScatter.TSNE_MAX_POINTS)
                .isSorted().doesNotHaveDuplicates();
    }

    /** An autoencoder's encoder gives codes z = μ(x), not the means of a posterior it does not have. */
    @Test
    void aSlowProjectionOfAnAutoencoderSaysItProjectsItsCodes() {
        FigureContext ctx = context(40, 3, "{\"objective\":\"ae\"}");
        assertThat(LatentScatter.projecting(ctx, Projection.TSNE)).hasValue(
                "t-SNE of the 40 test codes (3-D): exact, 1000 iterations, a few seconds");
        assertThat(LatentScatter.projecting(ctx, Projection.UMAP)).hasValueSatisfying(
                note -> assertThat(note).startsWith("UMAP of the 40 test codes (3-D),"));
    }

    /** A 1-D model's scatter puts the class up the y axis: no z units there, and no ±2 of the prior. */
    @Test
    void aOneDimensionalScattersNoteSaysTheYAxisIsTheJitteredClass() {
        FigureContext ctx = context(40, 1);
        ScatterFigure figure = LatentScatter.figure(ctx, LatentScatter.project(ctx, Projection.PCA, 1), "s", 800, 600);
        assertThat(subtitles(figure)).contains("One dot per image, all 40. Across: z₀ in z units; the prior N(0, 1) puts 95%"
                + " of its mass within ±2. Up: the image's class, each dot moved by a seeded random amount so they do"
                + " not overlap.").noneMatch(t -> t.contains("Axes in z units"));
    }

    /** A 1-D model's rows are the classes: ticks at the rows, named as the legend names them, none between rows. */
    @Test
    void aOneDimensionalScattersYAxisNamesTheClassRows() {
        FigureContext ctx = context(40, 1);
        ScatterFigure figure = LatentScatter.figure(ctx, LatentScatter.project(ctx, Projection.PCA, 1), "s", 800, 600);
        FigureWriter.render(figure);
        ValueAxis y = figure.chart().getXYPlot().getRangeAxis();
        assertThat(y).isInstanceOf(SymbolAxis.class);
        assertThat(((SymbolAxis) y).getSymbols()).containsExactly("a", "b");
        assertThat(((SymbolAxis) y).getTickUnit().getSize()).as("a tick a row, no half steps").isEqualTo(1.0);

        FigureContext plane = context(40, 2);
        assertThat(LatentScatter.figure(plane, LatentScatter.project(plane, Projection.PCA, 1), "s", 800, 600).chart()
                .getXYPlot().getRangeAxis()).as("a 2-D model's y axis is z₁").isNotInstanceOf(SymbolAxis.class);
    }

    /** An autoencoder's encoder gives one code per image, no q(z|x), and it has no prior whose ±2 the axes could show. */
    @Test
    void anAutoencodersScatterNamesItsCodeAndNoPrior() {
        for (int latent = 1; latent <= 3; latent++) {
            FigureContext ctx = context(40, latent, "{\"objective\":\"ae\"}");
            ScatterFigure figure = LatentScatter.figure(ctx, LatentScatter.project(ctx, Projection.PCA, 1), "s", 800,
                    600);
            assertThat(figure.chart().getTitle().getText()).as("%d-D", latent).isEqualTo("Latent space: where the"
                    + " encoder puts each test image (the code z = μ(x)), coloured by class");
            assertThat(subtitles(figure)).as("%d-D", latent).noneMatch(t -> t.contains("prior") || t.contains("±2"));
        }
        FigureContext vae = context(40, 2);
        ScatterFigure figure = LatentScatter.figure(vae, LatentScatter.project(vae, Projection.PCA, 1), "s", 800, 600);
        assertThat(figure.chart().getTitle().getText()).contains("(μ of q(z|x))");
        assertThat(subtitles(figure)).contains("One dot per image, all 40. Axes in z units; the prior N(0, I) puts 95%"
                + " of its mass within ±2.");
    }

    private static List<String> subtitles(ScatterFigure figure) {
        List<String> subtitles = new java.util.ArrayList<>();
        for (int i = 0; i < figure.chart().getSubtitleCount(); i++) {
            if (figure.chart().getSubtitle(i) instanceof org.jfree.chart.title.TextTitle t) {
                subtitles.add(t.getText());
            }
        }
        return subtitles;
    }

    /**
     * The fewest points each projection takes, which plot checks before drawing: UMAP's is the library's own limit
     * (it asks for n − 1 neighbours of so few points, and the library refuses fewer than 2).
     */
    @Test
    void eachProjectionFlattensAsFewPointsAsItsMinimumAndUmapRefusesOneFewer() {
        for (Projection p : Projection.values()) {
            int n = p.minPoints();
            assertThat(LatentScatter.project(context(n), p, 1).points()).as(p.name()).hasSize(2 * n);
        }
        assertThat(Projection.TSNE.minPoints()).isEqualTo(Tsne.MIN_POINTS);
        assertThatThrownBy(() -> LatentScatter.project(context(Projection.UMAP.minPoints() - 1), Projection.UMAP, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("UMAP needs at least 3 points, got 2 of 3"
                        + " dimensions");
    }
}
