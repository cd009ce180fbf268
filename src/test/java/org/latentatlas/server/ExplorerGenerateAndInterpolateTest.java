package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.data.DigitsCsv;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What the Generate and Interpolate lenses say about what they show, in headless Chromium (slerp for a 1-D latent:
 * ExplorerOneDimensionTest).
 */
@DisplayName("The explorer's Generate and Interpolate lenses name what they show")
class ExplorerGenerateAndInterpolateTest extends ExplorerPageTestBase {
    private void temperature(int percent) {
        js("const t = document.querySelector('#lens-generate [name=temperature]'); t.value = arguments[0];"
                + "t.dispatchEvent(new Event('input', {bubbles: true}));", percent);
    }

    @Test
    void theSamplesTitleSaysTheyAreTemperedAwayFromTauOne() {
        element("#tab-generate").click();
        assertThat(text("#lens-generate .samples-head")).isEqualTo("Samples from the prior");
        temperature(200);
        assertThat(text("#lens-generate .samples-head")).isEqualTo("Samples from the prior, tempered to τ = 2.00");
        assertThat(text("#lens-generate .sample-note")).contains("z ~ N(0, 4.00·I)");
        chrome.screenshot("generate-tempered-title");
        temperature(100);
        assertThat(text("#lens-generate .samples-head")).isEqualTo("Samples from the prior");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"interpolate", "generate"})
    void eachLensPlaneHasAClassLegendThatHidesItsOwnPoints(String lens) {
        element("#tab-" + lens).click();
        List<WebElement> buttons = chrome.driver.findElements(By.cssSelector("#lens-" + lens + " .legend button"));
        assertThat(buttons).as("a button a class").hasSize(10);
        assertThat(buttons.get(3).getText()).isEqualTo("3");
        assertThat(buttons.get(3).isDisplayed()).isTrue();
        buttons.get(3).click();
        assertThat(buttons.get(3).getAttribute("aria-pressed")).isEqualTo("false");
        assertThat((Boolean) js("return atlas.lenses[arguments[0]].plane.hiddenClasses.has(3)", lens)).isTrue();
        assertThat((Boolean) js("return atlas.lenses.roam.plane.hiddenClasses.has(3)")).as("Roam's own legend").isFalse();
        chrome.screenshot(lens + "-legend");
    }

    /** Faded dots beside full-colour swatches matched the wrong class: 7's black at 0.35 reads as 8's grey. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"roam", "interpolate", "generate"})
    void theLegendSwatchesAreFadedAsTheTestPointsAre(String lens) {
        element("#tab-" + lens).click();
        double dots = ((Number) js("const p = atlas.lenses[arguments[0]].plane;"
                + " return p.layers.find(l => l.labels === atlas.points.splits.test.labels).alpha ?? 1", lens))
                .doubleValue();
        for (WebElement swatch : chrome.driver.findElements(By.cssSelector("#lens-" + lens + " .legend .swatch"))) {
            assertThat(Double.parseDouble((String) js("return getComputedStyle(arguments[0]).opacity", swatch)))
                    .isCloseTo(dots, within(1e-6));
        }
        if (!lens.equals("roam")) {
            assertThat(dots).as("the test points are a backdrop here").isLessThan(0.6);
        }
    }

    @Test
    void slerpIsOfferedForMoreThanOneDimension() {
        element("#tab-interpolate").click();
        assertThat(element("#lens-interpolate [name=path][value=slerp]").isEnabled()).isTrue();
        assertThat(text("#lens-interpolate .dims-note")).doesNotContain("Slerp");
    }

    @Test
    void interpolateSaysWhenAAndBAreTheSamePointAndWhatToDoInstead() {
        element("#tab-interpolate").click();
        assertThat(element("#lens-interpolate .ends-note").isDisplayed()).as("a note, A and B apart").isFalse();
        int b = ((Number) js("return atlas.lenses.interpolate.state.b")).intValue();
        clickTestPoint("#lens-interpolate", "interpolate", b); // the first pick sets A: to B's point
        assertThat(js("const s = atlas.lenses.interpolate.state; return s.a === s.b")).as("A picked at B").isEqualTo(true);
        assertThat(text("#lens-interpolate .ends-note")).isEqualTo("A and B are the same point: the path runs from it to"
                + " itself, one image throughout. Pick another dot, or press Random pair.");
        chrome.screenshot("interpolate-same-point");
        element("#lens-interpolate .random-pair").click();
        assertThat(element("#lens-interpolate .ends-note").isDisplayed()).as("a note, a random pair").isFalse();
    }

    /**
     * The labels Interpolate's overlay writes on its plane, in drawing order: text, where it is centred (x, y), and the
     * box its ink and white halo cover (left, top, right, bottom), in the plane's CSS pixels.
     */
    private List<Map<?, ?>> planeLabelBoxes() {
        List<?> labels = (List<?>) js("const p = atlas.lenses.interpolate.plane, proto = CanvasRenderingContext2D.prototype,"
                + " fill = proto.fillText, out = [];"
                + "proto.fillText = function (text, x, y) {"
                + "  if (this.canvas === p.canvas) {"
                + "    const m = this.measureText(text), halo = this.lineWidth / 2;"
                + "    out.push({text, x, y, left: x - m.actualBoundingBoxLeft - halo, top: y - m.actualBoundingBoxAscent - halo,"
                + "      right: x + m.actualBoundingBoxRight + halo, bottom: y + m.actualBoundingBoxDescent + halo});"
                + "  }"
                + "  return fill.apply(this, arguments); };"
                + "try { p.redraw(); } finally { proto.fillText = fill; }"
                + "return out.filter(l => !/^[−\\d.]+$/.test(l.text));"); // the axes' numbers are the base's, not redrawn
        return labels.stream().<Map<?, ?>>map(l -> (Map<?, ?>) l).toList();
    }

    /** The labels Interpolate's overlay writes on its plane, in drawing order, each with where it is centred. */
    private List<String> planeLabels() {
        return planeLabelBoxes().stream().map(l -> l.get("text") + " @ " + Math.round(dbl(l, "x")) + ","
                + Math.round(dbl(l, "y"))).toList();
    }

    private static double dbl(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void whenAAndBAreOnePointThePlaneNamesItAEqualsBOnceWhereBWouldCoverA() {
        element("#tab-interpolate").click();
        assertThat(planeLabels()).as("A and B apart").hasSize(2).allMatch(l -> l.toString().matches("[AB] @ .*"));
        int b = ((Number) js("return atlas.lenses.interpolate.state.b")).intValue();
        clickTestPoint("#lens-interpolate", "interpolate", b);
        assertThat(js("const s = atlas.lenses.interpolate.state; return s.a === s.b")).as("A picked at B").isEqualTo(true);
        List<?> labels = planeLabels();
        assertThat(labels).as("one label for both ends, not B's over A's").hasSize(1);
        assertThat(labels.get(0).toString()).startsWith("A = B @ ");
        chrome.screenshot("interpolate-a-equals-b-label");
    }

    /** Serves the fixture's model with a test set of one code and opens it; the caller closes the server. */
    private ExplorerServer openWithOneTestCode() throws IOException {
        return openWithTestCodes(new float[] {0.4f, -0.2f}, 3);
    }

    /**
     * Serves the fixture's model with these test codes (count, 2), σ 0.1 and blank images, and opens Interpolate; the
     * caller closes the server.
     */
    private ExplorerServer openWithTestCodes(float[] mu, int... labels) throws IOException {
        float[] sigma = new float[mu.length];
        java.util.Arrays.fill(sigma, 0.1f);
        PointsJson.SplitPoints codes = new PointsJson.SplitPoints(mu, sigma, labels, new float[64 * labels.length]);
        ExplorerServer served = new ExplorerServer(fixture.modelFile(), PointsJson.build("digits", 8, 8,
                DigitsCsv.CLASS_NAMES, 2, Map.of("test", codes)));
        open(served.start("127.0.0.1", 0));
        element("#tab-interpolate").click();
        return served;
    }

    /**
     * Two codes of other classes a few pixels apart on the plane, or at one pixel (as two codes of a larger latent can be
     * in its 2-D view): their labels, drawn up and right of each dot alike, were one over the other. Each stays clear
     * of the other label and the other dot, and nearer its own dot.
     */
    @ParameterizedTest(name = "B at A + ({0}, {1})")
    @org.junit.jupiter.params.provider.CsvSource({"0.05, 0.05", "0.0001, 0", "-0.2, 0.1", "0.2, 0.2", "0, -0.15"})
    void labelsOfNearbyEndsDoNotOverlapEachOtherOrTheOtherDot(float dx, float dy) throws IOException {
        try (ExplorerServer served = openWithTestCodes(new float[] {0.4f, -0.2f, 0.4f + dx, -0.2f + dy}, 3, 5)) {
            List<?> dots = (List<?>) js("const l = atlas.lenses.interpolate, p = l.plane, t = atlas.points.splits.test;"
                    + "return [l.state.a, l.state.b].map(i => p.toPx(...p.at(t.mu, 2 * i)));");
            double[] a = xy(dots.get(0)), b = xy(dots.get(1));
            assertThat(Math.hypot(b[0] - a[0], b[1] - a[1])).as("dots on screen, px apart").isLessThan(20);
            List<Map<?, ?>> labels = planeLabelBoxes();
            chrome.screenshot("interpolate-near-ends-" + dx + "-" + dy);
            assertThat(labels.stream().map(l -> String.valueOf(l.get("text")))).containsExactly("A", "B");
            Map<?, ?> la = labels.get(0), lb = labels.get(1);
            assertThat(dbl(la, "right") <= dbl(lb, "left") || dbl(lb, "right") <= dbl(la, "left")
                    || dbl(la, "bottom") <= dbl(lb, "top") || dbl(lb, "bottom") <= dbl(la, "top"))
                    .as("A's label %s apart from B's %s", la, lb).isTrue();
            assertThat(gap(la, b)).as("A's label from B's dot (r 6, rim 1)").isGreaterThanOrEqualTo(7);
            assertThat(gap(lb, a)).as("B's label from A's dot").isGreaterThanOrEqualTo(7);
            if (Math.hypot(b[0] - a[0], b[1] - a[1]) >= 1) { // apart on screen: which label names which dot
                assertThat(gap(la, a)).as("A's label nearer A than B").isLessThan(gap(la, b));
                assertThat(gap(lb, b)).as("B's label nearer B than A").isLessThan(gap(lb, a));
            }
        }
    }

    private static double[] xy(Object point) {
        List<?> p = (List<?>) point;
        return new double[] {((Number) p.get(0)).doubleValue(), ((Number) p.get(1)).doubleValue()};
    }

    /** How far a label's box is from a point: 0 where it covers it. */
    private static double gap(Map<?, ?> label, double[] p) {
        double dx = Math.max(0, Math.max(dbl(label, "left") - p[0], p[0] - dbl(label, "right")));
        double dy = Math.max(0, Math.max(dbl(label, "top") - p[1], p[1] - dbl(label, "bottom")));
        return Math.hypot(dx, dy);
    }

    /** Where "click a dot to set A, then another for B" was, with no other dot to click. */
    @Test
    void withOneTestCodeInterpolatesHintSaysThereIsNoOtherDotAndPointsToRoam() throws IOException {
        String hint = "The test set has one code, so A and B are both it and there is no other dot to pick: the path runs"
                + " from it to itself, one image throughout. Roam decodes any point of the plane instead.";
        try (ExplorerServer served = openWithOneTestCode()) {
            assertThat(text("#lens-interpolate .pick-hint")).isEqualTo(hint);
            assertThat(element("#lens-interpolate .ends-note").isDisplayed()).as("a second note saying it again").isFalse();
            clickTestPoint("#lens-interpolate", "interpolate", 0);
            assertThat(text("#lens-interpolate .pick-hint")).as("after a click on the dot, not \"Next pick sets B\"")
                    .isEqualTo(hint);
            chrome.screenshot("interpolate-one-code-hint");
        }
    }

    @Test
    void withOneTestCodeRandomPairIsOffAndSaysWhy() throws IOException {
        assertThat(attr("#lens-interpolate .random-pair", "aria-disabled")).as("many codes").isNotEqualTo("true");
        try (ExplorerServer served = openWithOneTestCode()) {
            assertThat(attr("#lens-interpolate .random-pair", "aria-disabled")).isEqualTo("true");
            assertThat(attr("#lens-interpolate .random-pair", "title"))
                    .isEqualTo("The test set has one code: there is no other pair to pick");
            chrome.screenshot("interpolate-one-code");
        }
    }
}
