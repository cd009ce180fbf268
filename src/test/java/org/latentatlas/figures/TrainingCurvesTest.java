package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
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

    private static int pixelsOf(BufferedImage image, Color colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return count;
    }
}
