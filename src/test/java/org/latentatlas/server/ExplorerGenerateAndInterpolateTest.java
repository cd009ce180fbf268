package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the Generate and Interpolate lenses say about what they show, in headless Chromium. */
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
}
