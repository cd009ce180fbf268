package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The planes of a latent space wider than two: a 5-D fixture whose classes lie in z₃ (across, the most KL) and z₁
 * (up), so the page must not show z₀ and z₁, and a picker chooses any other pair for every plane at once.
 */
@DisplayName("The explorer's planes over more than two latent dimensions")
class ExplorerDimensionsTest extends ExplorerPageTestBase {
    private static final int DIMS = 5;

    @Override
    ExplorerFixture fixture() {
        return ExplorerFixture.digitsInDimensions(DIMS, 3, 1);
    }

    @Test
    void thePlanesShowTheTwoDimensionsCarryingTheMostKlAndSaySo() {
        double[] kl = fixture.testKlPerDimension();
        assertThat(kl[3]).as("the fixture: z₃ carries the most KL, then z₁").isGreaterThan(kl[1]);
        assertThat(kl[1]).isGreaterThan(Arrays.stream(new double[] {kl[0], kl[2], kl[4]}).max().orElseThrow());
        List<?> pageKl = (List<?>) js("return Array.from(atlas.dims.score)");
        for (int j = 0; j < DIMS; j++) {
            assertThat(((Number) pageKl.get(j)).doubleValue()).as("KL of z%d", j).isCloseTo(kl[j], within(1e-9));
        }
        for (String lens : List.of("roam", "interpolate", "generate")) {
            assertThat(planeDims(lens)).as("%s's plane", lens).containsExactly(3, 1);
        }
        String most = "Showing z₃ and z₁ of 5 dimensions: the two carrying the most KL, " + nats(kl[3]) + " and "
                + nats(kl[1]) + " nats; ";
        assertThat(text("#lens-roam .dims-note")).isEqualTo(most + "the decoder gets 0 for the other 3.");
        assertThat(content("#lens-roam .zread")).isEqualTo("(z₃, z₁) = (0.00, 0.00)");
        assertThat(new org.openqa.selenium.support.ui.Select(element("#lens-roam [name=dim-x]")).getOptions())
                .extracting(WebElement::getText)
                .containsExactly(option(0, kl), option(1, kl), option(2, kl), option(3, kl), option(4, kl));
        assertThat(element("#lens-roam [name=dim-x]").getAttribute("value")).isEqualTo("3");
        assertThat(element("#lens-roam [name=dim-y]").getAttribute("value")).isEqualTo("1");
        chrome.viewportScreenshot("roam-latent5-most-kl-1280");
        element("#tab-interpolate").click();
        assertThat(text("#lens-interpolate .dims-note")).isEqualTo(most + "the path runs through all of them.");
        assertThat(element("#lens-interpolate [name=dim-x]").getAttribute("value")).isEqualTo("3");
        chrome.viewportScreenshot("interpolate-latent5-most-kl-1280");
    }

    @Test
    void anotherPairPickedWithTheKeyboardIsDecodedWithTheOtherDimensionsAtZero() {
        WebElement across = element("#lens-roam [name=dim-x]");
        across.sendKeys(Keys.ARROW_UP); // z₃ -> z₂, as a keyboard changes a closed select
        waitUntil(() -> planeDims("roam").equals(List.of(2, 1)));
        assertThat(planeDims("interpolate")).as("every plane shows the pair").containsExactly(2, 1);
        assertThat(planeDims("generate")).containsExactly(2, 1);
        assertThat(element("#lens-interpolate [name=dim-x]").getAttribute("value")).isEqualTo("2");
        assertThat(text("#lens-roam .dims-note")).startsWith("Showing z₂ and z₁ of 5 dimensions, carrying ")
                .contains("(the most: z₃ and z₁, ");

        String before = attr("#lens-roam .glyph-live", "data-z");
        pointAt(element("#lens-roam .plane canvas"), 0.3, 0.7, false);
        waitUntil(() -> !before.equals(attr("#lens-roam .glyph-live", "data-z")));
        double[] pair = Arrays.stream(attr("#lens-roam .glyph-live", "data-z").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        float[] z = new float[DIMS];
        z[2] = (float) pair[0];
        z[1] = (float) pair[1];
        float[] expected = fixture.decode(z);
        // Each image pixel is a square of device pixels: its red, read at the square's middle.
        List<?> shown = (List<?>) js("const c = document.querySelector('#lens-roam .glyph-live'), k = c.width / 8;"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "return Array.from({length: 64}, (_, p) => d[4 * ((Math.floor(p / 8) * k + k / 2 | 0) * c.width + (p % 8) * k + k / 2 | 0)]);");
        for (int p = 0; p < expected.length; p++) {
            // The glyph's red channel is 255 - 238 p (paper to ink), rounded to a byte.
            double ink = (255 - ((Number) shown.get(p)).doubleValue()) / 238;
            assertThat(ink).as("pixel %d of decode(z₂ = %.3f, z₁ = %.3f, others 0)", p, pair[0], pair[1])
                    .isCloseTo(expected[p], within(0.006));
        }
        assertThat(content("#lens-roam .zread")).startsWith("(z₂, z₁) = (");
    }

    @Test
    void theZUnderThePointerIsReadInTheNewPairAndASwapDecodesTheSameImage() {
        pointAt(element("#lens-roam .plane canvas"), 0.7, 0.3, false);
        waitUntil(() -> !"0,0".equals(attr("#lens-roam .glyph-live", "data-z")));
        double[] z31 = decodedZ(); // (z₃, z₁)
        assertThat(z31[0]).isPositive();
        assertThat(z31[1]).isPositive();

        WebElement across = element("#lens-roam [name=dim-x]");
        across.sendKeys(Keys.ARROW_UP); // z₃ -> z₂: the pointer's z had z₂ = 0 and keeps its z₁
        waitUntil(() -> planeDims("roam").equals(List.of(2, 1)));
        assertThat(decodedZ()).as("(z₂, z₁) of the z decoded before").containsExactly(0, z31[1]);
        assertThat(content("#lens-roam .zread")).isEqualTo("(z₂, z₁) = (0.00, " + num(z31[1]) + ")");

        int[] image = inkHistogram("#lens-roam .glyph-live");
        across.sendKeys(Keys.ARROW_UP); // z₂ -> z₁, the y axis's: the two swap
        waitUntil(() -> planeDims("roam").equals(List.of(1, 2)));
        assertThat(decodedZ()).as("(z₁, z₂): the same z, its numbers swapped").containsExactly(z31[1], 0);
        assertThat(inkHistogram("#lens-roam .glyph-live")).as("the same image").isEqualTo(image);
        chrome.viewportScreenshot("roam-latent5-pointer-carried-1280");
    }

    /** The pair of numbers Roam's big glyph was decoded at. */
    private double[] decodedZ() {
        return Arrays.stream(attr("#lens-roam .glyph-live", "data-z").split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void aSelectedPosteriorIsDrawnAndFramedInThePickedDimensions() {
        clickTestPoint("#lens-roam", "roam", 17);
        waitUntil(() -> 17 == intOrMinus1(attr("#lens-roam", "data-selected")));
        pick("#lens-roam", "dim-y", 4);
        waitUntil(() -> planeDims("roam").equals(List.of(3, 4)));
        PointsJson.SplitPoints test = fixture.points.get("test");
        float mx = test.mu()[17 * DIMS + 3], my = test.mu()[17 * DIMS + 4];
        assertThat(text("#lens-roam .selection-stats")).startsWith("μ = (" + num(mx) + ", " + num(my) + ") · σ = ("
                + num(test.sigma()[17 * DIMS + 3]) + ", " + num(test.sigma()[17 * DIMS + 4]) + ") (z₃, z₄ of 5 dimensions)");

        element("#lens-roam .zoom-bar [aria-label^='Zoom to the posterior']").click();
        chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 450)");
        Map<?, ?> view = (Map<?, ?>) js("return atlas.lenses.roam.plane.view");
        assertThat(((Number) view.get("cx")).doubleValue()).as("framed on μ₃").isCloseTo(mx, within(1e-6));
        assertThat(((Number) view.get("cy")).doubleValue()).as("framed on μ₄").isCloseTo(my, within(1e-6));
        // The μ dot, in the class's colour, is where μ₃, μ₄ is: the middle of the framed view.
        String centre = (String) chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/palette.js').then(({classColour}) => { const p = atlas.lenses.roam.plane;"
                + " const [x, y] = p.toPx(p.view.cx, p.view.cy), k = p.size.dpr;"
                + " const d = p.canvas.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data;"
                + " const hex = '#' + Array.from(d.slice(0, 3), v => v.toString(16).padStart(2, '0')).join('');"
                + " done(hex + ' ' + classColour(atlas.points.splits.test.labels[17]).toLowerCase()); });");
        assertThat(centre.split(" ")[0]).as("the plane's pixel at μ, and the class colour").isEqualTo(centre.split(" ")[1]);
        chrome.viewportScreenshot("roam-latent5-posterior-z3-z4-1280");
    }

    @Test
    void pickingForOneAxisTheOthersDimensionSwapsThemAndEveryLensFollows() {
        element("#tab-interpolate").click();
        pick("#lens-interpolate", "dim-x", 1);
        waitUntil(() -> planeDims("interpolate").equals(List.of(1, 3)));
        assertThat(element("#lens-roam [name=dim-x]").getAttribute("value")).isEqualTo("1");
        assertThat(element("#lens-roam [name=dim-y]").getAttribute("value")).isEqualTo("3");
        int[] ab = interpolationPair();
        Map<?, ?> a = (Map<?, ?>) js("const p = atlas.lenses.interpolate.plane, t = atlas.points.splits.test;"
                + "const [x, y] = p.at(t.mu, arguments[0] * t.latentDim); return {x, y};", ab[0]);
        assertThat(((Number) a.get("x")).doubleValue()).as("A across: its μ₁")
                .isCloseTo(fixture.points.get("test").mu()[ab[0] * DIMS + 1], within(1e-6));
        assertThat(((Number) a.get("y")).doubleValue()).as("A up: its μ₃")
                .isCloseTo(fixture.points.get("test").mu()[ab[0] * DIMS + 3], within(1e-6));
        chrome.viewportScreenshot("interpolate-latent5-z1-z3-1280");

        element("#tab-generate").click();
        assertThat(text("#lens-generate .plane-card .caption"))
                .startsWith("Crosses are the draws' z₁ and z₃ over the encoded test set, the dimensions chosen on the Roam"
                        + " and Interpolate planes.");
        element("#lens-generate .samples").sendKeys(Keys.ARROW_RIGHT); // focus marks the first sample, the key the next
        List<?> z = (List<?>) js("return Array.from(atlas.lenses.generate.state.z.subarray(5, 10))");
        assertThat(content("#lens-generate .sample-live")).contains("at (z₁, z₃) = ("
                + num(((Number) z.get(1)).doubleValue()) + ", " + num(((Number) z.get(3)).doubleValue()) + ")");
        chrome.screenshot("generate-latent5-z1-z3-1280");
    }

    @Test
    void onAPhoneThePickerFitsAndTheReadingOfZHasALineOfItsOwn() {
        chrome.viewport(390, 844);
        waitUntil(() -> ((Number) js("return document.documentElement.scrollWidth")).intValue() <= 390);
        for (String css : List.of("#lens-roam [name=dim-x]", "#lens-roam [name=dim-y]")) {
            assertThat(element(css).isDisplayed()).isTrue();
            assertThat(((Number) js("return arguments[0].getBoundingClientRect().right", element(css))).doubleValue())
                    .as("%s inside the screen", css).isLessThanOrEqualTo(390);
        }
        Map<?, ?> r = (Map<?, ?>) js("const box = s => document.querySelector(s).getBoundingClientRect();"
                + "const h = box('#lens-roam .plane-card h2'), z = box('#lens-roam .zread-inset'),"
                + " g = box('#lens-roam .glyph-inset'), x = box('#lens-roam .dim-picker');"
                + "return {zTop: z.top, hBottom: h.bottom, zRight: z.right, gLeft: g.left, xTop: x.top, zBottom: z.bottom};");
        assertThat(num(r, "zTop")).as("the z reading under the heading").isGreaterThanOrEqualTo(num(r, "hBottom"));
        assertThat(num(r, "zRight")).as("beside the preview, not on it").isLessThanOrEqualTo(num(r, "gLeft"));
        assertThat(num(r, "xTop")).as("the picker under the z reading").isGreaterThanOrEqualTo(num(r, "zBottom"));
        chrome.viewportScreenshot("roam-latent5-390");
    }

    @Test
    void aTwoDimensionalModelHasNoPickerAndShowsZ0AcrossAndZ1Up() {
        ExplorerFixture flat = ExplorerFixture.digits();
        try (ExplorerServer other = new ExplorerServer(flat.modelFile(), flat.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            for (String lens : List.of("roam", "interpolate", "generate")) {
                assertThat(planeDims(lens)).containsExactly(0, 1);
            }
            assertThat(chrome.driver.findElements(By.cssSelector(".dim-picker select"))).isEmpty();
            assertThat(element("#lens-roam .dim-picker").isDisplayed()).isFalse();
            assertThat(content("#lens-roam .dims-note")).isEmpty();
            assertThat(content("#lens-roam .zread")).isEqualTo("z = (0.00, 0.00)");
        }
    }

    /**
     * Without data points (export --no-points, or serve without the model's data) no dimension's KL can be measured,
     * and the model file records only their sum: the planes show z₀ and z₁, say why, and the pickers list every
     * dimension by name alone, with no "KL 0.00" that would read as dimensions the encoder ignores.
     */
    @Test
    void withoutDataPointsNoDimensionIsRankedOrScoredAndThePageSaysWhy() {
        byte[] none = PointsJson.withoutPoints("digits", 8, 8, org.latentatlas.data.DigitsCsv.CLASS_NAMES, DIMS,
                "left out of this export on purpose");
        try (ExplorerServer bare = new ExplorerServer(fixture.modelFile(), none)) {
            open(bare.start("127.0.0.1", 0));
            String why = "Showing z₀ and z₁ of 5 dimensions, the first two: without data points the KL each dimension"
                    + " carries cannot be measured, so none is ranked; ";
            assertThat(text("#lens-roam .dims-note")).isEqualTo(why + "the decoder gets 0 for the other 3.");
            assertThat(new org.openqa.selenium.support.ui.Select(element("#lens-roam [name=dim-x]")).getOptions())
                    .extracting(WebElement::getText).containsExactly("z₀", "z₁", "z₂", "z₃", "z₄");
            assertThat(attr("#lens-roam .dim-picker", "title")).contains("cannot be measured").doesNotContain("nats");
            assertThat(planeDims("roam")).containsExactly(0, 1);
            chrome.viewportScreenshot("roam-latent5-no-points-1280");
            pick("#lens-roam", "dim-y", 4);
            assertThat(text("#lens-roam .dims-note")).isEqualTo("Showing z₀ and z₄ of 5 dimensions: without data"
                    + " points the KL each dimension carries cannot be measured, so none is ranked; the decoder gets 0"
                    + " for the other 3.");
            element("#tab-generate").click();
            assertThat(text("#lens-generate .plane-card .caption")).as("no test set to draw over, no Interpolate plane")
                    .startsWith("Crosses are the draws' z₀ and z₄, the dimensions chosen on the Roam plane (no data"
                            + " points here).").doesNotContain("test set", "Interpolate");
            chrome.screenshot("generate-latent5-no-points");
            element("#tab-roam").click();
            chrome.viewport(400, 844);
            chrome.viewportScreenshot("roam-latent5-no-points-400");
        }
    }

    private List<Integer> planeDims(String lens) {
        return ((List<?>) js("return Array.from(atlas.lenses[arguments[0]].plane.dims)", lens)).stream()
                .map(o -> ((Number) o).intValue()).toList();
    }

    /** Picks a dimension in a lens's picker as a person's choice would: the value, then its change event. */
    private void pick(String lens, String name, int dim) {
        new org.openqa.selenium.support.ui.Select(element(lens + " [name=" + name + "]")).selectByValue(String.valueOf(dim));
    }

    private static String option(int j, double[] kl) {
        return "z" + (char) ('₀' + j) + " · KL " + nats(kl[j]);
    }

    private static String nats(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A number as the page writes it: two decimals, a real minus sign. */
    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s.replace('-', '−');
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
