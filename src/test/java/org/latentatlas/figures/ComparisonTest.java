package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.eval.Projection;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class ComparisonTest {
    /** 10×10 images tile 60 px high against the digits' 56: eight rows of them ran off the bottom of the figure. */
    @Test
    void theSamplesOfARightModelWithTallerImagesEndAboveTheBottomMargin() {
        Comparison figure = new Comparison(model(DigitsCsv.load()), model(noise(10, 10)), Projection.PCA, 1);
        BufferedImage png = FigureWriter.render(figure);
        for (int y = png.getHeight() - Theme.MARGIN + 1; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                assertThat(png.getRGB(x, y) & 0xFFFFFF).as("pixel (%d, %d) of the bottom margin", x, y)
                        .isEqualTo(0xFFFFFF);
            }
        }
    }

    /** An untrained 2-D model of {@code data}'s image shape, drawn on its test split. */
    private static FigureContext model(Dataset data) {
        Split split = Split.stratified(data, 50, 1);
        VaeConfig config = VaeConfig.symmetric(data.height(), data.width(), List.of(16), 2);
        return FigureContext.of("m.safetensors", Vae.initialize(config, new Rng(3)), split.test(), "test", 0, null);
    }

    private static Dataset noise(int height, int width) {
        int n = 200;
        Rng rng = new Rng(5);
        float[] pixels = new float[n * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextFloat();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        return new Dataset("noise", height, width, pixels, labels, List.of("a", "b"), 0, "0");
    }
}
