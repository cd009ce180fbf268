package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;

class ManifoldGridTest {
    /** From --grid-size 26 the two ticks either side of the centre both read 0.0 with one decimal. */
    @Test
    void neighbouringTicksDifferAtEveryGridSize() {
        FigureContext ctx = context();
        for (int n = 2; n <= 40; n++) {
            ImageTable table = ManifoldGrid.figure(ctx, n, ManifoldGrid.Plane.PCA).table();
            assertNeighboursDiffer(table.columnLabels(), "columns of " + n);
            assertNeighboursDiffer(table.rowLabels(), "rows of " + n);
        }
    }

    @Test
    void theDefaultGridsTicksKeepOneDecimalAndNoNegativeZero() {
        List<String> ticks = ManifoldGrid.figure(context(), 15, ManifoldGrid.Plane.PCA).table().columnLabels();
        assertThat(ticks).allMatch(t -> t.matches("−?\\d\\.\\d")).contains("0.0").doesNotContain("−0.0");
        assertThat(ManifoldGrid.ticks(new double[] {-0.001, 0.04})).containsExactly("0.00", "0.04");
    }

    @Test
    void aVaesGridSitsAtNormalQuantilesOfEqualPriorProbability() {
        TiledFigure figure = ManifoldGrid.figure(context(2, null), 5, ManifoldGrid.Plane.PCA);
        assertThat(figure.table().columnLabels()).isEqualTo(ManifoldGrid.ticks(NormalQuantile.grid(5)));
        assertThat(figure.notes()).allMatch(n -> n.contains("each cell holds equal prior probability"));
    }

    /**
     * An autoencoder has no prior and its codes need not lie near N(0, I): its grid runs evenly from the smallest to
     * the largest code on each axis, so the corner tiles decode the extreme codes, and its note claims no prior.
     */
    @Test
    void anAutoencodersGridSpansItsCodesEvenlyAndClaimsNoPrior() {
        FigureContext ctx = context(2, AUTOENCODER);
        int n = 5;
        double[] z0 = coordinates(ctx, 0);
        double[] z1 = coordinates(ctx, 1);
        TiledFigure figure = ManifoldGrid.figure(ctx, n, ManifoldGrid.Plane.PCA);
        double[] across = IntStream.range(0, n).mapToDouble(i -> min(z0) + (max(z0) - min(z0)) * i / (n - 1))
                .toArray();
        assertThat(figure.table().columnLabels()).isEqualTo(ManifoldGrid.ticks(across));
        assertThat(tile(figure, 0)).isEqualTo(decode(ctx, min(z0), max(z1))); // top left: z₁ grows upwards
        assertThat(tile(figure, n * n - 1)).isEqualTo(decode(ctx, max(z0), min(z1)));
        assertThat(figure.notes()).allMatch(note -> note.contains("evenly spaced from the smallest to the largest of"
                + " the test set's codes")).noneMatch(note -> note.contains("prior probability")
                || note.contains("Φ⁻¹"));
    }

    /** Held at the prior mean 0 would put an autoencoder's other dimensions wherever 0 happens to be. */
    @Test
    void anAutoencodersSliceHoldsTheOtherDimensionsAtItsMeanCode() {
        FigureContext ctx = context(3, AUTOENCODER);
        TiledFigure figure = ManifoldGrid.figure(ctx, 4, new ManifoldGrid.Plane(new int[] {0, 1}));
        double mean2 = Arrays.stream(coordinates(ctx, 2)).average().orElseThrow();
        assertThat(tile(figure, 0)).isEqualTo(decode(ctx, min(coordinates(ctx, 0)), max(coordinates(ctx, 1)),
                mean2));
        assertThat(figure.title()).endsWith("(z₂ held at the mean of the test set's codes)");
        TiledFigure pca = ManifoldGrid.figure(ctx, 4, ManifoldGrid.Plane.PCA);
        assertThat(pca.notes()).noneMatch(note -> note.contains("prior probability") || note.contains("quantiles"));
    }

    @Test
    void anAutoencodersLineIsEvenlySpacedAcrossItsCodes() {
        FigureContext ctx = context(1, AUTOENCODER);
        double[] z0 = coordinates(ctx, 0);
        TiledFigure figure = ManifoldGrid.figure(ctx, 4, ManifoldGrid.Plane.PCA);
        assertThat(figure.title()).isEqualTo("Decoder output along the 1-D latent line, z evenly spaced across the"
                + " test set's codes");
        assertThat(figure.table().columnLabels()).first().isEqualTo(ManifoldGrid.ticks(new double[] {min(z0)}).get(0));
        assertThat(figure.notes()).noneMatch(note -> note.contains("prior probability"));
    }

    /**
     * Codes that all have one value along an axis leave no range to span: the grid would repeat one tick and one
     * image, so that axis runs one z unit either side of the value, and the note says so.
     */
    @Test
    void anAutoencodersAxisWhereEveryCodeIsTheSameRunsOneZUnitEitherSideOfIt() {
        for (int latent = 1; latent <= 3; latent++) {
            FigureContext ctx = oneImageRepeated(latent);
            double z0 = coordinates(ctx, 0)[0];
            int n = 5;
            TiledFigure figure = ManifoldGrid.figure(ctx, n, latent == 3 ? new ManifoldGrid.Plane(new int[] {0, 1})
                    : ManifoldGrid.Plane.PCA);
            double[] across = IntStream.range(0, n).mapToDouble(i -> z0 - 1 + 2.0 * i / (n - 1)).toArray();
            assertThat(figure.table().columnLabels()).as("%d-D", latent).isEqualTo(ManifoldGrid.ticks(across));
            assertThat(tile(figure, 0)).as("%d-D", latent).isNotEqualTo(tile(figure, n - 1));
            assertThat(figure.notes()).as("%d-D", latent).allMatch(note -> note.contains("Every one of the test"
                    + " set's codes has z₀ = ") && note.contains("so that axis runs ±1 z unit around it"));
        }
        TiledFigure pca = ManifoldGrid.figure(oneImageRepeated(3), 4, ManifoldGrid.Plane.PCA);
        assertNeighboursDiffer(pca.table().columnLabels(), "PC1 of codes that do not spread");
        assertNeighboursDiffer(pca.table().rowLabels(), "PC2 of codes that do not spread");
        assertThat(tile(pca, 0)).doesNotContain(Float.NaN).isNotEqualTo(tile(pca, 15));
    }

    /**
     * A collapsed VAE's μ hardly moves along a principal component (here, on a split of two images, μ lies on one
     * line): quantiles scaled by that spread would repeat one tick and one image, so the component is walked at the
     * prior's scale 1, and the note says so.
     */
    @Test
    void aCollapsedVaesFlatComponentIsWalkedAtThePriorsScale() {
        int n = 5;
        List<String> prior = ManifoldGrid.ticks(NormalQuantile.grid(n));
        TiledFigure line = ManifoldGrid.figure(imagesRepeated(3, 2, null), n, ManifoldGrid.Plane.PCA);
        assertThat(reversed(line.table().rowLabels())).isEqualTo(prior);
        assertThat(line.table().columnLabels()).isNotEqualTo(prior); // PC1 is still scaled by μ's spread along it
        assertNeighboursDiffer(line.table().columnLabels(), "PC1 of μ on a line");
        assertThat(tile(line, 0)).isNotEqualTo(tile(line, (n - 1) * n)); // top and bottom of the first column
        assertThat(line.notes()).allMatch(note -> note.contains("hardly moves along PC2 (standard deviation ")
                && note.contains(", under 0.001; the prior's is 1)")
                && note.contains("so that axis is walked at the prior's scale 1 instead"));

        TiledFigure point = ManifoldGrid.figure(imagesRepeated(3, 1, null), n, ManifoldGrid.Plane.PCA);
        assertThat(point.table().columnLabels()).isEqualTo(prior);
        assertThat(reversed(point.table().rowLabels())).isEqualTo(prior);
        assertThat(tile(point, 0)).doesNotContain(Float.NaN).isNotEqualTo(tile(point, n - 1))
                .isNotEqualTo(tile(point, (n - 1) * n));
        assertThat(point.notes()).allMatch(note -> note.contains("hardly moves along PC1 or PC2")
                && note.contains("so both axes are walked at the prior's scale 1 instead"));

        assertThat(ManifoldGrid.figure(context(3, null), n, ManifoldGrid.Plane.PCA).notes())
                .noneMatch(note -> note.contains("hardly moves"));
    }

    /**
     * A slice through a dimension with next to no KL (collapsed) walks a dimension the decoder ignores: its columns
     * come out alike, and the note says why rather than leave a figure that looks broken. Its KL of exactly 0 is
     * "0 nats", where "%.2g" wrote "0.0 nats".
     */
    @Test
    void aSliceThroughACollapsedDimensionSaysTheDecoderHardlyReadsIt() throws Exception {
        FigureContext ctx = z0Collapsed();

        assertThat(ManifoldGrid.figure(ctx, 4, new ManifoldGrid.Plane(new int[] {0, 1})).notes())
                .allMatch(note -> note.endsWith(" z₀ carries 0 nats of KL over the test set (under 0.01: collapsed),"
                        + " so the decoder hardly reads it and the columns come out alike; the KL figure and atlas"
                        + " evaluate show which dimensions are in use."));
        assertThat(ManifoldGrid.figure(ctx, 4, new ManifoldGrid.Plane(new int[] {2, 0})).notes())
                .allMatch(note -> note.contains(" z₀ carries 0 nats") && note.contains("the rows come out alike"));
        assertThat(ManifoldGrid.figure(ctx, 4, new ManifoldGrid.Plane(new int[] {1, 2})).notes())
                .noneMatch(note -> note.contains("collapsed"));
    }

    /** A 3-D VAE's encoding whose z₀ is the prior for every image (KL 0) while z₁ and z₂ sit at ±1 (½ nat each). */
    private static FigureContext z0Collapsed() throws Exception {
        Dataset data = Split.stratified(DigitsCsv.load(), 300, 1).test();
        int n = data.size();
        float[] mu = new float[n * 3];
        for (int i = 0; i < n; i++) {
            mu[3 * i + 1] = i % 2 == 0 ? 1f : -1f;
            mu[3 * i + 2] = i % 3 == 0 ? 1f : -1f;
        }
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 3), new Rng(3));
        return new FigureContext("m.safetensors", vae, data, "test", 0, new Vae.Encoding(mu, new float[n * 3]),
                Json.readTree("{\"objective\":\"elbo\"}"));
    }

    /** The narrowest spread a VAE's PCA plane still scales by keeps its ticks apart at every grid size. */
    @Test
    void ticksOfTheNarrowestScaledComponentStayDistinct() {
        for (int n = 2; n <= 40; n++) {
            double[] q = NormalQuantile.grid(n);
            for (int i = 0; i < n; i++) {
                q[i] *= ManifoldGrid.COLLAPSED_SD;
            }
            assertNeighboursDiffer(ManifoldGrid.ticks(q), "a spread of " + ManifoldGrid.COLLAPSED_SD + " at " + n);
        }
    }

    private static List<String> reversed(List<String> labels) {
        List<String> r = new java.util.ArrayList<>(labels);
        java.util.Collections.reverse(r);
        return r;
    }

    /** An untrained autoencoder of {@code latent} dimensions on 20 copies of one image: every code the same. */
    private static FigureContext oneImageRepeated(int latent) {
        return imagesRepeated(latent, 1, AUTOENCODER);
    }

    /**
     * An untrained {@code latent}-D model, trained as {@code trainingJson} says, on 20 images that are the first
     * {@code distinct} digits over and over: its codes take {@code distinct} values.
     */
    private static FigureContext imagesRepeated(int latent, int distinct, String trainingJson) {
        float[] images = Arrays.copyOf(DigitsCsv.load().pixels(), distinct * 64);
        float[] pixels = new float[20 * 64];
        for (int i = 0; i < 20; i++) {
            System.arraycopy(images, (i % distinct) * 64, pixels, i * 64, 64);
        }
        Dataset data = new Dataset("same", 8, 8, pixels, new int[20], List.of("a"), 0, "0".repeat(64));
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), latent), new Rng(3));
        return FigureContext.of("m.safetensors", vae, data, "test", 0, trainingJson);
    }

    private static final String AUTOENCODER = "{\"objective\":\"ae\"}";

    /** Code k of every image of the split. */
    private static double[] coordinates(FigureContext ctx, int k) {
        int d = ctx.latentDim();
        return IntStream.range(0, ctx.data().size()).mapToDouble(i -> ctx.encoding().mu()[i * d + k]).toArray();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static float[] decode(FigureContext ctx, double... z) {
        float[] code = new float[z.length];
        for (int k = 0; k < z.length; k++) {
            code[k] = (float) z[k];
        }
        return ctx.vae().decode(code, 1);
    }

    /** The pixels of tile i, counted across rows from the top left. */
    private static float[] tile(TiledFigure figure, int i) {
        int size = figure.table().imageHeight() * figure.table().imageWidth();
        return Arrays.copyOfRange(figure.table().pixels(), i * size, (i + 1) * size);
    }

    private static void assertNeighboursDiffer(List<String> ticks, String what) {
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("%s: %s", what, ticks).isNotEqualTo(ticks.get(i - 1));
        }
    }

    private static FigureContext context() {
        return context(2, null);
    }

    /** An untrained {@code latent}-D model on the digits' test split, trained as {@code trainingJson} says. */
    private static FigureContext context(int latent, String trainingJson) {
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), latent), new Rng(3));
        return FigureContext.of("m.safetensors", vae, split.test(), "test", 0, trainingJson);
    }
}
