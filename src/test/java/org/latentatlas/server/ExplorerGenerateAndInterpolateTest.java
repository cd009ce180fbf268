package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
}
