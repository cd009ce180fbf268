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
        element("#tab-generate").click();
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
    void clickingThePointOfAAgainDoesNotMakeItBToo() {
        element("#tab-interpolate").click();
        clickTestPoint("#lens-interpolate", "interpolate", 3);
        clickTestPoint("#lens-interpolate", "interpolate", 3);
        clickTestPoint("#lens-interpolate", "interpolate", 200);
        assertThat(interpolationPair()).containsExactly(3, 200);
    }
}
