package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.interactions.WheelInput;

/**
 * Zooming the latent plane in headless Chromium: the wheel about the pointer, the keys and buttons, two
 * fingers, the zoom to a posterior; and through it all the plane stays in z units: what is decoded, picked and
 * drawn under a pixel is the z that pixel stands for.
 */
@DisplayName("Zooming the explorer's latent plane in headless Chromium")
class ExplorerZoomTest extends ExplorerPageTestBase {
    private static final String ROAM = "const p = atlas.lenses.roam.plane;";

    private double zoom(String lens) {
        return ((Number) js("return atlas.lenses[arguments[0]].plane.zoom", lens)).doubleValue();
    }

    /** Viewport coordinates of a fraction of the roam plot's side. */
    private int[] plotPoint(double fx, double fy) {
        List<?> r = (List<?>) js(ROAM + "const c = p.canvas.getBoundingClientRect(), {x, y, side} = p.plot;"
                + "return [c.left + x + arguments[0] * side, c.top + y + arguments[1] * side];", fx, fy);
        return new int[] {(int) Math.round(((Number) r.get(0)).doubleValue()), (int) Math.round(((Number) r.get(1)).doubleValue())};
    }

    /** The z a viewport point of the roam plane stands for now. */
    private double[] zAt(int[] viewport) {
        List<?> z = (List<?>) js(ROAM + "const c = p.canvas.getBoundingClientRect();"
                + "return p.toZ(arguments[0] - c.left, arguments[1] - c.top);", viewport[0], viewport[1]);
        return new double[] {((Number) z.get(0)).doubleValue(), ((Number) z.get(1)).doubleValue()};
    }

    private void twoFrames() {
        chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    }

    private void wheel(int[] at, int deltaY) {
        new Actions(chrome.driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromViewport(at[0], at[1]), 0, deltaY).perform();
    }

    private boolean wheelHintShown() {
        return (Boolean) js("return document.querySelector('#lens-roam .zoom-hint').classList.contains('shown')");
    }

    @Test
    void aPlainWheelScrollsThePagePastThePlaneAndSaysHowToZoom() {
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        js("scrollBy(0, -100)"); // room to scroll both ways
        int[] middle = plotPoint(0.5, 0.5);
        long top = ((Number) js("return scrollY")).longValue();
        assertThat(wheelHintShown()).isFalse();
        wheel(middle, 120);
        waitUntil(() -> ((Number) js("return scrollY")).longValue() > top);
        assertThat(zoom("roam")).as("scrolling the page past the plane does not zoom it").isEqualTo(1.0);
        assertThat(wheelHintShown()).as("the hint on how to zoom").isTrue();
        assertThat(content("#lens-roam .zoom-hint")).isEqualTo("Ctrl + scroll to zoom, or click the plane first");
        chrome.viewportScreenshot("roam-wheel-hint-1280");
        waitUntil(() -> !wheelHintShown()); // it fades by itself

        // Ctrl (what a trackpad's pinch sends) zooms about the pointer; a notch of a mouse wheel about 1.2×.
        int[] at = plotPoint(0.5, 0.5);
        long scrolled = ((Number) js("return scrollY")).longValue();
        new Actions(chrome.driver).keyDown(Keys.CONTROL).scrollFromOrigin(WheelInput.ScrollOrigin.fromViewport(at[0], at[1]), 0, -100)
                .keyUp(Keys.CONTROL).perform();
        waitUntil(() -> zoom("roam") > 1);
        assertThat(zoom("roam")).as("one notch with Ctrl").isCloseTo(Math.exp(0.2), within(1e-6));
        assertThat(((Number) js("return scrollY")).longValue()).as("no page scroll under a zoom").isEqualTo(scrolled);

        // Once the plane is clicked the wheel alone zooms, until the pointer leaves the plane.
        new Actions(chrome.driver).moveToLocation(at[0], at[1]).click().perform();
        wheel(at, -100);
        waitUntil(() -> zoom("roam") > 1.3);
        assertThat(((Number) js("return scrollY")).longValue()).isEqualTo(scrolled);
        double zoomed = zoom("roam");
        new Actions(chrome.driver).moveToLocation(5, 5).moveToLocation(at[0], at[1]).perform();
        wheel(at, 120);
        waitUntil(() -> ((Number) js("return scrollY")).longValue() > scrolled);
        assertThat(zoom("roam")).as("after the pointer left and came back").isEqualTo(zoomed);
    }

    @Test
    void ctrlAndTheWheelOverTheAxesOrTheButtonsZoomThePlaneAndNeverThePage() {
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        js("scrollBy(0, -100)");
        // What the page sees of each wheel event once the plane has had it: a default not prevented is the browser's
        // page zoom (Ctrl) or scroll.
        js("window.wheels = []; addEventListener('wheel', e => wheels.push(e.defaultPrevented));");
        List<?> edges = (List<?>) js(ROAM + "const c = p.canvas.getBoundingClientRect(), {x, y, side} = p.plot;"
                + "return [c.left + x, c.top + y + side];");
        int left = (int) Math.round(((Number) edges.get(0)).doubleValue());
        int bottom = (int) Math.round(((Number) edges.get(1)).doubleValue());
        int[] overYTicks = {left - 20, plotPoint(0.5, 0.3)[1]}, overXTicks = {plotPoint(0.7, 0.5)[0], bottom + 12};

        double[] before = zAt(new int[] {left, overYTicks[1]});
        ctrlWheel(overYTicks, -100);
        assertThat(zoom("roam")).as("Ctrl + wheel over the y axis's ticks").isCloseTo(Math.exp(0.2), within(1e-6));
        assertThat(zAt(new int[] {left, overYTicks[1]})[1]).as("the y tick beside the pointer keeps its place")
                .isCloseTo(before[1], within(1e-6));
        before = zAt(new int[] {overXTicks[0], bottom});
        ctrlWheel(overXTicks, -100);
        assertThat(zoom("roam")).as("and over the x axis's").isCloseTo(Math.exp(0.4), within(1e-6));
        assertThat(zAt(new int[] {overXTicks[0], bottom})[0]).isCloseTo(before[0], within(1e-6));
        WebElement in = element("#lens-roam .zoom-bar button");
        List<?> button = (List<?>) js("const r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];", in);
        ctrlWheel(new int[] {((Number) button.get(0)).intValue(), ((Number) button.get(1)).intValue()}, -100);
        assertThat(zoom("roam")).as("and over the zoom buttons").isCloseTo(Math.exp(0.6), within(1e-6));
        assertThat(js("return wheels")).as("none reached the page as a page zoom").isEqualTo(List.of(true, true, true));

        long top = ((Number) js("return scrollY")).longValue();
        wheel(overYTicks, 120);
        waitUntil(() -> ((Number) js("return scrollY")).longValue() > top);
        assertThat(zoom("roam")).as("the plain wheel over an axis scrolls the page").isCloseTo(Math.exp(0.6), within(1e-6));
        assertThat(wheelHintShown()).as("without a hint: the axes are not the plot").isFalse();
    }

    /** Ctrl + a wheel turn at a viewport point, once the page has seen it (window.wheels counts them). */
    private void ctrlWheel(int[] at, int deltaY) {
        int seen = ((Number) js("return wheels.length")).intValue();
        new Actions(chrome.driver).keyDown(Keys.CONTROL).scrollFromOrigin(WheelInput.ScrollOrigin.fromViewport(at[0], at[1]), 0, deltaY)
                .keyUp(Keys.CONTROL).perform();
        waitUntil(() -> ((Number) js("return wheels.length")).intValue() > seen);
    }

    @Test
    void onAPageTooShortToScrollThePlainWheelZooms() {
        chrome.viewport(1280, 1600);
        open(address);
        assertThat(((Number) js("return document.documentElement.scrollHeight")).intValue()).isLessThanOrEqualTo(1600);
        wheel(plotPoint(0.5, 0.5), -100);
        waitUntil(() -> zoom("roam") > 1);
        assertThat(wheelHintShown()).isFalse();
    }

    @Test
    void theWheelZoomsAboutThePointerAndDecodingStaysInZUnits() {
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        int[] at = plotPoint(0.7, 0.3);
        double[] before = zAt(at);
        new Actions(chrome.driver).moveToLocation(at[0], at[1]).click().perform(); // the plain wheel zooms a clicked plane
        Number scroll = (Number) js("return scrollY");
        wheel(at, -300);
        waitUntil(() -> zoom("roam") > 1.5);
        twoFrames();

        assertThat(((Number) js("return scrollY")).intValue()).as("the page does not scroll under a zoom")
                .isEqualTo(scroll.intValue());
        double[] after = zAt(at);
        assertThat(after[0]).as("z₀ under the pointer").isCloseTo(before[0], within(1e-6));
        assertThat(after[1]).as("z₁ under the pointer").isCloseTo(before[1], within(1e-6));
        Map<?, ?> square = (Map<?, ?>) js(ROAM + "const o = p.toPx(0, 0), a = p.toPx(1, 0), b = p.toPx(0, 1);"
                + "return {across: a[0] - o[0], up: o[1] - b[1], unit: p.pxPerUnit};");
        assertThat(((Number) square.get("across")).doubleValue()).as("one unit across and up")
                .isCloseTo(((Number) square.get("up")).doubleValue(), within(1e-6))
                .isCloseTo(((Number) square.get("unit")).doubleValue(), within(1e-6));

        // Decode at the pointer: the glyph's z is the z of the pixel pointed at, at this zoom.
        int[] elsewhere = plotPoint(0.25, 0.75);
        new Actions(chrome.driver).moveToLocation(elsewhere[0], elsewhere[1]).perform();
        waitUntil(() -> attr("#lens-roam .glyph-live", "data-z") != null
                && !attr("#lens-roam .glyph-live", "data-z").equals("0,0"));
        double[] expected = zAt(elsewhere);
        String[] shown = attr("#lens-roam .glyph-live", "data-z").split(",");
        assertThat(Double.parseDouble(shown[0])).isCloseTo(expected[0], within(0.02 / zoom("roam")));
        assertThat(Double.parseDouble(shown[1])).isCloseTo(expected[1], within(0.02 / zoom("roam")));

        // The z = 0 axis is drawn where z₀ = 0 is now, in its own grey.
        List<?> axis = (List<?>) js(ROAM + "const x = Math.round(p.toPx(0, 0)[0]), {y, side} = p.plot, k = p.size.dpr;"
                + "return x > p.plot.x && x < p.plot.x + side ? Array.from(p.base.getContext('2d')"
                + ".getImageData(Math.floor((x + 0.5) * k), Math.round((y + 3) * k), 1, 1).data) : null;");
        if (axis != null) {
            assertThat(((Number) axis.get(0)).intValue()).as("red of the z₀ = 0 axis line").isBetween(0xc0, 0xd0);
        }
        chrome.viewportScreenshot("roam-zoom-wheel-1280");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aZoomedViewsPointsAreDrawnWhereToPxPutsThemWithoutTwoArraysPerPoint() {
        // A zoomed, panned view with a class hidden: each dot's centre, as the base canvas's arcs are drawn, and how
        // often at() and toPx() ran for it; toPx(...at()) per point is the reference, as it was drawn before.
        Map<String, Object> r = (Map<String, Object>) js(ROAM + "p.hiddenClasses.add(3); p.setView({cx: 0.7, cy: -0.4, half: 1.3});"
                + "const arcs = [], proto = CanvasRenderingContext2D.prototype, arc = proto.arc, calls = {at: 0, toPx: 0};"
                + "proto.arc = function (x, y, ...rest) { if (this.canvas === p.base) arcs.push([x, y]); return arc.call(this, x, y, ...rest); };"
                + "const at = p.at, toPx = p.toPx;"
                + "p.at = function (...a) { calls.at++; return at.apply(this, a); };"
                + "p.toPx = function (...a) { calls.toPx++; return toPx.apply(this, a); };"
                + "try { p.redrawBase(); } finally { proto.arc = arc; delete p.at; delete p.toPx; }"
                + "const t = atlas.points.splits.test, expected = [];"
                + "for (let i = 0; i < t.count; i++) if (t.labels[i] !== 3) expected.push(p.toPx(...p.at(t.mu, i * t.latentDim)));"
                + "return {arcs, expected, calls, count: t.count};");
        List<List<Number>> arcs = (List<List<Number>>) r.get("arcs");
        List<List<Number>> expected = (List<List<Number>>) r.get("expected");
        assertThat(expected).as("points shown").hasSizeGreaterThan(300);
        assertThat(arcs).as("every shown point drawn once, at exactly toPx(...at(μ))").isEqualTo(expected);
        Map<String, Number> calls = (Map<String, Number>) r.get("calls");
        assertThat(calls.get("at").intValue() + calls.get("toPx").intValue())
                .as("at() and toPx() calls in a redraw of %s points: the frame's ticks and marks, none per point", r.get("count"))
                .isLessThan(60);
    }

    @Test
    void theKeysAndButtonsZoomWithinLimitsAndResetTheView() {
        WebElement plane = element("#lens-roam .plane canvas");
        plane.sendKeys("+");
        waitUntil(() -> Math.abs(zoom("roam") - 2) < 1e-6);
        plane.sendKeys("+");
        waitUntil(() -> Math.abs(zoom("roam") - 4) < 1e-6);
        assertThat(text("#lens-roam .zoom-level")).isEqualTo("4×");
        plane.sendKeys("-");
        waitUntil(() -> Math.abs(zoom("roam") - 2) < 1e-6);
        plane.sendKeys("0");
        waitUntil(() -> Math.abs(zoom("roam") - 1) < 1e-6);
        assertThat(enabled(element("#lens-roam .zoom-bar [aria-label='Zoom out (key −)']")))
                .as("no zooming out of a full view that shows every point").isFalse();

        WebElement in = element("#lens-roam .zoom-bar [aria-label='Zoom in (key +)']");
        for (int k = 0; k < 12 && enabled(in); k++) {
            in.click();
            twoFrames();
            chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 320)");
        }
        double extent = ((Number) js("return atlas.lenses.roam.plane.extent")).doubleValue();
        assertThat(zoom("roam")).as("the deepest zoom: a view 0.04 units across").isCloseTo(extent / 0.02, within(1e-6));
        assertThat(enabled(in)).isFalse();
        Map<?, ?> view = (Map<?, ?>) js("return atlas.lenses.roam.plane.view");
        assertThat(Math.abs(((Number) view.get("cx")).doubleValue()) + ((Number) view.get("half")).doubleValue())
                .as("the view stays inside the full view").isLessThanOrEqualTo(extent + 1e-9);
        chrome.viewportScreenshot("roam-zoom-deepest-1280");

        // The arrow keys step a few pixels at any zoom, and the view follows the probe.
        plane.sendKeys(Keys.ARROW_RIGHT);
        double step = ((Number) js("return atlas.lenses.roam.state.z[0]")).doubleValue();
        assertThat(step).isCloseTo(0.1 / zoom("roam"), within(1e-9));
        element("#lens-roam .zoom-level").click();
        waitUntil(() -> Math.abs(zoom("roam") - 1) < 1e-6);
        element("#tab-interpolate").click();
        assertThat(zoom("interpolate")).as("each lens has its own view").isEqualTo(1.0);
    }

    @Test
    void aPointOutsideTheFullViewIsShownByZoomingOutBelowOneTimes() {
        // A test point moved to z = (9, −8), far past the full view that the 99.5th percentile of |μ| sets.
        js(ROAM + "const l = p.layers[0], mu = Float32Array.from(l.mu); mu[0] = 9; mu[1] = -8;"
                + "p.layers = [{...l, mu}]; p.redrawBase();");
        WebElement out = element("#lens-roam .zoom-bar [aria-label='Zoom out (key −)']");
        assertThat(enabled(out)).as("zooming out of the full view, to a point outside it").isTrue();
        for (int k = 0; k < 6 && enabled(out); k++) {
            out.click();
            chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 400)");
        }
        assertThat(enabled(out)).as("zooming out stops once every point is in view").isFalse();
        assertThat((Boolean) js(ROAM + "return p.inView(9, -8)")).as("the far point in view").isTrue();
        assertThat(zoom("roam")).as("no further out than needed").isGreaterThan(0.3).isLessThan(0.5);
        assertThat(text("#lens-roam .zoom-level")).isEqualTo(String.format("%.2g×", zoom("roam")).replaceAll("0+×$", "×"));
        chrome.viewportScreenshot("roam-zoomed-out-far-point");
        element("#lens-roam .zoom-level").click();
        waitUntil(() -> Math.abs(zoom("roam") - 1) < 1e-6);
    }

    @Test
    void everyDrawAtTemperatureTwoIsShownByZoomingOutGeneratesPlane() {
        element("#tab-generate").click();
        js("const t = document.querySelector('#lens-generate [name=temperature]'); t.value = 200;"
                + "t.dispatchEvent(new Event('input', {bubbles: true}));");
        String allInView = "const g = atlas.lenses.generate;"
                + "for (let k = 0; k < 64; k++) if (!g.plane.inView(g.state.z[2 * k], g.state.z[2 * k + 1])) return false;"
                + "return true;";
        assertThat((Boolean) js(allInView)).as("at 1×, draws outside the full view").isFalse();
        WebElement plane = element("#lens-generate .plane canvas");
        for (int k = 0; k < 4; k++) {
            plane.sendKeys("-");
            chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 400)");
        }
        assertThat((Boolean) js(allInView)).as("zoomed out as far as it goes, every draw in view").isTrue();
        assertThat(zoom("generate")).isLessThan(1.0);
        chrome.viewportScreenshot("generate-zoomed-out-temperature-2");
    }

    /** Zoom buttons turn off with aria-disabled, so they keep the keyboard's focus. */
    private static boolean enabled(WebElement button) {
        return button.isEnabled() && !"true".equals(button.getAttribute("aria-disabled"));
    }

    @Test
    void aZoomButtonThatTurnsItselfOffKeepsTheKeyboardsFocus() {
        WebElement plane = element("#lens-roam .plane canvas");
        WebElement out = element("#lens-roam .zoom-bar [aria-label='Zoom out (key −)']");
        WebElement reset = element("#lens-roam .zoom-level");
        WebElement in = element("#lens-roam .zoom-bar [aria-label='Zoom in (key +)']");
        plane.sendKeys("+");
        waitUntil(() -> Math.abs(zoom("roam") - 2) < 1e-6);
        out.sendKeys(Keys.ENTER);
        waitUntil(() -> Math.abs(zoom("roam") - 1) < 1e-6);
        assertThat(enabled(out)).as("no zooming out of the full view").isFalse();
        assertThat(js("return document.activeElement")).as("focus after − reached 1×").isEqualTo(out);
        out.sendKeys(Keys.ENTER);
        twoFrames();
        assertThat(zoom("roam")).as("a press on the turned-off − does nothing").isEqualTo(1.0);

        plane.sendKeys("+");
        waitUntil(() -> Math.abs(zoom("roam") - 2) < 1e-6);
        reset.sendKeys(Keys.ENTER);
        waitUntil(() -> Math.abs(zoom("roam") - 1) < 1e-6);
        assertThat(js("return document.activeElement")).as("focus after 1×").isEqualTo(reset);

        js(ROAM + "p.setView({cx: 0, cy: 0, half: 0.04})");
        in.sendKeys(Keys.ENTER);
        waitUntil(() -> !enabled(in));
        assertThat(js("return document.activeElement")).as("focus after + reached the deepest zoom").isEqualTo(in);
        chrome.viewportScreenshot("roam-zoom-focus-kept-1280");
    }

    @Test
    void zoomingToTheSelectedPosteriorFramesItsRingAndClicksStillPickTheRightPoint() {
        clickTestPoint("#lens-roam", "roam", 17);
        waitUntil(() -> 17 == intOrMinus1(attr("#lens-roam", "data-selected")));
        WebElement toPosterior = element("#lens-roam .zoom-bar [aria-label^='Zoom to the posterior']");
        assertThat(toPosterior.isDisplayed()).isTrue();
        toPosterior.click();
        chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 450)");

        Map<?, ?> r = (Map<?, ?>) js(ROAM + "const d = atlas.points.splits.test; const [mx, my] = p.toPx(d.mu[34], d.mu[35]);"
                + "const {x, y, side} = p.plot;"
                + "return {dx: mx - (x + side / 2), dy: my - (y + side / 2), ring: Math.max(d.sigma[34], d.sigma[35]) * p.pxPerUnit,"
                + " side: side};");
        double side = ((Number) r.get("side")).doubleValue();
        assertThat(((Number) r.get("dx")).doubleValue()).as("μ in the middle").isCloseTo(0, within(1.0));
        assertThat(((Number) r.get("dy")).doubleValue()).as("μ in the middle").isCloseTo(0, within(1.0));
        assertThat(((Number) r.get("ring")).doubleValue()).as("the ±1σ ring's radius: a sixth of the plot")
                .isCloseTo(side / 6, within(1.0));
        chrome.viewportScreenshot("roam-zoom-posterior-1280");

        // Clicking a neighbour in the zoomed view selects that neighbour.
        int neighbour = ((Number) js(ROAM + "const mu = atlas.points.splits.test.mu; let best = -1, bd = Infinity;"
                + "for (let i = 0; i < atlas.points.splits.test.count; i++) { if (i === 17) continue;"
                + " const [x, y] = p.toPx(mu[2 * i], mu[2 * i + 1]); if (!p.inPlot(x, y)) continue;"
                + " const d = (mu[2 * i] - mu[34]) ** 2 + (mu[2 * i + 1] - mu[35]) ** 2; if (d < bd) { bd = d; best = i; } }"
                + "return best;")).intValue();
        assertThat(neighbour).as("a neighbour in view").isNotNegative();
        clickTestPoint("#lens-roam", "roam", neighbour);
        waitUntil(() -> neighbour == intOrMinus1(attr("#lens-roam", "data-selected")));
    }

    @Test
    void aMouseDragPansTheZoomedViewWithoutSelecting() {
        element("#lens-roam .plane canvas").sendKeys("+", "+");
        waitUntil(() -> Math.abs(zoom("roam") - 4) < 1e-6);
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        int[] from = plotPoint(0.5, 0.5), to = plotPoint(0.3, 0.6);
        double[] grabbed = zAt(from);
        new Actions(chrome.driver).moveToLocation(from[0], from[1]).clickAndHold().moveToLocation(from[0] - 10, from[1] + 5)
                .moveToLocation(to[0], to[1]).release().perform();
        twoFrames();
        double[] under = zAt(to);
        assertThat(under[0]).as("the grabbed z stays under the mouse").isCloseTo(grabbed[0], within(1e-6));
        assertThat(under[1]).isCloseTo(grabbed[1], within(1e-6));
        assertThat(attr("#lens-roam", "data-selected")).as("a drag is not a click on a point").isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDecodedGridIsDecodedAgainForTheZoomedViewOnceTheZoomRests() {
        element("#lens-roam [name=grid]").click();
        waitUntil(() -> "ready".equals(attr("#lens-roam", "data-grid")));
        js("window.detailGrids = 0; new MutationObserver(() => window.detailGrids++)"
                + ".observe(document.getElementById('lens-roam'), {attributeFilter: ['data-grid-zoom']});");
        // Ten wheel ticks in a row, as a spun wheel sends them.
        js(ROAM + "const c = p.canvas.getBoundingClientRect(), {x, y, side} = p.plot;"
                + "for (let k = 0; k < 10; k++) p.canvas.dispatchEvent(new WheelEvent('wheel', {deltaY: -60, ctrlKey: true, bubbles: true,"
                + " cancelable: true, clientX: c.left + x + 0.6 * side, clientY: c.top + y + 0.4 * side}));");
        waitUntil(() -> ((Number) js("return window.detailGrids")).intValue() > 0);
        chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 500)");
        assertThat(((Number) js("return window.detailGrids")).intValue()).as("one grid for the view at rest, not one a tick")
                .isEqualTo(1);
        Map<String, Object> layers = (Map<String, Object>) js(ROAM + "const b = p.background;"
                + "return {n: b.length, same: JSON.stringify(b[1].view) === JSON.stringify(p.view), full: b[0].view.half === p.extent};");
        assertThat(layers).containsEntry("n", 2L).containsEntry("same", true).containsEntry("full", true);
        assertThat(zoom("roam")).isGreaterThan(2);
        chrome.viewportScreenshot("roam-zoom-grid-1280");
    }

    @Test
    void aFullViewPannedTowardsAFarPosteriorGetsADecodedGridOfItsOwn() {
        element("#lens-roam [name=grid]").click();
        waitUntil(() -> "ready".equals(attr("#lens-roam", "data-grid")));
        js(ROAM + "p.setReach([{cx: p.extent + 4, cy: 0, half: 1}]); p.setView({cx: 3, cy: 0, half: p.extent});");
        waitUntil(() -> ((Number) js(ROAM + "return p.background.length")).intValue() == 2);
        assertThat(js(ROAM + "return JSON.stringify(p.background[1].view) === JSON.stringify(p.view)")).isEqualTo(true);
        chrome.viewportScreenshot("roam-grid-panned-1280");
    }

    @Test
    @SuppressWarnings("unchecked")
    void tickLabelsNeverRunTogetherAndStayInsideTheCanvasAtAnyWidthAndZoom() {
        String[] views = {"{cx: 0, cy: 0, half: p.extent}", "{cx: -2.37, cy: -1.5, half: 0.02}", "{cx: 1.1, cy: 0.7, half: 0.3}",
            "{cx: 2.9, cy: -2.9, half: 0.6}"};
        for (int width : new int[] {1280, 390}) {
            chrome.viewport(width, width < 600 ? 844 : 800);
            open(address);
            js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
            for (String view : views) {
                js(ROAM + "p.setView(" + view + ")");
                twoFrames();
                List<Map<String, Object>> labels = (List<Map<String, Object>>) js(ROAM + "return p.tickLabels");
                double canvasWidth = ((Number) js(ROAM + "return p.size.w")).doubleValue();
                String where = width + " px, view " + view + ", labels " + labels;
                List<Map<String, Object>> xs = labels.stream().filter(l -> "x".equals(l.get("axis"))).toList();
                assertThat(xs).as("x tick labels at %s", where).hasSizeGreaterThanOrEqualTo(3);
                for (int k = 1; k < xs.size(); k++) {
                    assertThat(num(xs.get(k), "left")).as("a gap between x labels at %s", where)
                            .isGreaterThanOrEqualTo(num(xs.get(k - 1), "right") + 3);
                }
                for (Map<String, Object> l : labels) {
                    assertThat(num(l, "left")).as("%s inside the canvas's left edge at %s", l.get("text"), where).isGreaterThanOrEqualTo(2);
                    assertThat(num(l, "right")).as("%s inside the canvas's right edge at %s", l.get("text"), where)
                            .isLessThanOrEqualTo(canvasWidth - 2);
                }
                assertThat(labels.stream().filter(l -> "y".equals(l.get("axis")))).as("y tick labels at %s", where).hasSizeGreaterThanOrEqualTo(3);
                if (view.contains("0.02")) {
                    chrome.viewportScreenshot("roam-ticks-zoomed-" + width);
                }
            }
        }
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void theZoomButtonsNeverCoverThePlotOnADesktopOrAPhone() {
        for (int width : new int[] {1280, 390}) {
            chrome.viewport(width, width < 600 ? 844 : 800);
            open(address);
            js("atlas.lenses.roam.select(17)"); // shows the ±σ button too
            for (String lens : new String[] {"roam", "interpolate", "generate"}) {
                element("#tab-" + lens).click();
                js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-" + lens + " .plane canvas"));
                Map<?, ?> r = (Map<?, ?>) js("const p = atlas.lenses[arguments[0]].plane, c = p.canvas.getBoundingClientRect();"
                        + "const b = p.host.querySelector('.zoom-bar').getBoundingClientRect(), {x, y, side} = p.plot;"
                        + "return {overlap: b.left < c.left + x + side && b.right > c.left + x && b.top < c.top + y + side"
                        + " && b.bottom > c.top + y, inside: b.top >= c.top && b.right <= c.right && b.width > 0,"
                        + " buttons: p.host.querySelectorAll('.zoom-bar button:not([hidden])').length};", lens);
                assertThat(r.get("overlap")).as("zoom bar over %s's plot at %d px", lens, width).isEqualTo(false);
                assertThat(r.get("inside")).as("zoom bar on %s's canvas at %d px", lens, width).isEqualTo(true);
                assertThat(((Number) r.get("buttons")).intValue()).isGreaterThanOrEqualTo(3);
                if ("roam".equals(lens)) {
                    chrome.viewportScreenshot("roam-zoom-bar-" + width);
                }
            }
        }
    }

    @Test
    void thePlotMovesDownWhenTheZoomRowGrowsWithoutAnyResizeOfThePage() {
        // As when a larger font loads late: the row's buttons grow, the window and the plane's box do not.
        String buttons = "document.querySelectorAll('#lens-roam .zoom-bar button')";
        js(buttons + ".forEach(b => Object.assign(b.style, {height: 'auto', fontSize: '26px', padding: '8px 10px'}))");
        try {
            waitUntil(() -> (Boolean) js(ROAM + "const b = p.host.querySelector('.zoom-bar').getBoundingClientRect();"
                    + "return b.bottom - p.canvas.getBoundingClientRect().top <= p.plot.y && b.height > 40;"));
            twoFrames();
            Number plotTop = (Number) js(ROAM + "return p.plot.y");
            List<?> frame = (List<?>) js(ROAM + "const k = p.size.dpr, {x, y, side} = p.plot;"
                    + "return Array.from(p.base.getContext('2d').getImageData(Math.round((x + side / 2) * k), Math.round(y * k), 1, 1).data);");
            assertThat(((Number) frame.get(0)).intValue()).as("the plot's top border drawn at the new top, y = %s", plotTop)
                    .isLessThan(0xd0);
            chrome.viewportScreenshot("roam-zoom-row-grown-1280");
        } finally {
            js(buttons + ".forEach(b => b.removeAttribute('style'))");
        }
        waitUntil(() -> ((Number) js(ROAM + "return p.barHeight")).intValue() < 40);
    }

    @Test
    void twoFingersPinchTheZoomOnAPhoneAndOneStillRoams() {
        chrome.viewport(390, 844);
        open(address);
        js("arguments[0].scrollIntoView({block: 'center'})", element("#lens-roam .plane canvas"));
        int[] a = plotPoint(0.45, 0.5), b = plotPoint(0.55, 0.5);
        int[] mid = plotPoint(0.5, 0.5);
        double[] before = zAt(mid);
        PointerInput one = new PointerInput(PointerInput.Kind.TOUCH, "one");
        PointerInput two = new PointerInput(PointerInput.Kind.TOUCH, "two");
        Sequence s1 = new Sequence(one, 0), s2 = new Sequence(two, 0);
        s1.addAction(one.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), a[0], a[1]));
        s2.addAction(two.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), b[0], b[1]));
        s1.addAction(one.createPointerDown(0));
        s2.addAction(two.createPointerDown(0));
        for (int k = 1; k <= 5; k++) {
            s1.addAction(one.createPointerMove(Duration.ofMillis(40), PointerInput.Origin.viewport(), a[0] - 12 * k, a[1]));
            s2.addAction(two.createPointerMove(Duration.ofMillis(40), PointerInput.Origin.viewport(), b[0] + 12 * k, b[1]));
        }
        s1.addAction(one.createPointerUp(0));
        s2.addAction(two.createPointerUp(0));
        chrome.driver.perform(List.of(s1, s2));
        twoFrames();
        double z = zoom("roam");
        assertThat(z).as("spread from %d to %d px", b[0] - a[0], b[0] - a[0] + 120).isGreaterThan(2.5);
        double[] after = zAt(mid);
        assertThat(after[0]).as("the z between the fingers stays between them").isCloseTo(before[0], within(0.05 / z));
        assertThat(after[1]).isCloseTo(before[1], within(0.05 / z));

        // One finger drags to decode, as before: the view does not move.
        Map<?, ?> view = (Map<?, ?>) js("return atlas.lenses.roam.plane.view");
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence drag = new Sequence(finger, 0);
        drag.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), a[0], a[1]));
        drag.addAction(finger.createPointerDown(0));
        drag.addAction(finger.createPointerMove(Duration.ofMillis(60), PointerInput.Origin.viewport(), a[0] + 40, a[1] + 30));
        drag.addAction(finger.createPointerUp(0));
        chrome.driver.perform(List.of(drag));
        twoFrames();
        assertThat(js("return atlas.lenses.roam.plane.view")).isEqualTo(view);
        chrome.viewportScreenshot("roam-zoom-pinch-390");
    }
}
