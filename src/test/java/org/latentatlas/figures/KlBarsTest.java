package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latentatlas.figures.FigureImages.pixelsOf;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;

class KlBarsTest {
    /**
     * Three dimensions, one of each kind docs/evaluation.md tells apart: z₀ active (μ = ±1 by image), z₁ on the prior
     * for every image (inactive and collapsed), z₂ at μ = 0.5 for every image (inactive, yet ½·0.5² = 0.125 nats of
     * KL: not collapsed).
     */
    private static FigureContext threeKinds(String trainingJson) throws Exception {
        Dataset data = Split.stratified(DigitsCsv.load(), 300, 1).test();
        int n = data.size();
        float[] mu = new float[n * 3];
        for (int i = 0; i < n; i++) {
            mu[3 * i] = i % 2 == 0 ? 1f : -1f;
            mu[3 * i + 2] = 0.5f;
        }
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 3), new Rng(3));
        return new FigureContext("m.safetensors", vae, data, "test", 0, new Vae.Encoding(mu, new float[n * 3]),
                Json.readTree(trainingJson));
    }

    /** Three dimensions none of which is active: μ_u moves by ±0.02 across images, Var_x(μ_u) = 10⁻⁴ < 0.01. */
    private static FigureContext noneActive() throws Exception {
        Dataset data = Split.stratified(DigitsCsv.load(), 300, 1).test();
        int n = data.size();
        float[] mu = new float[n * 3];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = (i / 3) % 2 == 0 ? 0.02f : -0.02f;
        }
        Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 3), new Rng(3));
        return new FigureContext("m.safetensors", vae, data, "test", 0, new Vae.Encoding(mu, new float[n * 3]),
                Json.readTree("{\"objective\":\"elbo\"}"));
    }

    private static List<String> legend(ChartFigure figure) {
        LegendItemCollection items = figure.chart().getPlot().getLegendItems();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            labels.add(items.get(i).getLabel());
        }
        return labels;
    }

    private static CategoryPlot klPanel(ChartFigure figure) {
        return panel(figure, 0);
    }

    private static CategoryPlot panel(ChartFigure figure, int index) {
        return (CategoryPlot) ((CombinedDomainCategoryPlot) figure.chart().getPlot()).getSubplots().get(index);
    }

    private static ValueMarker onlyLine(CategoryPlot panel) {
        Collection<?> markers = panel.getRangeMarkers(Layer.FOREGROUND);
        assertThat(markers).hasSize(1);
        return (ValueMarker) markers.iterator().next();
    }

    /** The lower panel's labelled ticks as read, "10^-2" for 10⁻² (the exponent is an attribute of the text). */
    private static List<String> varTicks(ChartFigure figure) {
        LogAxis axis = (LogAxis) panel(figure, 1).getRangeAxis();
        Graphics2D g2 = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> labels = new ArrayList<>();
        for (Object tick : axis.refreshTicks(g2, new AxisState(), new Rectangle(0, 0, 600, 200), RectangleEdge.LEFT)) {
            if (((LogTick) tick).getAttributedLabel() == null) {
                continue; // a minor tick, unlabelled
            }
            AttributedCharacterIterator text = ((LogTick) tick).getAttributedLabel().getIterator();
            StringBuilder label = new StringBuilder();
            for (char c = text.first(); c != CharacterIterator.DONE; c = text.next()) {
                label.append(text.getIndex() == 2 ? "^" : "").append(c);
            }
            labels.add(label.toString());
        }
        return labels;
    }

    @Test
    void anInactiveDimensionCarryingKlIsToldApartFromACollapsedOne() throws Exception {
        ChartFigure figure = KlBars.figure(threeKinds("{\"objective\":\"elbo\"}"), 800, 600);

        assertThat(legend(figure)).containsExactly("active dimension (Var_x(μ_u) > 0.01)",
                "inactive and collapsed (KL < 0.01 nats)", "inactive yet carrying KL (≥ 0.01 nats): not collapsed");
        figure.chart().getLegend().setVisible(false); // its swatches are in the bars' colours too
        BufferedImage png = FigureWriter.render(figure);
        assertThat(pixelsOf(png, Theme.classColour(4))).as("z₀ active (blue)").isPositive();
        assertThat(pixelsOf(png, Theme.classColour(0))).as("z₂ inactive yet carrying (orange)").isPositive();
        assertThat(klPanel(figure).getRangeMarkers(Layer.FOREGROUND)).as("no free bits, no floor").isNull();
    }

    @Test
    void aModelWithoutAnInactiveDimensionCarryingKlListsTwoKinds() {
        assertThat(KlBars.legend(false).getItemCount()).isEqualTo(2);
    }

    @Test
    void aFreeBitsModelHasItsFloorDrawnAndCountsTheDimensionsAtIt() throws Exception {
        ChartFigure figure = KlBars.figure(threeKinds("{\"objective\":\"elbo\",\"config\":{\"freeBits\":0.125}}"),
                800, 600);

        Collection<?> markers = klPanel(figure).getRangeMarkers(Layer.FOREGROUND);
        assertThat(markers).hasSize(1);
        ValueMarker floor = (ValueMarker) markers.iterator().next();
        assertThat(floor.getValue()).isEqualTo(0.125);
        assertThat(floor.getLabel()).isEqualTo("free-bits floor λ = 0.125 nats");
        assertThat(((TextTitle) figure.chart().getSubtitle(1)).getText())
                .contains("1 of 3 dimensions sits at the floor (KL within 20 % of λ): the floor, not the data, sets"
                        + " its KL.");
    }

    @Test
    void aFloorAboveEveryBarStillShows() throws Exception {
        ChartFigure figure = KlBars.figure(threeKinds("{\"objective\":\"elbo\",\"config\":{\"freeBits\":5}}"),
                800, 600);

        assertThat(klPanel(figure).getRangeAxis().getUpperBound()).isGreaterThan(5);
        assertThat(((TextTitle) figure.chart().getSubtitle(1)).getText())
                .contains("λ = 5 nats").contains("No dimension sits at it");
    }

    /** A bar passing under a line's label drew across its text; on an opaque ground the text stays readable. */
    @Test
    void bothLinesAreLabelledOnAnOpaqueGroundThatNoBarShowsThrough() throws Exception {
        ChartFigure figure = KlBars.figure(threeKinds("{\"objective\":\"elbo\",\"config\":{\"freeBits\":0.125}}"),
                800, 600);

        for (ValueMarker line : List.of(onlyLine(klPanel(figure)), onlyLine(panel(figure, 1)))) {
            assertThat(line.getLabel()).as("labelled").isNotBlank();
            assertThat(line.getLabelBackgroundColor()).as(line.getLabel()).isEqualTo(Theme.PAPER);
            assertThat(line.getLabelBackgroundColor().getAlpha()).as(line.getLabel()).isEqualTo(255);
        }
    }

    /**
     * With no active unit every variance is under 0.01: the axis ended at the largest, so the threshold's line lay on
     * the panel's top edge and its label, drawn above the line, outside the panel.
     */
    @Test
    void aModelWithNoActiveUnitHasItsThresholdAndItsLabelInsideThePanel() throws Exception {
        ChartFigure figure = KlBars.figure(noneActive(), 800, 600);

        ValueAxis axis = panel(figure, 1).getRangeAxis();
        assertThat(((TextTitle) figure.chart().getSubtitle(1)).getText()).contains("0 of 3 active.");
        assertThat(axis.getUpperBound()).as("a decade above the threshold").isGreaterThanOrEqualTo(0.1);
        assertThat(axis.getLowerBound()).as("below every bar").isLessThanOrEqualTo(1e-4);
        assertThat(onlyLine(panel(figure, 1)).getLabel()).isEqualTo("active-unit threshold 0.01");
    }

    /** Over a short range the axis chose half decades and wrote 10^-2.0, 10^-2.5: each tick is a power of ten. */
    @Test
    void theVarianceAxisIsTickedAtWholePowersOfTen() throws Exception {
        for (FigureContext ctx : List.of(noneActive(), threeKinds("{\"objective\":\"elbo\"}"))) {
            List<String> ticks = varTicks(KlBars.figure(ctx, 800, 600));

            assertThat(ticks).hasSizeGreaterThanOrEqualTo(3).allMatch(t -> t.matches("10\\^-?\\d+"), "10^k");
        }
    }
}
