package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Images that are not square, 4×16 (the digits' pixels read in that shape): every image the page shows keeps that
 * aspect ratio, in the panels, the strip, the decoded grid, the samples and the pad, on a desktop and on a phone.
 */
@DisplayName("The explorer draws 4×16 images at their aspect ratio")
class ExplorerImageShapeTest extends ExplorerPageTestBase {
    private static final double ASPECT = 16.0 / 4;

    @Override
    ExplorerFixture fixture() {
        return ExplorerFixture.digitsShaped(4, 16);
    }

    @Test
    void roamsAndInterpolatesImagesAreFourTimesAsWideAsTall() {
        clickTestPoint("#lens-roam", "roam", 17);
        waitUntil(() -> 17 == intOrMinus1(attr("#lens-roam", "data-selected")));
        js("atlas.lenses.roam.pad.stroke([20, 6], [80, 20])"); // a stroke on the pad, in its canvas pixels
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        for (String css : List.of(".glyph-live", ".glyph-input", ".glyph-recon", ".draw-pad", ".glyph-drawn",
                ".glyph-drawn-recon")) {
            assertThat(aspect("#lens-roam " + css)).as("Roam's %s", css).isCloseTo(ASPECT, within(0.08));
        }
        chrome.screenshot("roam-4x16-1280");
        element("#tab-interpolate").click();
        assertThat(aspect("#lens-interpolate .glyph-live")).as("the morph").isCloseTo(ASPECT, within(0.08));
        for (int cell = 1; cell <= 13; cell++) {
            assertThat(aspect("#lens-interpolate .strip-cell:nth-child(" + cell + ") canvas")).as("strip cell %d", cell)
                    .isCloseTo(ASPECT, within(0.08));
        }
        assertThat(stripColumns()).as("wide images three abreast, not thirteen slivers").isEqualTo(3);
        chrome.viewportScreenshot("interpolate-4x16-1280");
    }

    @Test
    void onAPhoneThePreviewThePeekAndTheStripKeepTheAspectToo() {
        chrome.viewport(390, 844);
        tapTestPointInView(17);
        for (String css : List.of(".glyph-inset", ".peek-input", ".peek-recon")) {
            assertThat(aspect("#lens-roam " + css)).as("Roam's %s", css).isCloseTo(ASPECT, within(0.15));
        }
        chrome.viewportScreenshot("roam-4x16-390");
        element("#tab-interpolate").click();
        assertThat(aspect("#lens-interpolate .strip-cell:nth-child(2) canvas")).isCloseTo(ASPECT, within(0.08));
        assertThat(stripColumns()).isEqualTo(2);
        js("document.querySelector('#lens-interpolate .strip').scrollIntoView()");
        chrome.viewportScreenshot("interpolate-4x16-390");
    }

    @Test
    void theDecodedGridDrawsEachImageInTheMiddleOfItsSquareCellOnWhite() {
        element("#lens-roam [name=grid]").click();
        waitUntil(() -> "ready".equals(attr("#lens-roam", "data-grid")));
        // Cells of 4 × 16 = 64 canvas pixels; the image's 16 rows in the middle, 24 rows of white above and below
        // (less the gutters, white as well).
        Map<?, ?> r = (Map<?, ?>) js("const c = atlas.lenses.roam.plane.background[0].canvas, cell = 64;"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let band = 0, image = 0;"
                + "for (let y = 0; y < c.height; y++) { const inCell = y % cell, inImage = inCell >= 24 && inCell < 40;"
                + " for (let x = 0; x < c.width; x++) { const k = 4 * (y * c.width + x);"
                + "  if (d[k] < 255 || d[k + 1] < 255 || d[k + 2] < 255) inImage ? image++ : band++; } }"
                + "return {size: c.width + 'x' + c.height, band, image};");
        assertThat(r.get("size")).isEqualTo(15 * 64 + "x" + 15 * 64);
        assertThat(((Number) r.get("band")).intValue()).as("non-white pixels above and below the images").isZero();
        assertThat(((Number) r.get("image")).intValue()).as("ink in the images").isPositive();
        chrome.viewportScreenshot("roam-4x16-grid-1280");
    }

    @Test
    void theSamplesAreUnstretchedFourByFourOfThemInEachRowOfAnAboutSquareGrid() {
        element("#tab-generate").click();
        assertThat(attr("#lens-generate .samples", "aria-label")).startsWith("Grid of 4 by 16 decoded samples");
        Map<?, ?> r = (Map<?, ?>) js("const c = document.querySelector('#lens-generate .samples'), b = c.getBoundingClientRect();"
                + "const t = atlas.lenses.generate.state.tile;"
                + "return {cell: t.cellWidth / t.cellHeight, canvas: c.width / c.height, box: b.width / b.height};");
        assertThat(((Number) r.get("cell")).doubleValue()).as("each sample").isEqualTo(ASPECT);
        assertThat(((Number) r.get("box")).doubleValue()).as("the grid on screen as drawn")
                .isCloseTo(((Number) r.get("canvas")).doubleValue(), within(0.01));
        assertThat(((Number) r.get("canvas")).doubleValue()).as("about square").isBetween(0.8, 1.25);
        element("#lens-generate .samples").sendKeys(Keys.ARROW_DOWN);
        assertThat(content("#lens-generate .sample-live")).startsWith("Sample 5 of 64, row 2, column 1");
        chrome.viewportScreenshot("generate-4x16-1280");
    }

    @Test
    void aTallImageStandsInTheSquareASquareImageWouldFill() {
        ExplorerFixture tall = ExplorerFixture.digitsShaped(16, 4);
        try (ExplorerServer other = new ExplorerServer(tall.modelFile(), tall.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            Map<?, ?> live = (Map<?, ?>) js("const r = document.querySelector('#lens-roam .glyph-live').getBoundingClientRect();"
                    + "return {w: r.width, h: r.height};");
            assertThat(aspect("#lens-roam .glyph-live")).isCloseTo(0.25, within(0.02));
            assertThat(((Number) live.get("h")).doubleValue()).as("as tall as a square image's box is wide, no taller")
                    .isLessThanOrEqualTo(300);
            element("#tab-interpolate").click();
            Map<?, ?> cell = (Map<?, ?>) js("const f = document.querySelector('#lens-interpolate .strip-cell:nth-child(2)');"
                    + "const r = f.querySelector('canvas').getBoundingClientRect();"
                    + "return {h: r.height, cell: f.getBoundingClientRect().width};");
            assertThat(aspect("#lens-interpolate .strip-cell:nth-child(2) canvas")).isCloseTo(0.25, within(0.02));
            assertThat(((Number) cell.get("h")).doubleValue()).as("a strip image no taller than its cell is wide")
                    .isLessThanOrEqualTo(((Number) cell.get("cell")).doubleValue() + 0.5);
            assertThat(stripColumns()).as("the square layout").isEqualTo(13);
            element("#tab-generate").click();
            assertThat(attr("#lens-generate .samples", "aria-label")).startsWith("Grid of 16 by 4 decoded samples");
            chrome.viewportScreenshot("generate-16x4-1280");
        }
    }

    /** The content box's width over its height (the border is not the image's). */
    private double aspect(String css) {
        return ((Number) js("const c = document.querySelector(arguments[0]), r = c.getBoundingClientRect(),"
                + " s = getComputedStyle(c), px = v => parseFloat(s[v]) || 0;"
                + "return (r.width - px('borderLeftWidth') - px('borderRightWidth'))"
                + " / (r.height - px('borderTopWidth') - px('borderBottomWidth'));", css)).doubleValue();
    }

    private int stripColumns() {
        return ((String) js("return getComputedStyle(document.querySelector('#lens-interpolate .strip')).gridTemplateColumns"))
                .split(" ").length;
    }

    private void tapTestPointInView(int index) {
        js("atlas.lenses.roam.plane.canvas.scrollIntoView({block: 'center'})");
        tapTestPoint("roam", index);
        waitUntil(() -> index == intOrMinus1(attr("#lens-roam", "data-selected")));
    }
}
