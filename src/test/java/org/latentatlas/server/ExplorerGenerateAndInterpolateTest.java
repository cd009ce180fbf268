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

    /** The labels Interpolate's overlay writes on its plane, in drawing order, each with where it is centred. */
    private List<?> planeLabels() {
        return (List<?>) js("const p = atlas.lenses.interpolate.plane, proto = CanvasRenderingContext2D.prototype,"
                + " fill = proto.fillText, out = [];"
                + "proto.fillText = function (text, x, y) { if (this.canvas === p.canvas) out.push(text + ' @ '"
                + "  + Math.round(x) + ',' + Math.round(y)); return fill.apply(this, arguments); };"
                + "try { p.redraw(); } finally { proto.fillText = fill; }"
                + "return out.filter(t => !/^[−\\d.]+ @/.test(t));"); // the axes' numbers are the base's, not redrawn
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
        PointsJson.SplitPoints one = new PointsJson.SplitPoints(new float[] {0.4f, -0.2f}, new float[] {0.1f, 0.1f},
                new int[] {3}, new float[64]);
        ExplorerServer served = new ExplorerServer(fixture.modelFile(), PointsJson.build("digits", 8, 8,
                DigitsCsv.CLASS_NAMES, 2, Map.of("test", one)));
        open(served.start("127.0.0.1", 0));
        element("#tab-interpolate").click();
        return served;
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
