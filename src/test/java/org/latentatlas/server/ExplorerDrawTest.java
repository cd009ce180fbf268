package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * Roam's drawing pad in headless Chromium: a stroke, drawn with a mouse or a finger, becomes an input of the
 * model's size, the encoder's posterior for it is marked on the plane (μ dot in a dashed ±1σ ring), and Clear
 * takes it away. Also the selection of a test point while the train points are shown.
 */
@DisplayName("The explorer's drawing pad in headless Chromium")
class ExplorerDrawTest extends ExplorerPageTestBase {
    private static final String PAD = "#lens-roam .draw-pad";

    /** A stroke down the middle of the pad, like a "1", as viewport coordinates. */
    private int[][] strokeDownTheMiddle() {
        WebElement pad = element(PAD);
        js("arguments[0].scrollIntoView({block: 'center'})", pad);
        List<?> r = (List<?>) js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
                pad);
        double left = ((Number) r.get(0)).doubleValue(), top = ((Number) r.get(1)).doubleValue();
        double width = ((Number) r.get(2)).doubleValue(), height = ((Number) r.get(3)).doubleValue();
        int[][] points = new int[6][];
        for (int k = 0; k < points.length; k++) {
            points[k] = new int[] {(int) Math.round(left + 0.5 * width), (int) Math.round(top + (0.15 + 0.14 * k) * height)};
        }
        return points;
    }

    private void drawWithTheMouse(int[][] points) {
        Actions a = new Actions(chrome.driver).moveToLocation(points[0][0], points[0][1]).clickAndHold();
        for (int[] p : points) {
            a.moveToLocation(p[0], p[1]);
        }
        a.release().perform();
    }

    private void drawWithAFinger(int[][] points) {
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence stroke = new Sequence(finger, 0);
        stroke.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), points[0][0], points[0][1]));
        stroke.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int[] p : points) {
            stroke.addAction(finger.createPointerMove(Duration.ofMillis(30), PointerInput.Origin.viewport(), p[0], p[1]));
        }
        stroke.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        chrome.driver.perform(List.of(stroke));
    }

    private void assertTheDrawingsPosteriorIsMarkedOnThePlane() {
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        Number ink = (Number) js("return atlas.lenses.roam.state.drawn.x.reduce((s, v) => s + v, 0)");
        assertThat(ink.doubleValue()).as("ink in the (8, 8) input the encoder got").isGreaterThan(1);
        // The posterior shown is the encoder's for exactly the image shown as its input.
        Boolean same = (Boolean) js("const s = atlas.lenses.roam.state.drawn; const q = atlas.encode([Array.from(s.x)])[0];"
                + "return q.mu.every((m, j) => m === s.mu[j]) && q.logvar.every((l, j) => Math.exp(0.5 * l) === s.sigma[j]);");
        assertThat(same).isTrue();
        assertThat(inkPixels("#lens-roam .glyph-drawn")).as("the drawn input, downsampled").isPositive();
        assertThat(inkPixels("#lens-roam .glyph-drawn-recon")).as("decode(μ) of the drawing").isPositive();
        assertThat(text("#lens-roam .drawn-stats")).contains("μ = (", "σ = (");
        // The μ dot is drawn dark (#111827) at μ on the plane's canvas.
        List<?> rgb = (List<?>) js("const p = atlas.lenses.roam.plane; const m = atlas.lenses.roam.state.drawn.mu;"
                + "const [x, y] = p.toPx(m[0], m[1]); const k = p.size.dpr;"
                + "return Array.from(p.canvas.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data);");
        assertThat(((Number) rgb.get(0)).intValue()).as("red of the pixel at the drawing's μ").isLessThan(80);
    }

    @Test
    void aStrokeDrawnWithTheMouseIsEncodedAndItsPosteriorMarkedOnThePlane() {
        assertThat(element("#lens-roam .drawn").isDisplayed()).isFalse();
        drawWithTheMouse(strokeDownTheMiddle());
        assertTheDrawingsPosteriorIsMarkedOnThePlane();
        chrome.screenshot("roam-drawn-1280");
    }

    @Test
    void aFingerDrawsOnThePadWithoutScrollingThePage() {
        int[][] stroke = strokeDownTheMiddle();
        Number scrollBefore = (Number) js("return window.scrollY");
        drawWithAFinger(stroke);
        assertTheDrawingsPosteriorIsMarkedOnThePlane();
        assertThat(((Number) js("return window.scrollY")).intValue()).isEqualTo(scrollBefore.intValue());
    }

    @Test
    void theKeyboardDrawsWithAPenOnThePadAndReachesThePosteriorOnThePlane() {
        WebElement clear = element("#lens-roam .draw-clear"), pad = element(PAD);
        js("arguments[0].focus(); arguments[0].scrollIntoView({block: 'center'})", clear);
        new Actions(chrome.driver).sendKeys(Keys.TAB).perform();
        assertThat(js("return document.activeElement")).as("Tab from Clear").isEqualTo(pad);
        assertThat(pad.getAttribute("role")).isEqualTo("application");
        assertThat(pad.getAttribute("aria-label")).contains("the arrows move the pen", "Space puts it down or lifts it",
                "Delete clears");
        assertThat(element("#lens-roam .pad-pen").isDisplayed()).as("the pen, under the keyboard's focus").isTrue();

        // Up two from the middle (column 4, row 4, counted from 0), down, four down, up: a stroke down column 4.
        new Actions(chrome.driver).sendKeys(Keys.ARROW_UP, Keys.ARROW_UP, Keys.SPACE, Keys.ARROW_DOWN, Keys.ARROW_DOWN,
                Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.SPACE).perform();
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        List<?> x = (List<?>) js("return Array.from(atlas.lenses.roam.state.drawn.x)");
        for (int row = 2; row <= 6; row++) {
            assertThat(((Number) x.get(8 * row + 4)).doubleValue()).as("ink at row %d of column 4", row).isGreaterThan(0.5);
        }
        for (int row = 0; row < 8; row++) {
            assertThat(((Number) x.get(8 * row)).doubleValue()).as("ink at row %d of column 0", row).isZero();
        }
        assertThat(((Number) x.get(4)).doubleValue()).as("none at the top of column 4").isLessThan(0.2);
        assertThat(content("#lens-roam .pad-live")).isEqualTo("Pen up at column 5 of 8, row 7 of 8");
        Map<?, ?> pen = (Map<?, ?>) js("const m = document.querySelector('#lens-roam .pad-pen').getBoundingClientRect(),"
                + " c = arguments[0].getBoundingClientRect(), b = arguments[0].clientLeft;"
                + "return {x: (m.left + m.width / 2 - c.left - b) / (c.width - 2 * b), y: (m.top + m.height / 2 - c.top - b) / (c.height - 2 * b)};", pad);
        assertThat(((Number) pen.get("x")).doubleValue()).as("the pen's mark over column 4's middle").isCloseTo(4.5 / 8, within(0.01));
        assertThat(((Number) pen.get("y")).doubleValue()).as("and row 6's").isCloseTo(6.5 / 8, within(0.01));
        assertThat(element("#lens-roam .glyph-drawn").getAttribute("aria-label")).isEqualTo("The drawing as the encoder's input");
        waitUntil(() -> content("#lens-roam .drawn-live").startsWith("The encoder places the drawing at μ = ("));
        chrome.viewportScreenshot("roam-draw-keyboard-1280");

        new Actions(chrome.driver).sendKeys(Keys.TAB).perform();
        WebElement go = element("#lens-roam .drawn-go");
        assertThat(js("return document.activeElement")).as("Tab from the pad: the way to its posterior").isEqualTo(go);
        assertThat(element("#lens-roam .pad-pen").isDisplayed()).as("the pen, away with the focus").isFalse();
        new Actions(chrome.driver).sendKeys(Keys.ENTER).perform();
        List<?> mu = (List<?>) js("return atlas.lenses.roam.state.drawn.mu");
        waitUntil(() -> Math.abs(((Number) js("return atlas.lenses.roam.plane.view.cx")).doubleValue()
                - ((Number) mu.get(0)).doubleValue()) < 1e-9);
        assertThat(((Number) js("return atlas.lenses.roam.plane.view.cy")).doubleValue()).as("framed on μ")
                .isCloseTo(((Number) mu.get(1)).doubleValue(), within(1e-9));

        pad.sendKeys(Keys.DELETE);
        waitUntil(() -> attr("#lens-roam", "data-drawn") == null);
        assertThat(content("#lens-roam .drawn-stats")).as("no posterior of a drawing gone").isEmpty();
        assertThat(content("#lens-roam .pad-live")).startsWith("Pad cleared. Pen up at column 5 of 8, row 7 of 8");
        assertThat(element("#lens-roam .drawn-go").isDisplayed()).isFalse();
    }

    @Test
    void clearingThePadTakesTheDrawingAndItsPosteriorAway() {
        drawWithTheMouse(strokeDownTheMiddle());
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        element("#lens-roam .draw-clear").click();
        waitUntil(() -> attr("#lens-roam", "data-drawn") == null);
        assertThat((Boolean) js("return atlas.lenses.roam.state.drawn === null")).isTrue();
        assertThat(element("#lens-roam .drawn").isDisplayed()).isFalse();
    }

    @Test
    void aDrawingsPosteriorOutsideTheFullViewIsReachedByTheSigmaButtonAndADrag() {
        // An encoder whose μ for any drawing lies far right of and below the data, with σ = 0.2 in both dimensions.
        ExplorerFixture far = ExplorerFixture.digits();
        far.tensors.get("mu.bias")[0] += 9;
        far.tensors.get("mu.bias")[1] -= 7;
        java.util.Arrays.fill(far.tensors.get("logvar.weight"), 0f);
        java.util.Arrays.fill(far.tensors.get("logvar.bias"), (float) Math.log(0.2 * 0.2));
        try (ExplorerServer other = new ExplorerServer(far.modelFile(), far.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            drawWithTheMouse(strokeDownTheMiddle());
            waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
            String roam = "const p = atlas.lenses.roam.plane, m = atlas.lenses.roam.state.drawn.mu;";
            double extent = ((Number) js(roam + "return p.extent")).doubleValue();
            assertThat(((Number) js(roam + "return m[0]")).doubleValue()).as("μ₀ beyond the full view").isGreaterThan(extent + 1);
            assertThat(text("#lens-roam .drawn-stats")).contains("outside the plane's view: \"zoom the plane to it\" goes there");

            element("#lens-roam .zoom-bar [aria-label^='Zoom to the posterior']").click();
            waitUntil(() -> (Boolean) js("return atlas.lenses.roam.plane.view.half < 1"));
            chrome.driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 450)");
            Map<?, ?> r = (Map<?, ?>) js(roam + "const [x, y] = p.toPx(m[0], m[1]), {side} = p.plot;"
                    + "return {dx: x - (p.plot.x + side / 2), dy: y - (p.plot.y + side / 2), ring: 0.2 * p.pxPerUnit, side};");
            assertThat(((Number) r.get("dx")).doubleValue()).as("μ in the middle").isCloseTo(0, within(1.0));
            assertThat(((Number) r.get("dy")).doubleValue()).as("μ in the middle").isCloseTo(0, within(1.0));
            assertThat(((Number) r.get("ring")).doubleValue()).as("the ±1σ ring, a sixth of the plot")
                    .isCloseTo(((Number) r.get("side")).doubleValue() / 6, within(1.0));
            assertThat(text("#lens-roam .drawn-stats")).doesNotContain("outside");
            chrome.viewportScreenshot("roam-far-posterior-1280");

            // Back at 1×, a drag towards the posterior pans past the full view's edge; Clear brings the view back.
            WebElement reset = element("#lens-roam .zoom-level");
            reset.click();
            waitUntil(() -> "true".equals(reset.getAttribute("aria-disabled")));
            assertThat(view()).as("the full view").containsExactly(0, 0, extent);
            List<?> c = (List<?>) js("const p = atlas.lenses.roam.plane, r = p.canvas.getBoundingClientRect(), {x, y, side} = p.plot;"
                    + "return [r.left + x + side / 2, r.top + y + side / 2, side];");
            int cx = ((Number) c.get(0)).intValue(), cy = ((Number) c.get(1)).intValue();
            int shift = ((Number) c.get(2)).intValue() / 4;
            new Actions(chrome.driver).moveToLocation(cx, cy).clickAndHold().moveToLocation(cx - 10, cy - 5)
                    .moveToLocation(cx - shift, cy - shift).release().perform();
            double[] panned = view();
            assertThat(panned[0]).as("panned right of the full view").isGreaterThan(0.4 * extent);
            assertThat(panned[1]).as("and below it").isLessThan(-0.4 * extent);
            assertThat(reset.getAttribute("aria-disabled")).as("1× centres the full view again").isEqualTo("false");
            element("#lens-roam .draw-clear").click();
            waitUntil(() -> attr("#lens-roam", "data-drawn") == null);
            assertThat(view()).as("with the posterior gone, the full view").containsExactly(0, 0, extent);
        } finally {
            open(address);
        }
    }

    /** Roam's view as {cx, cy, half}. */
    private double[] view() {
        List<?> v = (List<?>) js("const v = atlas.lenses.roam.plane.view; return [v.cx, v.cy, v.half];");
        return v.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    /** A right or middle click on the pad is no stroke: the pad stays empty and nothing is encoded. */
    @Test
    void aRightOrMiddleClickOnThePadDrawsNothing() {
        int[] p = strokeDownTheMiddle()[2];
        new Actions(chrome.driver).moveToLocation(p[0], p[1]).contextClick().perform();
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence middle = new Sequence(mouse, 0);
        middle.addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), p[0], p[1]));
        middle.addAction(mouse.createPointerDown(PointerInput.MouseButton.MIDDLE.asArg()));
        middle.addAction(mouse.createPointerMove(Duration.ofMillis(30), PointerInput.Origin.viewport(), p[0], p[1] + 20));
        middle.addAction(mouse.createPointerUp(PointerInput.MouseButton.MIDDLE.asArg()));
        chrome.driver.perform(List.of(middle));
        assertThat(js("return atlas.lenses.roam.pad.empty")).as("the pad after a right and a middle click").isEqualTo(true);
        assertThat(attr("#lens-roam", "data-drawn")).as("no posterior on the plane").isNull();

        drawWithTheMouse(strokeDownTheMiddle()); // the left button still draws
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
    }

    @Test
    void clearIsOffUntilSomethingIsDrawnAndKeepsTheKeyboardsFocusWhenItTurnsOff() {
        WebElement clear = element("#lens-roam .draw-clear");
        js("const pad = atlas.lenses.roam.pad, clear = pad.clear; window.clears = 0;"
                + "pad.clear = function () { window.clears++; return clear.call(this); };");
        assertThat(clear.getAttribute("aria-disabled")).as("on an empty pad").isEqualTo("true");
        assertThat(js("return getComputedStyle(arguments[0]).color", clear)).as("greyed like a zoom button that is off")
                .isEqualTo("rgb(163, 168, 178)");
        clear.sendKeys(Keys.ENTER);
        assertThat(((Number) js("return window.clears")).intValue()).as("a press while off does nothing").isZero();

        drawWithTheMouse(strokeDownTheMiddle());
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        assertThat(clear.getAttribute("aria-disabled")).isEqualTo("false");
        assertThat(js("return getComputedStyle(arguments[0]).color", clear)).isEqualTo("rgb(31, 36, 48)");
        js("document.querySelector('#lens-roam .draw').scrollIntoView({block: 'center'})");
        chrome.viewportScreenshot("roam-draw-clear-on-1280");
        clear.sendKeys(Keys.ENTER);
        waitUntil(() -> attr("#lens-roam", "data-drawn") == null);
        assertThat(((Number) js("return window.clears")).intValue()).isEqualTo(1);
        assertThat(clear.getAttribute("aria-disabled")).as("the pad is empty again").isEqualTo("true");
        assertThat(js("return document.activeElement")).as("the focus stays on Clear").isEqualTo(clear);
    }

    @Test
    void clearIsASecondaryButtonBesideThePad() {
        // Not the accent's fill of the page's main actions: clearing is a lesser action.
        assertThat(js("return getComputedStyle(document.querySelector('#lens-roam .draw-clear')).backgroundColor"))
                .isEqualTo("rgb(255, 255, 255)");
        js("document.querySelector('#lens-roam .draw').scrollIntoView({block: 'center'})");
        chrome.viewportScreenshot("roam-draw-clear-off-1280");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWhiteHaloFollowsTheEllipseOfAnUnevenPosterior() {
        js("atlas.lenses.roam.select(17)");
        // Every ellipse drawn around the selected μ, as [rx, ry]: the dashed ±1σ ring and its halo.
        List<List<Number>> rings = (List<List<Number>>) js("const p = atlas.lenses.roam.plane, d = atlas.points.splits.test;"
                + "const [mx, my] = p.toPx(d.mu[34], d.mu[35]), seen = [], proto = CanvasRenderingContext2D.prototype, ellipse = proto.ellipse;"
                + "proto.ellipse = function (x, y, rx, ry, ...rest) {"
                + " if (Math.hypot(x - mx, y - my) < 0.01) seen.push([rx, ry]); return ellipse.call(this, x, y, rx, ry, ...rest); };"
                + "try { p.redraw(); } finally { proto.ellipse = ellipse; } return seen;");
        List<?> sigma = (List<?>) js("const p = atlas.lenses.roam.plane, s = atlas.points.splits.test.sigma;"
                + "return [s[34] * p.pxPerUnit, s[35] * p.pxPerUnit];");
        double rx = ((Number) sigma.get(0)).doubleValue(), ry = ((Number) sigma.get(1)).doubleValue();
        assertThat(Math.abs(rx - ry)).as("the fixture's posterior is uneven").isGreaterThan(2);
        assertThat(rings).as("the ±1σ ring and a halo 4 px outside it, both ellipses")
                .anySatisfy(r -> assertThat(r.get(0).doubleValue()).isCloseTo(rx, within(1e-6)))
                .anySatisfy(r -> {
                    assertThat(r.get(0).doubleValue()).isCloseTo(rx + 4, within(1e-6));
                    assertThat(r.get(1).doubleValue()).isCloseTo(ry + 4, within(1e-6));
                });
    }

    @ParameterizedTest(name = "{0}x{0}")
    @CsvSource({"28, 2.0, 3.0", "8, 1.0, 1.6"})
    void theBrushIsAsThickAsTheDatasPen(int side, double min, double max) {
        // A vertical stroke down the pad; each row's summed ink is the stroke's width in the model's pixels.
        Object width = chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1], n = arguments[0];"
                + "import('/draw.js').then(({DrawPad}) => {"
                + " const pad = new DrawPad(document.createElement('canvas'), n, n, () => {});"
                + " const {width: W, height: H} = pad.canvas; pad.stroke([W / 2 + 0.3, 0.2 * H], [W / 2 + 0.3, 0.8 * H]);"
                + " const x = pad.pixels(); let ink = 0, rows = 0;"
                + " for (let r = Math.ceil(0.35 * n); r < Math.floor(0.65 * n); r++, rows++)"
                + "  for (let c = 0; c < n; c++) ink += x[r * n + c];"
                + " done(ink / rows); });", side);
        assertThat(((Number) width).doubleValue()).as("stroke width in pixels at %dx%d", side, side).isBetween(min, max);
    }

    /**
     * A selection and a drawing are two posteriors, and ±σ frames the one touched last: each panel's hint names the link
     * beside it, which frames its own posterior, never the button, which may frame the other one.
     */
    @Test
    void eachPosteriorsPanelNamesItsOwnLinkWhichFramesItWhateverTheSigmaButtonFrames() {
        js("atlas.lenses.roam.select(17)");
        drawWithTheMouse(strokeDownTheMiddle());
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        WebElement sigma = element("#lens-roam .zoom-bar [aria-label^='Zoom to the posterior']");
        assertThat(sigma.getAttribute("aria-label")).as("the drawing came last").isEqualTo("Zoom to the posterior of the"
                + " drawing: μ ± 3σ");
        String roam = "const p = atlas.lenses.roam.plane, t = atlas.points.splits.test, m = [t.mu[34], t.mu[35]];";
        js(roam + "p.setView({cx: m[0] + 2, cy: m[1] + 2, half: 0.5})");
        assertThat((Boolean) js(roam + "return p.inView(...m)")).as("the selected μ out of view").isFalse();
        assertThat(text("#lens-roam .selection-stats")).contains("outside the plane's view: \"zoom the plane to it\" goes"
                + " there").doesNotContain("±σ");

        WebElement go = element("#lens-roam .selection-go");
        js("arguments[0].scrollIntoView({block: 'center'})", go);
        go.click();
        waitUntil(() -> (Boolean) js(roam + "return p.view.cx === m[0] && p.view.cy === m[1]"));
        assertThat(text("#lens-roam .selection-stats")).doesNotContain("outside");
        assertThat(sigma.getAttribute("aria-label")).as("the selection, zoomed to last").isEqualTo("Zoom to the"
                + " posterior of the selected point: μ ± 3σ");
        js("arguments[0].scrollIntoView({block: 'start'})", element("#lens-roam .plane-card"));
        chrome.viewportScreenshot("roam-selection-zoomed-by-its-link-1280");
    }

    @Test
    void withTheTrainPointsShownClickingATestPointSelectsThatTestPoint() {
        element("#lens-roam [name=train]").click();
        int target = 17;
        clickTestPoint("#lens-roam", "roam", target);
        waitUntil(() -> attr("#lens-roam", "data-selected") != null);
        assertThat(intOrMinus1(attr("#lens-roam", "data-selected"))).isEqualTo(target);
        assertThat(text("#lens-roam .selection-title")).contains("Test #17");
    }
}
