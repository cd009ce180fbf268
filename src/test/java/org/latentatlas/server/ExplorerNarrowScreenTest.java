package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The explorer on a 390x844 phone in headless Chromium: what a finger does must show where the eyes are, and
 * nothing may sit on the plane or move it under the finger.
 */
@DisplayName("The explorer on a phone-sized screen in headless Chromium")
class ExplorerNarrowScreenTest extends ExplorerPageTestBase {
    @BeforeEach
    void onAPhone() {
        chrome.viewport(390, 844);
        open(address);
    }

    @Test
    void tappingADotShowsTheSelectionRightUnderThePlaneWithoutMovingIt() {
        WebElement plane = element("#lens-roam .plane canvas");
        js("arguments[0].scrollIntoView({block: 'center'})", plane);
        chrome.screenshot("roam-390-before-tap");
        Map<?, ?> before = planeBox();
        tapTestPoint("roam", 17);
        waitUntil(() -> 17 == intOrMinus1(attr("#lens-roam", "data-selected")));

        assertThat(planeBox()).as("the plane stays where the finger left it").isEqualTo(before);
        assertThat(js("return [...document.querySelectorAll('#lens-roam p')].filter(p => p.checkVisibility()"
                + " && p.textContent.includes('Test #17')).map(p => p.getBoundingClientRect())"
                + ".some(r => r.top >= 0 && r.bottom <= innerHeight)")).as("the selection is named on screen").isEqualTo(true);
        WebElement peek = element("#lens-roam .peek-body");
        assertThat(peek.isDisplayed()).isTrue();
        assertThat(inViewport(peek)).as("the selection's summary is on screen with the plane").isTrue();
        assertThat(text("#lens-roam .peek-title")).contains("Test #17 · class");
        assertThat(inkPixels("#lens-roam .peek-input")).as("input image ink").isPositive();
        assertThat(inkPixels("#lens-roam .peek-recon")).as("reconstruction ink").isPositive();
        assertThat(inViewport(element("#lens-roam .selection"))).as("the full panel is below the fold").isFalse();
        chrome.viewportScreenshot("roam-390-tapped");

        element("#lens-roam .peek-more").click();
        waitUntil(() -> inViewport(element("#lens-roam .selection-stats")));
        assertThat(js("return document.activeElement.classList.contains('selection')")).isEqualTo(true);
        chrome.viewportScreenshot("roam-390-selection-details");
    }

    @Test
    void aTapDecodesTheTappedZAndATapOnADotAlsoSelectsIt() {
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        // An empty spot: a tap is down and up with no move between, and must still decode there.
        java.util.List<?> spot = (java.util.List<?>) js("const p = atlas.lenses.roam.plane, c = p.canvas.getBoundingClientRect();"
                + "const {x, y, side} = p.plot; return [c.left + x + 0.85 * side, c.top + y + 0.15 * side];");
        double sx = ((Number) spot.get(0)).doubleValue(), sy = ((Number) spot.get(1)).doubleValue();
        tap(sx, sy);
        waitUntil(() -> !"0,0".equals(attr("#lens-roam .glyph-live", "data-z")));
        java.util.List<?> expected = (java.util.List<?>) js("const p = atlas.lenses.roam.plane, c = p.canvas.getBoundingClientRect();"
                + "return p.toZ(Math.round(arguments[0]) - c.left, Math.round(arguments[1]) - c.top);", sx, sy);
        assertDecodedAt(((Number) expected.get(0)).doubleValue(), ((Number) expected.get(1)).doubleValue());

        tapTestPoint("roam", 17);
        waitUntil(() -> 17 == intOrMinus1(attr("#lens-roam", "data-selected")));
        java.util.List<?> mu = (java.util.List<?>) js("const mu = atlas.points.splits.test.mu; return [mu[34], mu[35]];");
        waitUntil(() -> !attr("#lens-roam .glyph-live", "data-z").startsWith(String.valueOf(expected.get(0))));
        assertDecodedAt(((Number) mu.get(0)).doubleValue(), ((Number) mu.get(1)).doubleValue());
        assertThat(text("#lens-roam .zread-inset")).as("the preview's z by the plane").doesNotContain("0.00, 0.00");
        chrome.viewportScreenshot("roam-390-tap-decodes");
    }

    /** The decoded z is within a pixel or so of (z0, z1): a tap lands on a whole CSS pixel. */
    private void assertDecodedAt(double z0, double z1) {
        String[] shown = attr("#lens-roam .glyph-live", "data-z").split(",");
        double pixel = 1.5 / ((Number) js("return atlas.lenses.roam.plane.pxPerUnit")).doubleValue();
        assertThat(Double.parseDouble(shown[0])).as("decoded z₀").isCloseTo(z0, within(pixel));
        assertThat(Double.parseDouble(shown[1])).as("decoded z₁").isCloseTo(z1, within(pixel));
    }

    @Test
    void aFingerScrollsThePagePastThePlaneUntilATapHandsThePlaneTheFingers() {
        chrome.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 2));
        try {
            open(address);
            assertThat(text("#lens-roam .plane-card .caption")).contains("Tap the plane to roam it: a finger then decodes where"
                    + " it is, until a touch outside the plane scrolls the page again. Two fingers zoom and pan.");
            js("scrollTo(0, 100)");
            double[] middle = planePoint(0.6, 0.5);
            fingerDrag(middle, new double[] {middle[0], middle[1] - 100}, new double[] {middle[0], middle[1] - 200});
            waitUntil(() -> ((Number) js("return scrollY")).intValue() > 200);
            assertThat(attr("#lens-roam .glyph-live", "data-z")).as("nothing decoded on the way past").isEqualTo("0,0");
            assertThat(attr("#lens-roam", "data-selected")).as("nor selected").isNull();
            assertThat(content("#lens-roam .zoom-hint")).isEqualTo("Tap the plane to roam it with a finger");
            assertThat(element("#lens-roam .zoom-hint").getAttribute("class")).contains("shown");
            chrome.viewportScreenshot("roam-390-finger-scrolls-past");

            double[] at = planePoint(0.6, 0.5);
            tap(at[0], at[1]);
            waitUntil(() -> !"0,0".equals(attr("#lens-roam .glyph-live", "data-z")));
            assertThat(js("return atlas.lenses.roam.plane.fingers.captured")).as("the plane holds the fingers").isEqualTo(true);
            assertThat(frameRed()).as("red of the plot's frame: the accent's").isEqualTo(0x00);
            long scrolled = ((Number) js("return scrollY")).longValue();
            String tapped = attr("#lens-roam .glyph-live", "data-z");
            fingerDrag(at, new double[] {at[0] - 50, at[1] + 30}, new double[] {at[0] - 80, at[1] + 60});
            waitUntil(() -> !tapped.equals(attr("#lens-roam .glyph-live", "data-z")));
            assertThat(((Number) js("return scrollY")).longValue()).as("a finger on the plane roams it now").isEqualTo(scrolled);
            assertThat(Double.parseDouble(attr("#lens-roam .glyph-live", "data-z").split(",")[0]))
                    .as("decoded left of the tap").isLessThan(Double.parseDouble(tapped.split(",")[0]));
            chrome.viewportScreenshot("roam-390-finger-roams");

            double[] caption = box("#lens-roam .plane-card .caption");
            tap(caption[0] + 20, caption[1] + 10);
            assertThat(js("return atlas.lenses.roam.plane.fingers.captured")).as("after a touch outside the plane").isEqualTo(false);
            assertThat(frameRed()).as("the plot's frame grey again").isEqualTo(0xb5);
            double[] again = planePoint(0.6, 0.5);
            fingerDrag(again, new double[] {again[0], again[1] + 100}, new double[] {again[0], again[1] + 150});
            waitUntil(() -> ((Number) js("return scrollY")).longValue() < scrolled);
        } finally {
            chrome.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        }
    }

    @Test
    void aFingerScrollsThePagePastTheOtherPlanesAndATapStillPicks() {
        element("#tab-interpolate").click();
        js("scrollTo(0, 100)");
        java.util.List<?> r = (java.util.List<?>) js("const c = atlas.lenses.interpolate.plane.canvas.getBoundingClientRect();"
                + "return [c.left + 0.6 * c.width, c.top + 0.5 * c.height];");
        double x = ((Number) r.get(0)).doubleValue(), y = ((Number) r.get(1)).doubleValue();
        fingerDrag(new double[] {x, y}, new double[] {x, y - 100}, new double[] {x, y - 150});
        waitUntil(() -> ((Number) js("return scrollY")).intValue() > 150);
        assertThat(js("return atlas.lenses.interpolate.plane.fingers")).as("one finger has nothing to do there").isNull();
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-interpolate .plane canvas"));
        int a = interpolationPair()[0];
        tapTestPoint("interpolate", 200);
        waitUntil(() -> interpolationPair()[0] == 200);
        assertThat(interpolationPair()[0]).as("A, picked by a tap (it was %d)", a).isEqualTo(200);
    }

    /** A fraction of Roam's plot as a viewport point. */
    private double[] planePoint(double fx, double fy) {
        java.util.List<?> r = (java.util.List<?>) js("const p = atlas.lenses.roam.plane, c = p.canvas.getBoundingClientRect(),"
                + " {x, y, side} = p.plot; return [c.left + x + arguments[0] * side, c.top + y + arguments[1] * side];", fx, fy);
        return new double[] {((Number) r.get(0)).doubleValue(), ((Number) r.get(1)).doubleValue()};
    }

    private double[] box(String css) {
        java.util.List<?> r = (java.util.List<?>) js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + "return [r.left, r.top];", css);
        return new double[] {((Number) r.get(0)).doubleValue(), ((Number) r.get(1)).doubleValue()};
    }

    /** The red of Roam's plot frame, at the middle of its top edge, on the base canvas. */
    private int frameRed() {
        return ((Number) js("const p = atlas.lenses.roam.plane, {x, y, side} = p.plot, k = p.size.dpr;"
                + "return p.base.getContext('2d').getImageData(Math.round((x + side / 2) * k), Math.floor((y + 0.5) * k), 1, 1).data[0];"))
                .intValue();
    }

    @Test
    void thePeekHoldsItsSpaceBeforeAnySelectionAndIsNotShownOnAWideScreen() {
        double hint = ((Number) js("return document.querySelector('#lens-roam .peek').getBoundingClientRect().height"))
                .doubleValue();
        js("atlas.lenses.roam.select(17)");
        double selected = ((Number) js("return document.querySelector('#lens-roam .peek').getBoundingClientRect().height"))
                .doubleValue();
        assertThat(selected).as("peek height once selected").isEqualTo(hint);
        chrome.viewport(1280, 800);
        assertThat(element("#lens-roam .peek").isDisplayed()).isFalse();
        assertThat(element("#lens-roam .glyph-inset").isDisplayed()).isFalse();
    }

    @Test
    void theDecodedPreviewNeverCoversThePlot() {
        for (int width : new int[] {390, 600, 900}) {
            chrome.viewport(width, 844);
            waitUntil(() -> element("#lens-roam .glyph-inset").isDisplayed());
            Map<?, ?> r = (Map<?, ?>) js("const p = atlas.lenses.roam.plane; const c = p.canvas.getBoundingClientRect();"
                    + "const g = document.querySelector('#lens-roam .glyph-inset').getBoundingClientRect();"
                    + "const {x, y, side} = p.plot;"
                    + "return {overlap: g.left < c.left + x + side && g.right > c.left + x && g.top < c.top + y + side"
                    + " && g.bottom > c.top + y, gap: c.top - g.bottom, right: c.left + x + side - g.right};");
            assertThat(r.get("overlap")).as("preview over the plot at %d px", width).isEqualTo(false);
            // Just above the plane's canvas, whose top row holds the zoom buttons over the plot.
            assertThat(((Number) r.get("gap")).doubleValue()).as("preview just above the plane at %d px", width)
                    .isBetween(0.0, 40.0);
            js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
            assertThat(inViewport(element("#lens-roam .glyph-inset"))).as("preview on screen with the plane at %d px", width)
                    .isTrue();
        }
        pointAt(element("#lens-roam .plane canvas"), 0.8, 0.2, false);
        waitUntil(() -> inkPixels("#lens-roam .glyph-inset") > 0);
        chrome.viewportScreenshot("roam-900-inset");
    }

    @Test
    void aFingersTapOnASampleMarksItOnThePlaneAndTheHintSaysTap() {
        chrome.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 1));
        try {
            open(address);
            element("#tab-generate").click();
            WebElement grid = element("#lens-generate .samples");
            js("arguments[0].scrollIntoView({block: 'center'})", grid);
            java.util.List<?> r = (java.util.List<?>) js("const r = arguments[0].getBoundingClientRect();"
                    + "return [r.left, r.top, r.width, r.height];", grid);
            double x = ((Number) r.get(0)).doubleValue() + 3.5 / 8 * ((Number) r.get(2)).doubleValue();
            double y = ((Number) r.get(1)).doubleValue() + 2.5 / 8 * ((Number) r.get(3)).doubleValue();
            tap(x, y);
            chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "requestAnimationFrame(() => requestAnimationFrame(() => done()));");
            assertThat(((Number) js("return atlas.lenses.generate.state.hover")).intValue())
                    .as("marked on the plane after the finger lifts").isEqualTo(19);
            assertThat(element("#lens-generate .sample-focus").isDisplayed()).isTrue();
            assertThat(text("#lens-generate .plane-card .caption")).contains("Tap a sample").doesNotContain("Point at", "Hover", "hover");
            chrome.screenshot("generate-390-tapped");
        } finally {
            chrome.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        }
    }

    @Test
    void aMarkedSamplesCueUnderTheGridBringsItsMarkOnThePlaneIntoView() {
        element("#tab-generate").click();
        WebElement grid = element("#lens-generate .samples");
        js("arguments[0].scrollIntoView({block: 'center'})", grid);
        java.util.List<?> r = (java.util.List<?>) js("const r = arguments[0].getBoundingClientRect();"
                + "return [r.left, r.top, r.width, r.height];", grid);
        tap(((Number) r.get(0)).doubleValue() + 3.5 / 8 * ((Number) r.get(2)).doubleValue(),
                ((Number) r.get(1)).doubleValue() + 2.5 / 8 * ((Number) r.get(3)).doubleValue());
        waitUntil(() -> ((Number) js("return atlas.lenses.generate.state.pinned")).intValue() == 19);
        assertThat(markOnScreen()).as("the mark is below the fold, under the grid").isFalse();
        WebElement cue = element("#lens-generate .sample-cue");
        assertThat(inViewport(cue)).as("the cue is on screen with the grid").isTrue();
        assertThat(cue.getText()).contains("Sample 20 is marked on the plane below, at z = (");
        chrome.viewportScreenshot("generate-390-cue");

        element("#lens-generate .sample-cue-go").click();
        waitUntil(this::markOnScreen);
        chrome.viewportScreenshot("generate-390-cue-followed");
        chrome.viewport(1280, 800);
        assertThat(cue.isDisplayed()).as("beside the grid the plane needs no cue").isFalse();
    }

    @Test
    void aHotSampleOutsideTheFullViewIsBroughtIntoViewByTheCue() {
        element("#tab-generate").click();
        js("const t = document.querySelector('#lens-generate [name=temperature]'); t.value = 200;"
                + "t.dispatchEvent(new Event('input', {bubbles: true}));");
        // The first draw at τ = 2 beyond the full view's edge (seed 1 has several).
        int far = ((Number) js("const g = atlas.lenses.generate, e = g.plane.extent;"
                + "for (let k = 0; k < 64; k++) if (Math.max(Math.abs(g.state.z[2 * k]), Math.abs(g.state.z[2 * k + 1])) > e + 0.2) return k;"
                + "return -1;")).intValue();
        assertThat(far).as("a draw outside the full view").isNotNegative();
        WebElement grid = element("#lens-generate .samples");
        js("arguments[0].scrollIntoView({block: 'center'})", grid);
        java.util.List<?> r = (java.util.List<?>) js("const r = arguments[0].getBoundingClientRect();"
                + "return [r.left, r.top, r.width, r.height];", grid);
        tap(((Number) r.get(0)).doubleValue() + (far % 8 + 0.5) / 8 * ((Number) r.get(2)).doubleValue(),
                ((Number) r.get(1)).doubleValue() + (far / 8 + 0.5) / 8 * ((Number) r.get(3)).doubleValue());
        waitUntil(() -> ((Number) js("return atlas.lenses.generate.state.pinned")).intValue() == far);
        element("#lens-generate .sample-cue-go").click();
        waitUntil(this::markOnScreen);
        chrome.viewportScreenshot("generate-390-far-sample");
    }

    /** Whether the pinned sample's cross on Generate's plane is inside the viewport. */
    private boolean markOnScreen() {
        return (Boolean) js("const g = atlas.lenses.generate, k = g.state.pinned, p = g.plane;"
                + "const [x, y] = p.toPx(g.state.z[2 * k], g.state.z[2 * k + 1]), c = p.canvas.getBoundingClientRect();"
                + "return p.inPlot(x, y) && c.top + y >= 0 && c.top + y <= innerHeight;");
    }

    @Test
    void thePreviewAndItsZStandInForTheBigDecodedPanel() {
        assertThat(element("#lens-roam .side .glyph-live").isDisplayed()).as("the big decoded glyph").isFalse();
        assertThat(element("#lens-roam .side h2").isDisplayed()).as("'Decoded at the pointer'").isFalse();
        tapTestPoint("roam", 17);
        waitUntil(() -> 17 == intOrMinus1(attr("#lens-roam", "data-selected")));
        // A finger dragged across the plane decodes the z under it.
        java.util.List<?> r = (java.util.List<?>) js("const r = atlas.lenses.roam.plane.canvas.getBoundingClientRect();"
                + "return [r.left + 0.6 * r.width, r.top + 0.3 * r.height];");
        int x = ((Number) r.get(0)).intValue(), y = ((Number) r.get(1)).intValue();
        org.openqa.selenium.interactions.PointerInput finger = new org.openqa.selenium.interactions.PointerInput(
                org.openqa.selenium.interactions.PointerInput.Kind.TOUCH, "finger");
        org.openqa.selenium.interactions.Sequence drag = new org.openqa.selenium.interactions.Sequence(finger, 0);
        drag.addAction(finger.createPointerMove(java.time.Duration.ZERO,
                org.openqa.selenium.interactions.PointerInput.Origin.viewport(), x, y));
        drag.addAction(finger.createPointerDown(0));
        drag.addAction(finger.createPointerMove(java.time.Duration.ofMillis(50),
                org.openqa.selenium.interactions.PointerInput.Origin.viewport(), x + 20, y + 10));
        drag.addAction(finger.createPointerUp(0));
        chrome.driver.perform(java.util.List.of(drag));
        WebElement z = element("#lens-roam .zread-inset");
        waitUntil(() -> !z.getText().contains("0.00, 0.00"));
        assertThat(z.isDisplayed()).isTrue();
        assertThat(z.getText()).isEqualTo(((String) js("return document.querySelector('#lens-roam .zread').textContent")));
        assertThat(z.getText()).startsWith("z = (").doesNotContain("0.00, 0.00");
        assertThat(element("#lens-roam .side").getText()).as("the side panel starts with the selection").startsWith("Selected point");
        chrome.screenshot("roam-390-no-duplicate");
        chrome.viewport(1280, 800);
        assertThat(element("#lens-roam .side .glyph-live").isDisplayed()).isTrue();
        assertThat(z.isDisplayed()).isFalse();
    }

    @Test
    void theHeaderIsCompactWithEveryNumberInOneRow() {
        Map<?, ?> h = (Map<?, ?>) js("const top = s => document.querySelector(s).getBoundingClientRect().top;"
                + "return {height: document.querySelector('.masthead').getBoundingClientRect().height,"
                + " elbo: top('.metric-elbo dd'), recon: top('.metric-recon dd'), kl: top('.metric-kl dd'),"
                + " stderr: top('.metric-elbo .stderr'),"
                + " note: document.querySelector('#metrics-note').getBoundingClientRect().height};");
        // 150 before the numbers got their caption (per example, ELBO = −(recon + KL)) and the fixture's grayscale
        // Bernoulli its caveat: those three lines and no more.
        assertThat(((Number) h.get("height")).doubleValue()).as("header height").isLessThanOrEqualTo(185);
        double elbo = ((Number) h.get("elbo")).doubleValue();
        assertThat(((Number) h.get("recon")).doubleValue()).as("recon beside the ELBO").isCloseTo(elbo, within(1.0));
        assertThat(((Number) h.get("kl")).doubleValue()).as("KL beside the ELBO").isCloseTo(elbo, within(1.0));
        assertThat(((Number) h.get("stderr")).doubleValue()).as("± s.e. on the ELBO's line").isCloseTo(elbo, within(6.0));
        assertThat(text(".metric-elbo")).contains("−27.4 nats ± 0.4 s.e.", "(Bernoulli, x/16)");
        assertThat(text("#metrics-note")).isEqualTo("nats per test example; ELBO = −(recon + KL)");
        assertThat(((Number) h.get("note")).doubleValue()).as("the caption in one line").isLessThan(20);
        assertThat(text(".metric-recon")).contains("22.1 nats", "−log p(x | z)");
        assertThat(text(".metric-kl")).contains("5.3 nats");
        assertThat(element("#model-arch").isDisplayed()).as("the model's details folded").isFalse();
        chrome.viewportScreenshot("header-390");
        element(".model-more > summary").click();
        assertThat(element("#model-arch").isDisplayed()).isTrue();
        assertThat(text("#model-data")).contains("test 360 / train 1437 points");
        chrome.viewportScreenshot("header-390-details");
        chrome.viewport(1280, 800);
        waitUntil(() -> element("#model-arch").isDisplayed());
        assertThat(element(".model-more > summary").isDisplayed()).as("no summary on a wide screen").isFalse();
    }

    private Map<?, ?> planeBox() {
        return (Map<?, ?>) js("const r = document.querySelector('#lens-roam .plane canvas').getBoundingClientRect();"
                + "return {top: r.top, left: r.left, width: r.width, height: r.height, scroll: scrollY};");
    }
}
