package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.OutputType;

/**
 * Generate's grid of samples is drawn at the size it is shown, so each image pixel is a whole number of device
 * pixels and every pixel and gutter comes out the same width: on screen, the canvas's own pixels one to one.
 */
@DisplayName("The explorer's samples grid, pixel for pixel")
class ExplorerSamplesGridTest extends ExplorerPageTestBase {
    @ParameterizedTest(name = "{0}×{1} CSS pixels at devicePixelRatio {2}")
    @CsvSource({"1280, 800, 1", "390, 844, 1", "1280, 800, 2", "390, 844, 2"})
    void everyImagePixelOfTheSamplesIsAWholeNumberOfDevicePixelsOnScreen(int width, int height, int dpr) {
        chrome.viewport(width, height, dpr);
        open(address);
        element("#tab-generate").click();
        js("document.querySelector('#lens-generate .samples').scrollIntoView({block: 'center'})");
        chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done()));"); // the grid refits once shown
        Map<?, ?> r = (Map<?, ?>) js("const c = document.querySelector('#lens-generate .samples'), b = c.getBoundingClientRect();"
                + "const t = atlas.lenses.generate.state.tile;"
                + "return {cw: c.width, ch: c.height, left: b.left, top: b.top, w: b.width, h: b.height, dpr: devicePixelRatio,"
                + " cell: t.cellWidth, room: document.querySelector('#lens-generate .samples-wrap').clientWidth,"
                + " png: c.toDataURL().slice(22)};");
        assertThat(num(r, "dpr")).isEqualTo(dpr);
        assertThat(num(r, "w") * dpr).as("canvas pixels across = device pixels across").isEqualTo(num(r, "cw"), within(1e-6));
        assertThat(num(r, "h") * dpr).as("canvas pixels down = device pixels down").isEqualTo(num(r, "ch"), within(1e-6));
        assertThat(num(r, "cell") % 8).as("device pixels per image pixel, 8 image pixels to a sample: whole").isZero();
        assertThat(num(r, "w")).as("the grid takes the room it has").isBetween(0.9 * num(r, "room"), num(r, "room"));

        BufferedImage canvas = ScreenPixels.png(Base64.getDecoder().decode((String) r.get("png")));
        BufferedImage screen = ScreenPixels.png(chrome.driver.getScreenshotAs(OutputType.BYTES));
        int x0 = (int) Math.round(num(r, "left") * dpr), y0 = (int) Math.round(num(r, "top") * dpr);
        assertThat(ScreenPixels.fewestNotShown(canvas, screen, x0, y0, 8 * dpr))
                .as("screen pixels that are not the canvas's, where it lies best").isZero();
        chrome.viewportScreenshot("generate-grid-" + width + "-dpr" + dpr);
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
