package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Inputs that must not do something other than what was asked: keys, a typed seed, a repeated click. */
@DisplayName("The explorer's keyboard and typed inputs in headless Chromium")
class ExplorerInputTest extends ExplorerPageTestBase {
    @Test
    void enterOnThePlaneSelectsTheTestPointNearestTheProbeAndSpaceDoesNotScroll() {
        // Move the probe onto test point 17 the way a keyboard user would see it: through the page's own state.
        js("const r = atlas.lenses.roam; const mu = atlas.points.splits.test.mu; r.show([mu[34], mu[35]]);");
        WebElement plane = element("#lens-roam .plane canvas");
        plane.sendKeys(Keys.ENTER);
        waitUntil(() -> attr("#lens-roam", "data-selected") != null);
        assertThat(intOrMinus1(attr("#lens-roam", "data-selected"))).isEqualTo(17);

        Number scroll = (Number) js("return window.scrollY");
        plane.sendKeys(Keys.SPACE);
        assertThat(((Number) js("return window.scrollY")).intValue()).isEqualTo(scroll.intValue());
        assertThat(intOrMinus1(attr("#lens-roam", "data-selected"))).isEqualTo(17);
    }

    @Test
    void everyPlaneTellsAScreenReaderWhichKeysItTakes() {
        for (String lens : new String[] {"roam", "interpolate", "generate"}) {
            assertThat(attr("#lens-" + lens + " .plane canvas", "aria-label")).as(lens)
                    .contains("Keys + and − zoom, 0 shows the full view");
        }
        assertThat(attr("#lens-roam .plane canvas", "aria-label")).contains("arrow keys", "Enter selects");
        assertThat(attr("#lens-interpolate .plane canvas", "aria-label")).contains("arrow keys", "Enter");
    }

    /** Tab follows the screen: the zoom buttons above a plane come before the plane itself, and still take clicks. */
    @Test
    void tabReachesTheZoomButtonsAboveEachPlaneBeforeThePlane() {
        for (String lens : new String[] {"roam", "interpolate", "generate"}) {
            element("#tab-" + lens).click();
            WebElement in = element("#lens-" + lens + " .zoom-bar [aria-label='Zoom in (key +)']");
            WebElement plane = element("#lens-" + lens + " .plane canvas");
            js("arguments[0].focus()", in);
            int tabs = 0;
            while (!plane.equals(js("return document.activeElement")) && tabs < 6) {
                assertThat((Boolean) js("return document.activeElement.closest('.zoom-bar') !== null"))
                        .as("%s: focus after %d tabs from +, still on the zoom bar", lens, tabs).isTrue();
                new org.openqa.selenium.interactions.Actions(chrome.driver).sendKeys(Keys.TAB).perform();
                tabs++;
            }
            assertThat(js("return document.activeElement")).as("%s: the plane, after its zoom buttons", lens).isEqualTo(plane);
            if (lens.equals("roam")) {
                chrome.screenshot("tab-order-plane-after-zoom");
            }
            in.click();
            waitUntil(() -> ((Number) js("return atlas.lenses[arguments[0]].plane.zoom", lens)).doubleValue() > 1.01);
        }
    }

    @Test
    void homeAndEndOnTheTabBarGoToTheFirstAndLastTab() {
        element("#tab-roam").sendKeys(Keys.END);
        assertThat(attr("#tab-generate", "aria-selected")).isEqualTo("true");
        assertThat(js("return document.activeElement.id")).isEqualTo("tab-generate");
        assertThat(element("#lens-generate").isDisplayed()).isTrue();
        element("#tab-generate").sendKeys(Keys.HOME);
        assertThat(attr("#tab-roam", "aria-selected")).isEqualTo("true");
        assertThat(js("return document.activeElement.id")).isEqualTo("tab-roam");
        element("#tab-roam").sendKeys(Keys.ARROW_LEFT); // the arrows wrap around
        assertThat(js("return document.activeElement.id")).isEqualTo("tab-generate");
    }

    @Test
    void aSeedThatIsNotAWholeNumberIsRefusedAndTheSamplesStay() {
        showGenerate();
        String samples = (String) js("return document.querySelector('#lens-generate .samples').toDataURL()");
        WebElement seed = element("#lens-generate [name=seed]");
        seed.clear();
        seed.sendKeys("-5\n");
        waitUntil(() -> "-5".equals(attr("#lens-generate", "data-seed-refused")));

        assertThat(attr("#lens-generate .samples", "data-seed")).isEqualTo("1");
        assertThat(text("#lens-generate .sample-note")).contains("must be a whole number from 0 to 4294967295, got '-5'");
        assertThat(js("return document.querySelector('#lens-generate .samples').toDataURL()")).isEqualTo(samples);
    }

    @Test
    void interpolatesEndpointsArePickedWithTheArrowKeysAndEnter() {
        element("#tab-interpolate").click();
        WebElement plane = element("#lens-interpolate .plane canvas");
        assertThat(plane.getAttribute("tabindex")).isEqualTo("0");
        String nearest = "const p = atlas.lenses.interpolate.plane; return p.nearest(...p.toPx(arguments[0], arguments[1]), Infinity);";
        int a = ((Number) js(nearest, 1.0, 0.0)).intValue(), b = ((Number) js(nearest, -1.0, 0.0)).intValue();
        for (int k = 0; k < 10; k++) {
            plane.sendKeys(Keys.ARROW_RIGHT);
        }
        plane.sendKeys(Keys.ENTER);
        assertThat(interpolationPair()[0]).as("A, the point nearest z = (1, 0)").isEqualTo(a);
        assertThat(text("#lens-interpolate .pick-hint")).isEqualTo("Next pick sets B.");
        for (int k = 0; k < 20; k++) {
            plane.sendKeys(Keys.ARROW_LEFT);
        }
        Number scroll = (Number) js("return window.scrollY");
        plane.sendKeys(Keys.SPACE);
        assertThat(interpolationPair()).as("B, the point nearest z = (-1, 0)").containsExactly(a, b);
        assertThat(((Number) js("return window.scrollY")).intValue()).isEqualTo(scroll.intValue());
        assertThat(js("return getComputedStyle(arguments[0]).outlineStyle", plane)).as("focus ring").isEqualTo("solid");
        assertThat(plane.getAttribute("aria-label")).contains("arrow keys", "Enter");
        chrome.viewportScreenshot("interpolate-keyboard-1280");
    }

    @Test
    void theSamplesGridIsReachedWithTabAndWalkedWithTheArrowKeys() {
        element("#tab-generate").click();
        element("#lens-generate .resample").sendKeys(Keys.TAB);
        WebElement grid = element("#lens-generate .samples");
        assertThat(js("return document.activeElement === arguments[0]", grid)).as("Tab reaches the grid").isEqualTo(true);
        assertThat(grid.getAttribute("aria-label")).contains("arrow keys", "Enter");
        assertThat(js("return getComputedStyle(arguments[0]).outlineStyle", grid)).as("focus ring").isEqualTo("solid");
        assertThat(element("#lens-generate .sample-focus").isDisplayed()).as("the current sample is outlined").isTrue();
        grid.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_DOWN);
        assertThat(((Number) js("return atlas.lenses.generate.state.hover")).intValue()).isEqualTo(10);
        assertThat(content("#lens-generate .sample-live")).startsWith("Sample 11 of 64, row 2, column 3, at z = (");
        grid.sendKeys(Keys.ENTER);
        assertThat(((Number) js("return atlas.lenses.generate.state.pinned")).intValue()).isEqualTo(10);
        chrome.viewportScreenshot("generate-keyboard-1280");
        grid.sendKeys(Keys.END);
        assertThat(((Number) js("return atlas.lenses.generate.state.hover")).intValue()).isEqualTo(63);
        grid.sendKeys(Keys.TAB); // focus moves on: the pinned sample stays marked
        assertThat(((Number) js("return atlas.lenses.generate.state.hover")).intValue()).isEqualTo(10);
    }

    @Test
    void clickingThePointOfAAgainDoesNotMakeItBToo() {
        element("#tab-interpolate").click();
        clickTestPoint("#lens-interpolate", "interpolate", 3);
        clickTestPoint("#lens-interpolate", "interpolate", 3);
        clickTestPoint("#lens-interpolate", "interpolate", 200);
        assertThat(interpolationPair()).containsExactly(3, 200);
    }
}
