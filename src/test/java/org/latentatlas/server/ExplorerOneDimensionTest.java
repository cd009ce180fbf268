package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The plane of a 1-D latent in headless Chromium: its points lie on z₀'s line and nothing up the plane is called a
 * dimension; above the line it shows the density of q(z), the test posteriors averaged, beside the prior's.
 */
@DisplayName("The explorer's plane of a 1-D latent")
class ExplorerOneDimensionTest extends ExplorerPageTestBase {
    @Override
    ExplorerFixture fixture() {
        return ExplorerFixture.digitsWithLatent(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void upThePlaneIsTheDensityOfQAndThePriorNotAnEmptyZ1() {
        List<String> texts = (List<String>) js("const p = atlas.lenses.roam.plane, texts = [], proto = CanvasRenderingContext2D.prototype,"
                + " fill = proto.fillText; proto.fillText = function (t, ...rest) { if (this.canvas === p.base) texts.push(t);"
                + " return fill.call(this, t, ...rest); };"
                + "try { p.redrawBase(); } finally { proto.fillText = fill; } return texts;");
        assertThat(texts).as("the base's words and numbers").contains("density (a 1-D latent has no z₁)", "z₀",
                "q(z): the test posteriors averaged", "p(z) = N(0, 1), the prior").doesNotContain("z₁");
        assertThat((List<?>) js("return atlas.lenses.roam.plane.tickLabels.filter(t => t.axis === 'y')")).as("y ticks").isEmpty();
        assertThat(text("#lens-roam .dims-note")).isEqualTo("A 1-D latent: the dots lie on z₀'s line; above it, the density"
                + " of q(z), the test images' posteriors averaged, beside the prior's, N(0, 1).");
        assertThat(text("#lens-roam .plane-card .caption")).as("no axis up the plane is in the prior's units")
                .startsWith("Each dot is a test image's posterior mean μ, coloured by its class; across, z in standard"
                        + " deviations of the prior N(0, 1); up, a density, not a dimension. Point anywhere to decode the z"
                        + " at the pointer's place across (its height does not matter); click a dot to select it.")
                .doesNotContain("N(0, I)", "axes");

        // The curves drawn, column by column, against the mixture and N(0, 1) at each column's middle.
        Map<String, Object> d = (Map<String, Object>) js("const c = atlas.lenses.roam.plane.densities;"
                + "return {x0: c.x0, x1: c.x1, q: Array.from(c.q), p: Array.from(c.p)};");
        List<Number> q = (List<Number>) d.get("q"), p = (List<Number>) d.get("p");
        double x0 = ((Number) d.get("x0")).doubleValue(), width = (((Number) d.get("x1")).doubleValue() - x0) / q.size();
        PointsJson.SplitPoints test = fixture.points.get("test");
        double peak = 0;
        for (int c = 0; c < q.size(); c++) {
            double x = x0 + (c + 0.5) * width, mixture = 0;
            for (int i = 0; i < test.count(); i++) {
                mixture += normal(x, test.mu()[i], test.sigma()[i]) / test.count();
            }
            peak = Math.max(peak, mixture);
            assertThat(q.get(c).doubleValue()).as("q(z) at z = %.3f", x).isCloseTo(mixture, within(0.01 * mixture + 1e-4));
            assertThat(p.get(c).doubleValue()).as("p(z) at z = %.3f", x).isCloseTo(normal(x, 0, 1), within(1e-3));
        }
        assertThat(peak).as("a curve to compare: q's highest column").isGreaterThan(0.1);

        // A hidden class leaves its share out of the curve: the mean over all points still divides it.
        double before = ((Number) js("return atlas.lenses.roam.plane.densities.q.reduce((s, v) => s + v, 0)")).doubleValue();
        element("#lens-roam .legend li:nth-child(1) button").click();
        double after = ((Number) js("return atlas.lenses.roam.plane.densities.q.reduce((s, v) => s + v, 0)")).doubleValue();
        long zeros = java.util.Arrays.stream(test.labels()).filter(l -> l == 0).count();
        assertThat(after / before).as("the share of the classes shown").isCloseTo(1 - (double) zeros / test.count(), within(0.01));
        chrome.viewportScreenshot("roam-latent1-density-1280");
    }

    @Test
    void theReadingsHaveOneNumberAndUpAndDownMoveNothing() {
        assertThat(content("#lens-roam .zread")).isEqualTo("z = 0.00");
        pointAt(element("#lens-roam .plane canvas"), 0.7, 0.3, false);
        waitUntil(() -> !"0,0".equals(attr("#lens-roam .glyph-live", "data-z")));
        String[] z = attr("#lens-roam .glyph-live", "data-z").split(",");
        assertThat(Double.parseDouble(z[0])).isPositive();
        assertThat(Double.parseDouble(z[1])).as("a pointer above the line decodes the z on it").isZero();
        assertThat(content("#lens-roam .zread")).isEqualTo("z = " + num(Double.parseDouble(z[0])));

        WebElement plane = element("#lens-roam .plane canvas");
        plane.sendKeys(Keys.ARROW_UP, Keys.ARROW_UP, Keys.ARROW_LEFT);
        assertThat(attr("#lens-roam .glyph-live", "data-z")).as("one step left, none up")
                .isEqualTo(js("return String(arguments[0] - 0.1) + ',0'", Double.parseDouble(z[0])));

        js("atlas.lenses.roam.select(17)");
        PointsJson.SplitPoints test = fixture.points.get("test");
        assertThat(text("#lens-roam .selection-stats")).startsWith("μ = " + num(test.mu()[17]) + " · σ = " + num(test.sigma()[17]));
        element("#tab-generate").click();
        element("#lens-generate .samples").sendKeys(Keys.ARROW_RIGHT);
        assertThat(content("#lens-generate .sample-live")).matches("Sample 2 of 64, row 1, column 2, at z = −?\\d+\\.\\d\\d");
        assertThat(text("#lens-generate .plane-card .caption")).startsWith("Crosses are the draws, on the line of the encoded test set");
        chrome.viewportScreenshot("generate-latent1-1280");
    }

    @Test
    void theLineOfPointsStaysAFifthOfTheWayUpThroughZoomsAndDrags() {
        assertThat(((Number) js("const p = atlas.lenses.roam.plane; return (p.yPx(0) - p.plot.y) / p.plot.side")).doubleValue())
                .as("at first").isCloseTo(0.8, within(1e-9));
        WebElement plane = element("#lens-roam .plane canvas");
        plane.sendKeys("+", "+");
        waitUntil(() -> ((Number) js("return atlas.lenses.roam.plane.zoom")).doubleValue() > 3.99);
        js("arguments[0].scrollIntoView({block: 'center'})", plane);
        List<?> at = (List<?>) js("const p = atlas.lenses.roam.plane, c = p.canvas.getBoundingClientRect(), {x, y, side} = p.plot;"
                + "return [c.left + x + side / 2, c.top + y + side / 2];");
        int cx = ((Number) at.get(0)).intValue(), cy = ((Number) at.get(1)).intValue();
        new org.openqa.selenium.interactions.Actions(chrome.driver).moveToLocation(cx, cy).clickAndHold()
                .moveToLocation(cx + 30, cy + 10).moveToLocation(cx + 60, cy + 80).release().perform();
        Map<?, ?> r = (Map<?, ?>) js("const p = atlas.lenses.roam.plane, {y, side} = p.plot;"
                + "return {line: (p.yPx(0) - y) / side, cx: p.view.cx};");
        assertThat(((Number) r.get("cx")).doubleValue()).as("dragged across").isNegative();
        assertThat(((Number) r.get("line")).doubleValue()).as("the line's place, from the plot's top").isCloseTo(0.8, within(1e-9));
        element("#lens-roam .zoom-level").click();
        waitUntil(() -> "true".equals(attr("#lens-roam .zoom-level", "aria-disabled")));
        chrome.viewport(390, 844);
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        chrome.viewportScreenshot("roam-latent1-390");
    }

    private static double normal(double x, double mean, double sd) {
        double u = (x - mean) / sd;
        return Math.exp(-0.5 * u * u) / (sd * Math.sqrt(2 * Math.PI));
    }

    @Test
    void slerpIsOffForOneDimensionWithItsReason() {
        element("#tab-interpolate").click();
        WebElement slerp = element("#lens-interpolate [name=path][value=slerp]");
        assertThat(slerp.isEnabled()).as("slerp between two numbers").isFalse();
        assertThat(element("#lens-interpolate .slerp-choice").getAttribute("title")).contains("1-D latent");
        assertThat(element("#lens-interpolate [name=path][value=linear]").isSelected()).isTrue();
        assertThat(text("#lens-interpolate .dims-note")).endsWith("Slerp is off: between two numbers its path is the straight line.");
        chrome.screenshot("interpolate-1d-slerp-off");
    }

    /**
     * A 1-D posterior's σ is an interval along z₀: the μ dot between whiskers on the line, never a ring reaching up
     * into the density, and the words say interval; Generate's draws are from N(0, 1), as Roam names the prior.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPosteriorIsAnIntervalOnTheLineAndThePriorIsNOf0And1() {
        assertThat(text("#lens-roam .selection-hint")).contains("±1σ interval").doesNotContain("ring");
        assertThat(text("#lens-roam .draw-hint")).contains("±1σ interval").doesNotContain("ring");
        js("atlas.lenses.roam.select(17)");
        List<Number> radii = (List<Number>) js("const p = atlas.lenses.roam.plane, radii = [],"
                + " proto = CanvasRenderingContext2D.prototype, ellipse = proto.ellipse;"
                + " proto.ellipse = function (x, y, rx, ...rest) { if (this.canvas === p.canvas) radii.push(rx);"
                + " return ellipse.call(this, x, y, rx, ...rest); }; try { p.redraw(); } finally { proto.ellipse = ellipse; }"
                + " return radii;");
        assertThat(radii).as("the rings drawn: the pointer's alone, none around the posterior")
                .extracting(Number::doubleValue).containsExactly(6.0);
        Map<String, Object> at = (Map<String, Object>) js("const p = atlas.lenses.roam.plane, t = atlas.points.splits.test,"
                + " [px, py] = p.toPx(...p.at(t.mu, 17)), r = t.sigma[17] * p.pxPerUnit, dpr = p.size.dpr,"
                + " ctx = p.canvas.getContext('2d'), rgb = (x, y) => Array.from(ctx.getImageData(Math.round(x * dpr),"
                + " Math.round(y * dpr), 1, 1).data.slice(0, 3));"
                + " return {r, whisker: rgb(px + r, py - 5), other: rgb(px - r, py + 5)};");
        assertThat(((Number) at.get("r")).doubleValue()).as("σ on screen, px").isGreaterThan(4);
        for (String end : List.of("whisker", "other")) {
            assertThat((List<Number>) at.get(end)).as("the %s end's whisker, off the line", end)
                    .extracting(Number::intValue).satisfiesExactly(c -> assertThat(c).isLessThan(70),
                            c -> assertThat(c).isLessThan(70), c -> assertThat(c).isLessThan(80));
        }
        chrome.screenshot("roam-latent1-interval");
        // A σ of a few thousandths, as trained encoders give: a few pixels at full view.
        js("atlas.points.splits.test.sigma[17] = 0.004; atlas.lenses.roam.select(17)");
        assertThat(text("#lens-roam .selection-stats")).as("σ a few pixels wide")
                .contains("the ±1σ interval is only a few pixels wide at this zoom").doesNotContain("ring");
        element("#tab-generate").click();
        assertThat(text("#lens-generate .sample-note")).startsWith("64 draws z ~ N(0, 1), seed 1,").doesNotContain("I)");
    }

    /**
     * Without data points there is no q(z) to draw, no dots and no test set: the density key and the captions name
     * what is drawn, the prior and the draws, and no flat line at zero stands in for the posteriors averaged.
     */
    @Test
    @SuppressWarnings("unchecked")
    void withoutDataPointsOnlyThePriorIsDrawnAboveTheLineAndTheCaptionsSaySo() {
        byte[] none = PointsJson.withoutPoints("digits", 8, 8, org.latentatlas.data.DigitsCsv.CLASS_NAMES, 1,
                "left out of this export on purpose");
        try (ExplorerServer bare = new ExplorerServer(fixture.modelFile(), none)) {
            open(bare.start("127.0.0.1", 0));
            List<String> texts = (List<String>) js("const p = atlas.lenses.roam.plane, texts = [], proto = CanvasRenderingContext2D.prototype,"
                    + " fill = proto.fillText; proto.fillText = function (t, ...rest) { if (this.canvas === p.base) texts.push(t);"
                    + " return fill.call(this, t, ...rest); };"
                    + "try { p.redrawBase(); } finally { proto.fillText = fill; } return texts;");
            assertThat(texts).as("the base's words").contains("p(z) = N(0, 1), the prior")
                    .as("the prior is a density up the plane").contains("density (a 1-D latent has no z₁)")
                    .doesNotContain("q(z): the test posteriors averaged");
            assertThat(js("return atlas.lenses.roam.plane.densities.q")).as("no q(z) curve").isNull();
            assertThat(text("#lens-roam .dims-note")).isEqualTo("A 1-D latent: z₀ runs across; above it, the density of"
                    + " the prior p(z) = N(0, 1) (without data points there is no q(z) to draw beside it).");
            chrome.screenshot("roam-latent1-no-points");
            element("#tab-generate").click();
            assertThat(text("#lens-generate .plane-card .caption")).startsWith("Crosses are the draws, on z₀'s line (a"
                    + " 1-D latent): the curve above it is the prior p(z) = N(0, 1) they are drawn from.")
                    .doesNotContain("test set", "posteriors averaged");
            assertThat(js("return atlas.lenses.generate.plane.densities.q")).as("no q(z) curve").isNull();
            chrome.screenshot("generate-latent1-no-points");
        }
    }

    /** A number as the page writes it: two decimals, a real minus sign. */
    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s.replace('-', '−');
    }
}
