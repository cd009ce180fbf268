package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latentatlas.figures.FigureImages.pixelsOf;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
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

    private static List<String> legend(ChartFigure figure) {
        LegendItemCollection items = figure.chart().getPlot().getLegendItems();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            labels.add(items.get(i).getLabel());
        }
        return labels;
    }

    private static CategoryPlot klPanel(ChartFigure figure) {
        return (CategoryPlot) ((CombinedDomainCategoryPlot) figure.chart().getPlot()).getSubplots().get(0);
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
}
