package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The explorer in a real headless Chromium against the fixture model: every lens is opened and used, the
 * page must change the way a person would see it change, the console must stay free of errors, and each
 * state is saved to target/screenshots/ for a human to look at.
 */
@DisplayName("The explorer page in headless Chromium")
class ExplorerBrowserTest extends ExplorerPageTestBase {
    @Test
    void theHeaderNamesTheModelAndItsTestElboWithTheBound() {
        String header = content(".masthead");
        assertThat(header).contains("VAE on digits", "64–48–24–[2]–24–48–64", "2-D latent", "Bernoulli decoder");
        assertThat(content(".metric-elbo")).contains("test ELBO", "−27.4 nats ± 0.4 s.e.", "(Bernoulli, x/16)");
        assertThat(attr(".metric-elbo .stderr", "title")).contains("standard error");
        // The fixture's digits are x/16, grayscale: a Bernoulli there is no normalized density, as train marks it.
        assertThat(text(".metric-elbo .caveat")).as("no density caveat for Bernoulli, the grayscale one")
                .isEqualTo("grayscale x: not normalized; compare, don't cite");
        assertThat(content(".metric-recon")).contains("22.1 nats");
        // What the CLI's "test ELBO −27.43 ± 0.41 nats/example = −(recon 22.08 + KL 5.35)" says, beside the numbers.
        assertThat(text("#metrics-note")).isEqualTo("nats per test example; ELBO = −(recon + KL)");
        assertThat(attr("#metrics-note", "title")).contains("mean over the test examples", "lower bound on log p(x)");
        assertThat(text(".metric-recon .term")).isEqualTo("−log p(x | z), a loss");
        assertThat(content("#model-protocol")).contains("How these numbers were measured", "pixels x/16 in [0,1]");
        assertThat(content("#model-data")).contains("digits · 8×8 images · 10 classes · test 360 / train 1437 points",
                "test sha256 " + fixture.split.test().sha256().substring(0, 12));
        assertThat(content(".metric-kl")).contains("5.3 nats");
        assertThat(chrome.driver.getTitle()).isEqualTo("Latent Atlas · VAE on digits");
        assertThat(chrome.driver.findElements(By.cssSelector("#lens-roam .legend button"))).hasSize(10);
        chrome.screenshot("roam-1280");
    }

    @Test
    void at1280x800TheWholePlaneIsAboveTheFold() {
        double bottom = ((Number) js("return document.querySelector('#lens-roam .plane').getBoundingClientRect().bottom"))
                .doubleValue();
        assertThat(bottom).isLessThanOrEqualTo(800);
        chrome.viewportScreenshot("roam-1280-first-screen");
    }

    @Test
    void pointingAtThePlaneDecodesThatZIntoTheLiveGlyph() {
        String before = attr("#lens-roam .glyph-live", "data-z");
        int[] start = inkHistogram("#lens-roam .glyph-live");
        pointAt(element("#lens-roam .plane canvas"), 0.65, 0.3, false);
        waitUntil(() -> !before.equals(attr("#lens-roam .glyph-live", "data-z")));

        double[] z = Arrays.stream(attr("#lens-roam .glyph-live", "data-z").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        assertThat(z[0]).as("z1 right of centre").isPositive();
        assertThat(z[1]).as("z2 above centre").isPositive();
        assertThat(text("#lens-roam .zread")).startsWith("z = (").doesNotContain("0.00, 0.00");
        assertThat(inkPixels("#lens-roam .glyph-live")).as("dark pixels in the live glyph").isPositive();
        assertThat(inkHistogram("#lens-roam .glyph-live")).as("glyph pixels").isNotEqualTo(start);
        chrome.viewportScreenshot("roam-hover-1280");
    }

    /** The big glyph's heading says where its z came from: live under the pointer, or kept after the pointer left. */
    @Test
    void theDecodedGlyphsHeadingSaysWhetherItsZIsLiveOrWhereThePointerLastWas() {
        assertThat(text("#lens-roam .live-head")).as("before any pointing").isEqualTo("Decoded at the prior's centre");
        pointAt(element("#lens-roam .plane canvas"), 0.65, 0.3, false);
        waitUntil(() -> !"0,0".equals(attr("#lens-roam .glyph-live", "data-z")));
        assertThat(text("#lens-roam .live-head")).isEqualTo("Decoded at the pointer");
        assertThat(attr("#lens-roam .glyph-live", "aria-label")).isEqualTo("Image decoded at the pointer");
        String z = attr("#lens-roam .glyph-live", "data-z");

        pointAt(element("#model-title"), 0.5, 0.5, false);
        waitUntil(() -> "Decoded at the last z pointed to".equals(text("#lens-roam .live-head")));
        assertThat(attr("#lens-roam .glyph-live", "data-z")).as("the glyph keeps that z").isEqualTo(z);
        assertThat(attr("#lens-roam .glyph-live", "aria-label")).isEqualTo("Image decoded at the last z pointed to");
        js("window.scrollTo(0, 0)");
        chrome.viewportScreenshot("roam-last-pointed-z-1280");
    }

    @Test
    void clickingAPointShowsItsPosteriorAndItsInputBesideItsReconstruction() {
        assertThat(element("#lens-roam .selection").isDisplayed()).isFalse();
        int target = 17;
        clickTestPoint("#lens-roam", "roam", target);
        waitUntil(() -> target == intOrMinus1(attr("#lens-roam", "data-selected")));

        assertThat(element("#lens-roam .selection").isDisplayed()).isTrue();
        assertThat(text("#lens-roam .selection-title")).contains("Test #17");
        assertThat(text("#lens-roam .selection-stats")).contains("μ = (", "σ = (");
        assertThat(inkPixels("#lens-roam .glyph-input")).as("input image ink").isPositive();
        assertThat(inkPixels("#lens-roam .glyph-recon")).as("reconstruction ink").isPositive();
        chrome.screenshot("roam-selected-1280");
    }

    @Test
    void theDecodedGridBackgroundDrawsTheDecoderUnderThePoints() {
        element("#lens-roam [name=grid]").click();
        waitUntil(() -> "ready".equals(attr("#lens-roam", "data-grid")));
        assertThat((Boolean) js("return atlas.lenses.roam.plane.background !== null")).isTrue();
        String alone = text("#lens-roam .plane-card .caption");
        element("#lens-roam [name=train]").click();
        assertThat(((Number) js("return atlas.lenses.roam.plane.layers.length")).intValue()).isEqualTo(2);
        assertThat(text("#lens-roam .plane-card .caption")).as("the train points shown are named with the test's")
                .startsWith("Each dot is an image's posterior mean μ, coloured by its class: the 360 test images' on top,"
                        + " the 1,437 train images' smaller and fainter beneath them; axes are in standard deviations of"
                        + " the prior N(0, I). Point anywhere to decode that z; click a test dot to select it.");
        chrome.screenshot("roam-grid-train-1280");
        element("#lens-roam [name=train]").click();
        assertThat(text("#lens-roam .plane-card .caption")).as("the train points hidden again").isEqualTo(alone)
                .startsWith("Each dot is a test image's posterior mean μ");
        element("#lens-roam [name=grid]").click();
        assertThat(attr("#lens-roam", "data-grid")).isEqualTo("off");
        assertThat((Boolean) js("return atlas.lenses.roam.plane.background === null")).isTrue();
    }

    @Test
    void theDecodedGridFillsInOverSeveralFramesAndAToggleOffCancelsIt() {
        // A zero budget is one row of glyphs per frame: how a slow 784-pixel decoder behaves.
        js("atlas.lenses.roam.state.gridBudgetMs = 0");
        try {
            element("#lens-roam [name=grid]").click();
            element("#lens-roam [name=grid]").click(); // off again while rows are still to come
            assertThat(attr("#lens-roam", "data-grid")).isEqualTo("off");
            chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "requestAnimationFrame(() => requestAnimationFrame(() => done()));"); // two frames pass
            assertThat((Boolean) js("return atlas.lenses.roam.plane.background === null"))
                    .as("a cancelled grid must not come back").isTrue();

            element("#lens-roam [name=grid]").click();
            waitUntil(() -> "ready".equals(attr("#lens-roam", "data-grid")));
            assertThat(((Number) js("return atlas.lenses.roam.state.gridFrames")).intValue())
                    .as("frames used for 15 rows at one row per frame").isEqualTo(15);
            assertThat((Boolean) js("return atlas.lenses.roam.plane.background !== null")).isTrue();
        } finally {
            js("atlas.lenses.roam.state.gridBudgetMs = 8");
            if ("ready".equals(attr("#lens-roam", "data-grid"))) {
                element("#lens-roam [name=grid]").click();
            }
        }
    }

    /**
     * A row of glyphs begun late in a frame overruns its budget: a 784-256-128-2 decoder's row takes 5 ms, and a second
     * one begun at 5 ms of 8 made 10, beside the points cache's 8, a 33 ms frame once a zoom rested. The grid begins
     * another row only where one as long as the last still fits, so rows of 6 ms in a budget of 8 come one a frame.
     */
    @Test
    void theDecodedGridBeginsNoRowThatWouldOverrunItsFrameBudget() {
        assertThat(((Number) js("return atlas.lenses.roam.state.gridBudgetMs")).intValue()).isEqualTo(8);
        // Each row's decode held to at least 6 ms, whatever the machine.
        js("const m = atlas.model, decode = m.decode; m.fastDecode = decode; m.decode = function (...args) {"
                + " const t = performance.now(); while (performance.now() - t < 6); return decode.apply(this, args); };");
        try {
            element("#lens-roam [name=grid]").click();
            waitUntil(() -> "ready".equals(attr("#lens-roam", "data-grid")));
            assertThat(((Number) js("return atlas.lenses.roam.state.gridFrames")).intValue())
                    .as("frames used for 15 rows of 6 ms in a budget of 8 ms").isEqualTo(15);
        } finally {
            js("atlas.model.decode = atlas.model.fastDecode; delete atlas.model.fastDecode");
        }
    }

    @Test
    void theLegendHidesAndShowsAClass() {
        WebElement three = chrome.driver.findElements(By.cssSelector("#lens-roam .legend button")).get(3);
        three.click();
        assertThat(three.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat((Boolean) js("return atlas.lenses.roam.plane.hiddenClasses.has(3)")).isTrue();
        three.click();
        assertThat((Boolean) js("return atlas.lenses.roam.plane.hiddenClasses.has(3)")).isFalse();
    }

    @Test
    void theArrowKeysMoveTheProbeForKeyboardUsers() {
        WebElement plane = element("#lens-roam .plane canvas");
        plane.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT, org.openqa.selenium.Keys.ARROW_RIGHT,
                org.openqa.selenium.Keys.ARROW_DOWN);
        double[] z = Arrays.stream(attr("#lens-roam .glyph-live", "data-z").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        assertThat(z[0]).isCloseTo(0.2, within(1e-9));
        assertThat(z[1]).isCloseTo(-0.1, within(1e-9));
    }

    @Test
    void interpolatingShowsAMorphStripAndPlayingMovesAlongIt() {
        element("#tab-interpolate").click();
        assertThat(element("#lens-interpolate").isDisplayed()).isTrue();
        List<WebElement> cells = chrome.driver.findElements(By.cssSelector("#lens-interpolate .strip canvas"));
        assertThat(cells).hasSize(13);
        for (int i = 0; i < cells.size(); i++) {
            assertThat(inkPixels("#lens-interpolate .strip-cell:nth-child(" + (i + 1) + ") canvas"))
                    .as("ink in strip image %d", i).isPositive();
        }
        Map<?, ?> pair = (Map<?, ?>) js("const s = document.getElementById('lens-interpolate').interpolate;"
                + "const l = atlas.points.splits.test.labels; return {a: l[s.a], b: l[s.b]};");
        assertThat(pair.get("a")).as("the default pair's classes differ").isNotEqualTo(pair.get("b"));
        chrome.screenshot("interpolate-1280");

        String t0 = attr("#lens-interpolate .glyph-live", "data-t");
        element("#lens-interpolate .play").click();
        waitUntil(() -> !t0.equals(attr("#lens-interpolate .glyph-live", "data-t")));
        assertThat(element("#lens-interpolate .play").getText()).isEqualTo("Pause");
        element("#lens-interpolate .play").click();
        assertThat(element("#lens-interpolate .play").getText()).isEqualTo("Play");

        int[] linear = inkHistogram("#lens-interpolate .strip-cell:nth-child(6) canvas");
        element("#lens-interpolate label:has([value=slerp])").click();
        assertThat((Boolean) js("return document.getElementById('lens-interpolate').interpolate.slerp")).isTrue();
        assertThat(inkHistogram("#lens-interpolate .strip-cell:nth-child(6) canvas"))
                .as("the midpoint moves when the path bends").isNotEqualTo(linear);

        String before = text("#lens-interpolate .pair");
        element("#lens-interpolate .random-pair").click();
        assertThat(text("#lens-interpolate .pair")).isNotEqualTo(before);
    }

    @Test
    void clickingTwoPointsOnTheSmallPlaneSetsTheInterpolationPair() {
        element("#tab-interpolate").click();
        clickTestPoint("#lens-interpolate", "interpolate", 3);
        clickTestPoint("#lens-interpolate", "interpolate", 200);
        assertThat(interpolationPair()).containsExactly(3, 200);
        assertThat(text("#lens-interpolate .pair")).contains("test #3", "test #200");
    }

    /**
     * Every place a class name is shown, checked in the page: [what, problem] for each box that runs past its
     * card, splits a word across lines (a range over the word has more than one box), or cuts the name short
     * without it whole in a title.
     */
    private static final String NAME_PROBLEMS = "const names = atlas.points.dataset.classNames, problems = [];"
            + "const shown = [...document.querySelectorAll('.legend button, .selection-title, .peek-title,"
            + " .strip-cell.endpoint figcaption, .pair')].filter(e => e.checkVisibility());"
            + "for (const e of shown) {"
            + " const what = e.className || e.parentElement.className, card = e.closest('.card').getBoundingClientRect();"
            + " const r = e.getBoundingClientRect(), name = names.find(n => e.textContent.includes(n));"
            + " if (r.right > card.right + 0.5 || r.left < card.left - 0.5) problems.push([what, 'runs past its card']);"
            + " if (name && !(e.title || '').includes(name)) problems.push([what, 'no title with ' + name]);"
            + " const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);"
            + " for (let t = walk.nextNode(); t; t = walk.nextNode()) for (const m of t.data.matchAll(/\\p{L}+/gu)) {"
            + "  const range = document.createRange(); range.setStart(t, m.index); range.setEnd(t, m.index + m[0].length);"
            + "  if (new Set([...range.getClientRects()].map(b => Math.round(b.top))).size > 1) problems.push([what, m[0] + ' split']); } }"
            + "return [shown.length, problems, document.documentElement.scrollWidth];";

    @Test
    @SuppressWarnings("unchecked")
    void longOneWordClassNamesWrapOnlyWhereTheirWordsMeetAndAreWholeInATitle() {
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add(List.of("Supercalifragilistic_long_label_name_", "PneumonoultramicroscopicsilicovolcanoconiosisClass",
                    "handwritten digit number ").get(c % 3) + c);
        }
        byte[] points = PointsJson.build("digits", 8, 8, names, 2, fixture.points);
        int[] labels = fixture.points.get("test").labels();
        int a = 0, b = 0; // A of a name joined by underscores, B of one long word and a capitalised one
        while (labels[a] % 3 != 0) {
            a++;
        }
        while (labels[b] % 3 != 1) {
            b++;
        }
        try (ExplorerServer other = new ExplorerServer(fixture.modelFile(), points)) {
            java.net.URI uri = other.start("127.0.0.1", 0);
            for (int width : new int[] {1280, 390}) {
                chrome.viewport(width, 844);
                open(address);
                double plane = ((Number) js("return document.querySelector('#lens-roam .plane').offsetWidth")).doubleValue();
                open(uri);
                assertThat(((Number) js("return document.querySelector('#lens-roam .plane').offsetWidth")).doubleValue())
                        .as("the plane beside a legend of long names at %d px", width).isGreaterThanOrEqualTo(0.9 * plane);
                js("atlas.lenses.roam.select(arguments[0])", b);
                List<Object> roam = (List<Object>) js(NAME_PROBLEMS);
                chrome.screenshot("roam-long-names-" + width);
                element("#tab-interpolate").click();
                js("atlas.lenses.interpolate.setPair(arguments[0], arguments[1])", a, b);
                List<Object> interpolate = (List<Object>) js(NAME_PROBLEMS);
                chrome.screenshot("interpolate-long-names-" + width);
                assertThat(((Number) roam.get(0)).intValue()).as("names shown in Roam").isGreaterThanOrEqualTo(width < 600 ? 12 : 11);
                assertThat(((Number) interpolate.get(0)).intValue()).as("names shown in Interpolate: its legend's 10, A, B and the pair")
                        .isEqualTo(13);
                assertThat((List<Object>) roam.get(1)).as("Roam at %d px", width).isEmpty();
                assertThat((List<Object>) interpolate.get(1)).as("Interpolate at %d px", width).isEmpty();
                assertThat(((Number) roam.get(2)).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(width);
                assertThat(text("#lens-interpolate .pair")).contains("test #" + a, "test #" + b);
            }
        }
    }

    @Test
    void resamplingDrawsNewSamplesWithTheNextSeed() {
        element("#tab-generate").click();
        assertThat(attr("#lens-generate .samples", "data-seed")).isEqualTo("1");
        int[] first = inkHistogram("#lens-generate .samples");
        assertThat(inkPixels("#lens-generate .samples")).isPositive();
        chrome.screenshot("generate-1280");

        element("#lens-generate .resample").click();
        assertThat(attr("#lens-generate .samples", "data-seed")).isEqualTo("2");
        assertThat(element("#lens-generate [name=seed]").getAttribute("value")).isEqualTo("2");
        assertThat(inkHistogram("#lens-generate .samples")).isNotEqualTo(first);
        assertThat(text("#lens-generate .sample-note")).contains("seed 2");
    }

    @Test
    void theSameSeedDrawsTheSameSamples() {
        showGenerate();
        String first = (String) js("return document.querySelector('#lens-generate .samples').toDataURL()");
        element("#lens-generate .resample").click();
        WebElement seed = element("#lens-generate [name=seed]");
        seed.clear();
        seed.sendKeys("1\n");
        waitUntil(() -> "1".equals(attr("#lens-generate .samples", "data-seed")));
        assertThat(js("return document.querySelector('#lens-generate .samples').toDataURL()")).isEqualTo(first);
    }

    @Test
    void theTabFollowsTheAddressFragment() {
        open(address.resolve("#generate"));
        assertThat(element("#lens-generate").isDisplayed()).isTrue();
        assertThat(element("#tab-generate").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(element("#lens-roam").isDisplayed()).isFalse();
    }

    @Test
    void onANarrowScreenThePanelsStack() {
        chrome.viewport(390, 844);
        open(address);
        Map<?, ?> r = (Map<?, ?>) js("const p = document.querySelector('#lens-roam .plane-card').getBoundingClientRect();"
                + "const s = document.querySelector('#lens-roam .side').getBoundingClientRect();"
                + "return {planeBottom: p.bottom, sideTop: s.top, planeWidth: p.width,"
                + " scrollWidth: document.documentElement.scrollWidth};");
        assertThat(((Number) r.get("sideTop")).doubleValue()).isGreaterThanOrEqualTo(((Number) r.get("planeBottom")).doubleValue());
        assertThat(((Number) r.get("planeWidth")).doubleValue()).isGreaterThan(300);
        assertThat(((Number) r.get("scrollWidth")).intValue()).as("no horizontal scrolling").isLessThanOrEqualTo(390);
        chrome.screenshot("roam-390");
        element("#tab-interpolate").click();
        chrome.screenshot("interpolate-390");
        element("#tab-generate").click();
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
        chrome.screenshot("generate-390");
    }

    @Test
    void hoveringASampleMarksItsZOnThePlane() {
        element("#tab-generate").click();
        assertThat(text("#lens-generate .plane-card .caption")).contains("Point at a sample").doesNotContain("Tap");
        pointAt(element("#lens-generate .samples"), 0.95, 0.95, false);
        waitUntil(() -> ((Number) js("return document.getElementById('lens-generate').generate.hover")).intValue() == 63);
        chrome.viewportScreenshot("generate-hover-1280");
    }

    @Test
    void theConsoleCheckWouldCatchAnError() {
        js("console.error('probe: the console check is live')");
        assertThat(chrome.severeLogs()).anySatisfy(entry -> assertThat(entry).contains("probe: the console check is live"));
    }
}
