package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latentatlas.figures.FigureImages.pixelsOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.latentatlas.text.Json;

class TrainingCurvesTest {
    @Test
    void aOneEpochHistoryDrawsItsPoints() throws Exception {
        JsonNode training = Json.readTree("{\"history\":[{\"epoch\":1,\"trainElbo\":-30,\"testElbo\":-31,"
                + "\"trainRecon\":28,\"testRecon\":29,\"trainKl\":2,\"testKl\":2,\"beta\":1,\"activeUnits\":2}]}");
        ChartFigure figure = TrainingCurves.figure(training, "caption", 800, 900).orElseThrow();
        figure.chart().getLegend().setVisible(false); // its line samples are in the series' colours too
        BufferedImage png = FigureWriter.render(figure);
        assertThat(pixelsOf(png, Theme.classColour(4))).as("train points (blue)").isPositive();
        assertThat(pixelsOf(png, Theme.classColour(5))).as("test points (vermillion)").isPositive();
        assertThat(pixelsOf(png, Theme.classColour(2))).as("β and active units (green)").isPositive();
    }

    /** Two epochs of a run with a validation set ({@code null} fields without one), as train writes them. */
    private static String history(String validationElbo, String validationRecon, String validationKl) {
        return "\"history\":[{\"epoch\":1,\"trainElbo\":-40,\"testElbo\":-38,\"trainRecon\":37,\"testRecon\":35,"
                + "\"trainKl\":3,\"testKl\":3,\"beta\":1,\"activeUnits\":2,\"validationElbo\":" + validationElbo
                + ",\"validationRecon\":" + validationRecon + ",\"validationKl\":" + validationKl + "},"
                + "{\"epoch\":2,\"trainElbo\":-30,\"testElbo\":-31,\"trainRecon\":27,\"testRecon\":28,"
                + "\"trainKl\":3,\"testKl\":3,\"beta\":1,\"activeUnits\":2,\"validationElbo\":-30.5,"
                + "\"validationRecon\":27.5,\"validationKl\":3},"
                + "{\"epoch\":3,\"trainElbo\":-29,\"testElbo\":-32,\"trainRecon\":26,\"testRecon\":29,"
                + "\"trainKl\":3,\"testKl\":3,\"beta\":1,\"activeUnits\":2,\"validationElbo\":-31.5,"
                + "\"validationRecon\":28.5,\"validationKl\":3}]";
    }

    @Test
    void aRunWithValidationDrawsItsCurveAndMarksTheEpochEarlyStoppingKept() throws Exception {
        JsonNode training = Json.readTree("{\"bestEpoch\":2," + history("-39", "36", "3") + "}");
        ChartFigure figure = TrainingCurves.figure(training, "caption", 800, 900).orElseThrow();

        List<String> legend = new ArrayList<>();
        for (int i = 0; i < figure.chart().getPlot().getLegendItems().getItemCount(); i++) {
            legend.add(figure.chart().getPlot().getLegendItems().get(i).getLabel());
        }
        assertThat(legend).containsExactly("train (mean over the epoch)", "test (after the epoch)",
                "validation (after the epoch)");
        List<XYPlot> panels = ((CombinedDomainXYPlot) figure.chart().getPlot()).getSubplots();
        for (XYPlot panel : panels) {
            assertThat(panel.getDomainMarkers(Layer.FOREGROUND)).as("a line at the kept epoch in every panel")
                    .hasSize(1);
            assertThat(((ValueMarker) panel.getDomainMarkers(Layer.FOREGROUND).iterator().next()).getValue())
                    .isEqualTo(2.0);
        }
        assertThat(((Marker) panels.get(0).getDomainMarkers(Layer.FOREGROUND).iterator().next()).getLabel())
                .isEqualTo("kept: epoch 2, best validation ELBO");
        assertThat(((TextTitle) figure.chart().getSubtitle(1)).getText()).startsWith(TrainingCurves.SUBTITLE)
                .contains("Validation: the examples training held out").contains("kept the weights of epoch 2");
        figure.chart().getLegend().setVisible(false);
        assertThat(pixelsOf(FigureWriter.render(figure), Theme.classColour(6))).as("validation curve (purple)")
                .isPositive();
    }

    @Test
    void aRunWithoutValidationDrawsTrainAndTestAlone() throws Exception {
        JsonNode training = Json.readTree("{" + history("null", "null", "null").replace("-30.5", "null")
                .replace("27.5", "null").replace("-31.5", "null").replace("28.5", "null")
                .replace("\"validationKl\":3", "\"validationKl\":null") + "}");
        ChartFigure figure = TrainingCurves.figure(training, "caption", 800, 900).orElseThrow();

        assertThat(figure.chart().getPlot().getLegendItems().getItemCount()).isEqualTo(2);
        for (XYPlot panel : ((CombinedDomainXYPlot) figure.chart().getPlot()).getSubplots()) {
            assertThat(panel.getDomainMarkers(Layer.FOREGROUND)).isNull();
        }
        assertThat(((TextTitle) figure.chart().getSubtitle(1)).getText()).isEqualTo(TrainingCurves.SUBTITLE);
        figure.chart().getLegend().setVisible(false);
        assertThat(pixelsOf(FigureWriter.render(figure), Theme.classColour(6))).isZero();
    }

    /**
     * A run tested on one example stores no active units (μ cannot vary over one example): the title promised a panel
     * that is not drawn, and the 0 stored before drew as total collapse. The title leaves it out, the subtitle says why.
     */
    @Test
    void aRunTestedOnOneExampleHasNoActiveUnitsPanelAndSaysWhy() throws Exception {
        JsonNode training = Json.readTree("{" + history("null", "null", "null").replace("\"activeUnits\":2",
                "\"activeUnits\":null") + "}");
        ChartFigure figure = TrainingCurves.figure(training, "caption", 800, 900).orElseThrow();

        assertThat(figure.chart().getTitle().getText()).isEqualTo("Training curves: ELBO = −(recon + KL) per epoch"
                + " and β");
        assertThat(((CombinedDomainXYPlot) figure.chart().getPlot()).getSubplots()).hasSize(4);
        assertThat(((TextTitle) figure.chart().getSubtitle(1)).getText()).contains(TrainingCurves.ONE_EXAMPLE_NOTE);

        JsonNode counted = Json.readTree("{" + history("null", "null", "null") + "}");
        ChartFigure drawn = TrainingCurves.figure(counted, "caption", 800, 900).orElseThrow();
        assertThat(drawn.chart().getTitle().getText()).endsWith(", β and active units");
        assertThat(((TextTitle) drawn.chart().getSubtitle(1)).getText()).doesNotContain("No active units");
    }
}
