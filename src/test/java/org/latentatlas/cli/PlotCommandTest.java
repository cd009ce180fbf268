package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.figures.FigureImages;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class PlotCommandTest {
    static final List<String> DEFAULT_FIGURES = List.of("scatter", "grid", "interpolation", "reconstructions",
            "samples", "traversals", "curves", "kl");
    /** Why --limit 1 leaves no interpolation figure, as plot's skip line and refusals say it. */
    static final String ONE_IMAGE = "--limit 1 leaves 1 test image, and the interpolation figure walks from one image"
            + " to another, so it needs at least 2";

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyModel() {
        model = shared.resolve("tiny.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "2", "--hidden", "16", "--no-progress", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void writesEveryStandardFigureAsPngAndSvgPlusTheScatterCoordinates() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String name : DEFAULT_FIGURES) {
            assertThat(dir.resolve(name + ".png")).as(name).isRegularFile();
            assertThat(dir.resolve(name + ".svg")).as(name).isRegularFile();
            assertThat(run.out()).contains(dir.resolve(name + ".png").toString());
        }
        assertThat(Files.readAllLines(dir.resolve("scatter.csv"))).hasSize(301).first().isEqualTo("index,label,class,x,y");
        assertThat(dir.resolve("compare.png")).doesNotExist();
    }

    @Test
    void everyPngIsNotBlankAndTheChartsHaveTheirDocumentedSize() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "png");
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String name : DEFAULT_FIGURES) {
            BufferedImage image = ImageIO.read(dir.resolve(name + ".png").toFile());
            assertThat(FigureImages.lumaVariance(image)).as(name + " pixel variance").isGreaterThan(100);
        }
        assertSize(dir.resolve("scatter.png"), PlotCommand.SCATTER_WIDTH, PlotCommand.SCATTER_HEIGHT);
        assertSize(dir.resolve("kl.png"), PlotCommand.CHART_WIDTH, 640);
        assertThat(dir.resolve("scatter.svg")).doesNotExist();
    }

    @Test
    void svgFilesAreWellFormedXmlWithTheTitleKeptAsText() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg",
                "--only", "scatter,grid,curves");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(svgText(dir.resolve("scatter.svg"))).contains("Latent space").contains("tiny.safetensors");
        assertThat(svgText(dir.resolve("grid.svg"))).contains("Decoder output on a 15×15 grid").contains("z₀ (z units)")
                .contains("z₁ (z units)");
        assertThat(svgText(dir.resolve("curves.svg"))).contains("Training curves").contains("epoch");
        assertThat(Files.readString(dir.resolve("grid.svg"))).contains("image-rendering:pixelated");
    }

    /** Labels count dimensions from 0 as --dims and evaluate do: the axis of --dims 0,2 reads z₀ and z₂. */
    @Test
    void aLatentSpaceAboveTwoDimensionsIsProjectedSlicedAndTraversedRowByRow() throws Exception {
        Path three = dir.resolve("three.safetensors");
        assertThat(CliRun.of("train", "--epochs", "2", "--hidden", "16", "--latent", "3", "--no-progress",
                "-o", three.toString()).exitCode()).isZero();
        CliRun run = CliRun.of("plot", three.toString(), "--out", dir.toString(), "--format", "svg",
                "--only", "scatter,grid,traversals", "--projection", "tsne", "--dims", "0,2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(svgText(dir.resolve("scatter.svg"))).contains("t-SNE");
        assertThat(svgText(dir.resolve("grid.svg"))).contains("z₀–z₂ (z₁ held at 0, the prior mean)")
                .contains("z₀ (z units)").contains("z₂ (z units)");
        assertThat(svgText(dir.resolve("traversals.svg"))).contains("z₀").contains("z₁").contains("z₂")
                .doesNotContain("z₃");
    }

    @Test
    void compareDrawsTwoModelsSideBySide() throws Exception {
        Path other = dir.resolve("other.safetensors");
        assertThat(CliRun.of("train", "--epochs", "2", "--hidden", "16", "--seed", "7", "--no-progress",
                "-o", other.toString()).exitCode()).isZero();
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--only", "compare",
                "--compare", other.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(svgText(dir.resolve("compare.svg"))).contains("tiny.safetensors").contains("other.safetensors")
                .contains("decoded prior samples");
        assertThat(FigureImages.lumaVariance(ImageIO.read(dir.resolve("compare.png").toFile()))).isGreaterThan(100);
    }

    @Test
    void classPairsInterpolateBetweenTheNamedClasses() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg",
                "--only", "interpolation", "--pair", "3,8", "--pair", "1,7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(svgText(dir.resolve("interpolation.svg"))).contains("digit 3 → digit 8, linear")
                .contains("digit 1 → digit 7, spherical");
    }

    @Test
    void badOptionsFailInOneLineThatNamesTheBadValue() {
        assertRejected("--only", "scater", "'scater'");
        assertRejected("--format", "jpg", "'jpg'");
        assertRejected("--grid-size", "1", "got 1");
        assertRejected("--projection", "isomap", "'isomap'");
        assertRejected("--dims", "0,7", "--dims 0,7");
        assertRejected("--pair", "3,x", "'x'");
        assertRejected("--only", "compare", "--compare");
        assertRejected("--split", "validation", "'validation'");
    }

    /** An option typed for a figure --only leaves out would change nothing; silence would hide the slip. */
    @Test
    void anOptionReadOnlyByFiguresThatOnlyLeavesOutIsRefusedNamingThoseFigures() {
        Path out = dir.resolve("figs");
        String[][] cases = {
            {"--only", "kl", "--grid-size", "20"}, {"--only", "kl", "--grid-size", "15"},
            {"--only", "grid", "--projection", "tsne"}, {"--only", "kl", "--random-pairs", "5"},
            {"--only", "kl", "--seed", "3"}, {"--only", "curves,samples", "--split", "train"},
            {"--only", "kl", "--dims", "pca"}, {"--only", "scatter", "--pair", "3,8", "--pair", "1,7"},
            {"--only", "curves", "--dataset", "digits"}, {"--only", "curves,samples", "--limit", "50"},
            {"--only", "curves", "--csv-header"}, {"--only", "curves", "--data-dir", "."}};
        String[] says = {
            "--grid-size 20 applies only to the grid figure, which --only leaves out; add grid to --only or drop"
                    + " --grid-size",
            "--grid-size 15 applies only to the grid figure",
            "--projection tsne applies only to the scatter and compare figures, which --only leaves out; add one of"
                    + " them to --only or drop --projection",
            "--random-pairs 5 applies only to the interpolation figure",
            "--seed 3 applies only to the scatter, interpolation, samples and compare figures",
            "--split train applies only to the scatter, grid, interpolation, reconstructions, traversals, kl and"
                    + " compare figures",
            "--dims pca applies only to the grid figure",
            "--pair 3,8 --pair 1,7 applies only to the interpolation figure",
            "--dataset digits applies only to the scatter, grid, interpolation, reconstructions, samples, traversals,"
                    + " kl and compare figures, which --only leaves out; add one of them to --only or drop --dataset",
            "--limit 50 applies only to the scatter, grid, interpolation, reconstructions, traversals, kl and"
                    + " compare figures",
            "--csv-header applies only to the scatter, grid",
            "--data-dir . applies only to the scatter, grid"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("plot", model.toString(), "--out", out.toString()));
            args.addAll(List.of(cases[i]));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String label = String.join(" ", cases[i]);
            assertThat(run.exitCode()).as(label + ": " + run.err()).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.errLines()).as(label).isEqualTo(1);
            assertThat(run.err()).as(label).contains(says[i]);
            assertThat(out).as(label).doesNotExist();
        }
    }

    /** A 2-D latent space is the plane itself: a projection typed for it would be ignored, as silently as above. */
    @Test
    void aProjectionOfALatentSpaceThatIsAlreadyAPlaneIsRefused() {
        Path out = dir.resolve("figs");
        CliRun run = CliRun.of("plot", model.toString(), "--out", out.toString(), "--only", "scatter,grid",
                "--projection", "tsne");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--projection tsne: the 2-D latent space of tiny.safetensors is drawn as is by"
                + " the scatter figure; a projection applies only above 2 dimensions, so drop --projection");
        assertThat(out).doesNotExist();
    }

    @Test
    void aProjectionIsAcceptedWhenTheComparedModelHasMoreThanTwoDimensions() {
        Path three = dir.resolve("three.safetensors");
        assertThat(CliRun.of("train", "--epochs", "2", "--hidden", "16", "--latent", "3", "--no-progress",
                "-o", three.toString()).exitCode()).isZero();
        CliRun both = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg", "--only",
                "scatter,compare", "--compare", three.toString(), "--projection", "pca");
        assertThat(both.exitCode()).as(both.err()).isZero();
        CliRun planes = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg", "--only",
                "compare", "--compare", model.toString(), "--projection", "pca");
        assertThat(planes.exitCode()).as(planes.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(planes.err()).contains("the 2-D latent spaces of tiny.safetensors and tiny.safetensors are drawn"
                + " as is by the compare figure");
    }

    /** A 2-D scatter is the plane as is and --pair names the interpolation's ends: a seed typed for them changes nothing. */
    @Test
    void aSeedIsRefusedWhereNothingDrawnIsRandom() {
        String[][] cases = {{"--only", "scatter"}, {"--only", "interpolation", "--pair", "3,8"},
            {"--only", "scatter,interpolation,grid", "--pair", "3,8"}};
        String[] says = {
            "--seed 7 changes nothing drawn: the scatter figure draws the 2-D latent space of tiny.safetensors as is;"
                    + " the seed draws random pairs (without --pair), prior samples and t-SNE or UMAP projections, so"
                    + " drop --seed",
            "--seed 7 changes nothing drawn: the interpolation figure walks between the classes --pair names; the seed",
            "the scatter figure draws the 2-D latent space of tiny.safetensors as is and the interpolation figure walks"
                    + " between the classes --pair names; the seed"};
        for (int i = 0; i < cases.length; i++) {
            assertRefusedWithoutWriting(cases[i], "--seed", "7", says[i]);
        }
    }

    @Test
    void aSeedIsAcceptedWhereAFigureDrawnIsRandom() {
        String[][] cases = {{"--only", "interpolation"}, {"--only", "scatter,samples"},
            {"--only", "interpolation,samples", "--pair", "3,8"}};
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("plot", model.toString(), "--out", dir.toString(),
                    "--format", "svg", "--seed", "7"));
            args.addAll(List.of(c));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", c) + ": " + run.err()).isZero();
        }
    }

    /** PCA is exact: the seed reaches a projection of more than two dimensions only through t-SNE or UMAP. */
    @Test
    void aSeedIsRefusedForAPcaScatterAndAcceptedForATsneOne() {
        Path three = dir.resolve("three.safetensors");
        assertThat(CliRun.of("train", "--epochs", "1", "--hidden", "16", "--latent", "3", "--no-progress",
                "-o", three.toString()).exitCode()).isZero();
        CliRun pca = CliRun.of("plot", three.toString(), "--out", dir.resolve("figs").toString(), "--only", "scatter",
                "--seed", "7");
        assertThat(pca.exitCode()).as(pca.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(pca.err()).contains("--seed 7 changes nothing drawn: the scatter figure projects the 3-D latent"
                + " space of three.safetensors by PCA, which is not random;");
        CliRun tsne = CliRun.of("plot", three.toString(), "--out", dir.resolve("figs").toString(), "--only", "scatter",
                "--format", "svg", "--projection", "tsne", "--seed", "7");
        assertThat(tsne.exitCode()).as(tsne.err()).isZero();
    }

    /** The grid of a 2-D latent space is the whole plane, as the scatter draws it: a slice typed for it is ignored. */
    @Test
    void dimsAreRefusedForALatentSpaceThatIsAlreadyAPlane() {
        assertRefusedWithoutWriting(new String[] {"--only", "grid"}, "--dims", "1,0", "--dims 1,0: the grid figure"
                + " walks the whole 2-D latent space of tiny.safetensors (z₀ across, z₁ up, as the scatter); a slice"
                + " applies only above 2 dimensions, so drop --dims");
        assertRefusedWithoutWriting(new String[0], "--dims", "pca", "--dims pca: the grid figure walks the whole 2-D");
    }

    private void assertRefusedWithoutWriting(String[] args, String option, String value, String says) {
        Path out = dir.resolve("figs");
        List<String> all = new java.util.ArrayList<>(List.of("plot", model.toString(), "--out", out.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of(option, value));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        String label = String.join(" ", all.subList(4, all.size()));
        assertThat(run.exitCode()).as(label + ": " + run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).as(label).isEqualTo(1);
        assertThat(run.err()).as(label).contains(says);
        assertThat(out).as(label).doesNotExist();
    }

    @Test
    void perFigureOptionsForTheFiguresDrawnAreAccepted() {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg",
                "--only", "grid,samples", "--grid-size", "5", "--seed", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(dir.resolve("grid.svg")).isRegularFile();
    }

    /** The KL bars average over the split's encodings and the samples take the data's image shape: both read data. */
    @Test
    void dataOptionsAreAcceptedByTheFiguresThatReadData() {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg",
                "--only", "kl", "--dataset", "digits", "--limit", "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        CliRun samples = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg",
                "--only", "samples", "--dataset", "digits");
        assertThat(samples.exitCode()).as(samples.err()).isZero();
    }

    @Test
    void anExplicitDatasetIsDrawnWithTheModelsSeed() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--only", "scatter",
                "--dataset", "digits", "--limit", "100");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("scatter.csv"))).hasSize(101);
    }

    @Test
    void anExplicitDatasetOfTheWrongShapeIsAOneLineErrorNamingBothShapes() throws Exception {
        Path csv = dir.resolve("tiny.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 5).append(',').append(3).append(',').append(1).append(',').append(0).append(',')
                    .append(i % 2).append('\n');
        }
        Files.writeString(csv, rows);
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.resolve("figs").toString(), "--dataset",
                csv.toString(), "--csv-label", "last", "--shape", "2x2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("2x2 = 4 pixels").contains("expects 8x8 = 64");
        assertThat(dir.resolve("figs")).doesNotExist();
    }

    /** A model file sent without its data still shows how it trained: the curves need only the file. */
    @Test
    void theCurvesAloneAreDrawnFromTheFileWhenItsDataIsGone() throws Exception {
        Path csv = dir.resolve("gone.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            rows.append(i % 7).append(',').append(i % 3).append(',').append(i % 5).append(',').append(i % 2)
                    .append(',').append(i % 3).append('\n');
        }
        Files.writeString(csv, rows);
        Path m = dir.resolve("csv-model.safetensors");
        CliRun train = CliRun.of("train", "--dataset", csv.toString(), "--csv-label", "last", "--shape", "2x2",
                "--test-size", "12", "--epochs", "2", "--hidden", "4", "--no-progress", "-o", m.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        Files.delete(csv);

        Path figs = dir.resolve("curves-only");
        CliRun run = CliRun.of("plot", m.toString(), "--out", figs.toString(), "--only", "curves", "--format", "svg");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(svgText(figs.resolve("curves.svg"))).contains("Training curves").contains("test split, 12 images");

        CliRun kl = CliRun.of("plot", m.toString(), "--out", figs.toString(), "--only", "kl");
        assertThat(kl.exitCode()).as("the KL bars read the data, which is gone").isEqualTo(1);
        assertThat(kl.err()).contains("gone.csv");
    }

    private void assertRejected(String option, String value, String expected) {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), option, value);
        assertThat(run.exitCode()).as(option + " " + value + ": " + run.err()).isEqualTo(2);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains(expected);
    }

    private static void assertSize(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    /** All text of the SVG's text elements, after parsing it as XML with the JDK's parser. */
    static String svgText(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // Batik writes the SVG 1.0 DOCTYPE; well-formedness does not need the DTD, and tests run offline.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        assertThat(texts.getLength()).as("text elements in " + svg).isPositive();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < texts.getLength(); i++) {
            sb.append(texts.item(i).getTextContent()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void plotValidatesItsArgumentsBeforeWritingAnyFigure() throws Exception {
        Path out = dir.resolve("figures");
        List<List<String>> bad = List.of(
                List.of("--dims", "0,5"),
                List.of("--pair", "3,42"),
                List.of("--pair", "foo,bar"),
                List.of("--compare", dir.resolve("nonexistent.safetensors").toString()),
                List.of("--only", "scatter", "--pair", "1,2"),
                List.of("--test-size", "0.5"));
        List<String> expected = List.of("--dims 0,5 is outside the model's 2 latent dimensions", "no class '42'",
                "no class 'foo'", "nonexistent.safetensors", "which --only leaves out", "--test-size 0.5 needs --dataset");
        for (int i = 0; i < bad.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("plot", model.toString(), "--out", out.toString()));
            args.addAll(bad.get(i));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", bad.get(i))).isNotZero();
            assertThat(run.err()).contains(expected.get(i));
            assertThat(out).as(String.join(" ", bad.get(i)) + " wrote into the output folder").doesNotExist();
        }
    }

    @Test
    void plotLimitWithoutDatasetSubsamplesTheModelsOwnSplit() throws Exception {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--only", "scatter", "--limit", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("scatter.csv"))).hasSize(6);
    }

    /** Five images cannot give two of each of ten classes: the reconstructions once crashed on that. */
    @Test
    void everyFigureIsDrawnFromASplitOfFewerImagesThanClasses() {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg", "--limit", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String name : DEFAULT_FIGURES) {
            assertThat(dir.resolve(name + ".svg")).as(name).isRegularFile();
        }
    }

    /**
     * One image has no second end to interpolate to: a plain plot of it was refused as a whole, for a figure it had
     * not asked for. It is skipped, saying why, as an autoencoder's missing figures are, and the rest are drawn.
     */
    @Test
    void aSplitOfOneImageSkipsTheInterpolationSayingWhyAndDrawsEveryOtherFigure() {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg", "--limit", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("skipped interpolation: " + ONE_IMAGE + System.lineSeparator());
        assertThat(dir.resolve("interpolation.svg")).doesNotExist();
        for (String name : DEFAULT_FIGURES) {
            if (!name.equals("interpolation")) {
                assertThat(dir.resolve(name + ".svg")).as(name).isRegularFile();
            }
        }
        assertThat(dir.resolve("scatter.csv")).isRegularFile();
    }

    @Test
    void twoImagesAreEnoughForTheInterpolation() {
        CliRun run = CliRun.of("plot", model.toString(), "--out", dir.toString(), "--format", "svg", "--limit", "2",
                "--only", "interpolation");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("skipped");
        assertThat(dir.resolve("interpolation.svg")).isRegularFile();
    }
}
