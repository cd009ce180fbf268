package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.eval.Projection;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class ScatterFigureTest {
    @TempDir
    Path dir;

    @Test
    void eachClassIsDrawnInItsPaletteColourAtItsDataPosition() throws Exception {
        // three classes far apart, points in a loose lattice so none overlap
        int n = 30;
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            points[2 * i] = labels[i] * 10 + (i / 3) % 5;
            points[2 * i + 1] = (i / 15) * 3 - labels[i];
        }
        ScatterFigure figure = new ScatterFigure("s", "title", List.of("sub"), points, labels,
                List.of("a", "b", "c"), "x", "y", false, 700, 500);
        BufferedImage png = readBack(figure);
        assertThat(png.getWidth()).isEqualTo(700);
        assertThat(png.getHeight()).isEqualTo(500);
        for (int i = 0; i < n; i++) {
            assertColourAt(png, figure.toPixel(points[2 * i], points[2 * i + 1]), Theme.classColour(labels[i]), "point " + i);
        }
    }

    @Test
    void aTrainedModelsEncodedTestImagesAreDrawnInTheirClassColours() throws Exception {
        Split split = Split.stratified(DigitsCsv.load(), 300, 1);
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 2), new Rng(3));
        FigureContext ctx = FigureContext.of("untrained.safetensors", vae, split.test(), "test", 0, null);
        LatentScatter.Projected p = LatentScatter.project(ctx, Projection.PCA, 1);
        ScatterFigure figure = LatentScatter.figure(ctx, p, "scatter", 900, 760);
        BufferedImage png = readBack(figure);
        double clearance = 2 * ScatterFigure.markerDiameter(p.labels().length);
        int checked = 0;
        for (int i = 0; i < p.labels().length; i++) {
            Point2D at = figure.toPixel(p.points()[2 * i], p.points()[2 * i + 1]);
            if (isolated(figure, p, i, at, clearance)) {
                assertColourAt(png, at, Theme.classColour(p.labels()[i]), "test image " + p.indices()[i]);
                checked++;
            }
        }
        assertThat(checked).as("points far enough from other classes to check").isGreaterThan(10);
    }

    @Test
    void equalScalesMakeOneZUnitTheSameLengthAcrossAndUp() throws Exception {
        float[] points = {-1, -4, 1, 4, 0, 0};
        ScatterFigure figure = new ScatterFigure("s", "t", List.of(), points, new int[] {0, 1, 0},
                List.of("a", "b"), "z₁", "z₂", true, 800, 600);
        readBack(figure);
        Point2D origin = figure.toPixel(0, 0);
        double across = figure.toPixel(1, 0).getX() - origin.getX();
        double up = origin.getY() - figure.toPixel(0, 1).getY();
        assertThat(across).isCloseTo(up, org.assertj.core.api.Assertions.within(0.01 * up));
    }

    /** Ten colours for 25 classes: class 10 was class 0's twin, in the plane and in the legend. */
    @Test
    void everyClassOfAManyClassScatterHasAColourAndMarkerPairOfItsOwn() {
        int classes = 25;
        List<String> names = new java.util.ArrayList<>();
        float[] points = new float[2 * classes];
        int[] labels = new int[classes];
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
            labels[c] = c;
            points[2 * c] = c;
        }
        ScatterFigure figure = new ScatterFigure("s", "t", List.of(), points, labels, names, "x", "y", false, 800, 600);
        var renderer = figure.chart().getXYPlot().getRenderer();
        java.util.Set<String> looks = new java.util.HashSet<>();
        for (int c = 0; c < classes; c++) {
            looks.add(renderer.getSeriesPaint(c) + " " + outline(renderer.getSeriesShape(c)));
        }
        assertThat(looks).hasSize(classes);
    }

    /** A shape's path, segment by segment, as text: two shapes drawn alike have the same outline. */
    private static String outline(java.awt.Shape shape) {
        StringBuilder sb = new StringBuilder();
        double[] coords = new double[6];
        for (var it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            sb.append(it.currentSegment(coords));
            for (double v : coords) {
                sb.append(String.format(java.util.Locale.ROOT, ",%.2f", v));
            }
            sb.append(';');
        }
        return sb.toString();
    }

    private static boolean isolated(ScatterFigure figure, LatentScatter.Projected p, int i, Point2D at, double r) {
        for (int j = 0; j < p.labels().length; j++) {
            if (p.labels()[j] != p.labels()[i]
                    && figure.toPixel(p.points()[2 * j], p.points()[2 * j + 1]).distance(at) < r) {
                return false;
            }
        }
        return true;
    }

    private BufferedImage readBack(Figure figure) throws Exception {
        Path png = FigureWriter.write(figure, FigureWriter.Format.PNG, dir);
        return ImageIO.read(png.toFile());
    }

    private static void assertColourAt(BufferedImage png, Point2D at, Color expected, String what) {
        Color actual = new Color(png.getRGB((int) Math.floor(at.getX()), (int) Math.floor(at.getY())));
        assertThat(Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue()))
                .as(what + " at " + at + ": expected " + expected + ", found " + actual).isLessThanOrEqualTo(12);
    }
}
