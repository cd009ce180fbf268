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
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.axis.TickUnit;
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
import org.latentatlas.eval.CollapseVerdict;
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

    /**
     * Three dimensions none of which is active: μ_u moves by ±0.02 across images, Var_x(μ_u) = 10⁻⁴ < 0.01, and
     * carries ½·0.02² = 2·10⁻⁴ nats of KL.
     */
    private static FigureContext noneActive() throws Exception {
        return moving(0.02f);
    }

    /** Three dimensions whose μ_u is ±{@code by} by image, with σ = 1: KL ½·by² each. */
    private static FigureContext moving(float by) throws Exception {
        Dataset data = Split.stratified(DigitsCsv.load(), 300, 1).test();
        int n = data.size();
        float[] mu = new float[n * 3];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = (i / 3) % 2 == 0 ? by : -by;
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

    /** The upper (KL) panel's labelled ticks, bottom to top. */
    private static List<String> klTicks(ChartFigure figure) {
        NumberAxis axis = (NumberAxis) klPanel(figure).getRangeAxis();
        Graphics2D g2 = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> labels = new ArrayList<>();
        for (Object tick : axis.refreshTicks(g2, new AxisState(), new Rectangle(0, 0, 600, 300), RectangleEdge.LEFT)) {
            String label = ((NumberTick) tick).getText();
            if (!label.isEmpty()) { // a minor tick
                labels.add(label);
            }
        }
        return labels;
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

    /**
     * A collapsed model's bars are 2·10⁻⁴ nats, ticked every 2·10⁻⁵, which the library labelled "0E0, 2E-5": written
     * as the lower panel writes its decades instead.
     */
    @Test
    void aCollapsedModelsKlTicksAreWrittenAsPowersOfTen() throws Exception {
        List<String> ticks = klTicks(KlBars.figure(noneActive(), 800, 600));

        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3).startsWith("0").contains("1·10⁻⁴")
                .allMatch(t -> t.equals("0") || t.matches("\\d(\\.\\d+)?·10⁻[¹²³⁴⁵⁶⁷⁸⁹]"), "0 or m·10⁻ⁿ");
    }

    /** A model carrying KL keeps the library's plain decimals. */
    @Test
    void aModelCarryingKlKeepsPlainDecimalTicks() throws Exception {
        List<String> ticks = klTicks(KlBars.figure(threeKinds("{\"objective\":\"elbo\"}"), 800, 600));

        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3).allMatch(t -> t.matches("\\d\\.\\d+"), "a plain decimal");
    }

    /** Every bar 0: the axis centred ±5·10⁻⁹ on 0, ticking a negative KL. It runs from 0 to the collapse threshold. */
    @Test
    void aModelWithNoKlAtAllHasAnAxisFromZeroToTheCollapseThreshold() throws Exception {
        ValueAxis axis = klPanel(KlBars.figure(moving(0f), 800, 600)).getRangeAxis();

        assertThat(axis.getLowerBound()).isZero();
        assertThat(axis.getUpperBound()).isEqualTo(CollapseVerdict.COLLAPSED_KL);
    }

    @Test
    void aTickLabelIsZeroOrAMantissaTimesAPowerOfTen() {
        assertThat(PowerOfTenTicks.label(0)).isEqualTo("0");
        assertThat(PowerOfTenTicks.label(3 * 2e-5)).as("6.000000000000001E-5").isEqualTo("6·10⁻⁵");
        assertThat(PowerOfTenTicks.label(1.2e-4)).isEqualTo("1.2·10⁻⁴");
        assertThat(PowerOfTenTicks.label(-2.5e-10)).isEqualTo("−2.5·10⁻¹⁰");
    }

    /** Steps the library labels in decimals keep its labels, so a model that uses its latent space draws as before. */
    @Test
    void stepsFromOneTenThousandthUpKeepTheLibrarysLabels() {
        NumberTickUnitSource library = new NumberTickUnitSource();
        for (double size : new double[] {1e-4, 5e-4, 0.02, 0.5, 2, 50}) {
            TickUnit ours = new PowerOfTenTicks().getCeilingTickUnit(size);
            TickUnit theirs = library.getCeilingTickUnit(size);
            assertThat(ours.valueToString(3 * ours.getSize())).isEqualTo(theirs.valueToString(3 * theirs.getSize()));
            assertThat(ours.getSize()).isEqualTo(theirs.getSize());
        }
    }

    /** The subtitle's KL term: "0.00 nats" beside bars of 2·10⁻⁴ read as no KL at all; it keeps two digits that show. */
    @Test
    void theSubtitlesKlTermOfACollapsedModelShowsItsDigits() throws Exception {
        String subtitle = ((TextTitle) KlBars.figure(noneActive(), 800, 600).chart().getSubtitle(1)).getText();

        assertThat(subtitle).contains("the bars sum to the KL term, 0.00060 nats.");
        assertThat(KlBars.nats(0)).isEqualTo("0");
        assertThat(KlBars.nats(3.4112)).isEqualTo("3.41");
        assertThat(KlBars.nats(0.01)).isEqualTo("0.01");
    }

    /** A KL under the collapse bound keeps its digits: 0.007 nats rounded to "0.01" read as the bound it is under. */
    @Test
    void aCollapsedDimensionsKlNeverRoundsUpToTheCollapseBound() {
        assertThat(KlBars.nats(0.005)).isEqualTo("0.0050");
        assertThat(KlBars.nats(0.0072)).isEqualTo("0.0072");
        assertThat(KlBars.nats(-0.0072)).isEqualTo("-0.0072");
    }
}
