package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.latentatlas.Prerequisites;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the explorer's browser tests share: one fixture server and one headless Chromium per test class, the
 * page opened fresh at 1280x800 before each test, no severe console entries after it, and the helpers that
 * read canvases and move the pointer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExplorerPageTestBase {
    static final Duration WAIT = Duration.ofSeconds(20);

    ExplorerFixture fixture;
    ExplorerServer server;
    URI address;
    HeadlessChrome chrome;

    @BeforeAll
    void startServerAndBrowser() throws IOException {
        Prerequisites.require(HeadlessChrome.available(), "needs Debian's chromium-driver at " + HeadlessChrome.CHROMEDRIVER);
        fixture = fixture();
        address = serve(fixture);
        chrome = HeadlessChrome.start(1280, 800);
    }

    /**
     * Puts the page for {@code f} where the browser can open it and returns its address: the fixture server by default;
     * an export's classes serve their folder or file instead.
     */
    URI serve(ExplorerFixture f) throws IOException {
        server = new ExplorerServer(f.modelFile(), f.pointsJson());
        return server.start("127.0.0.1", 0);
    }

    /** The model and points the class's server serves: the 2-D digits unless a class needs another. */
    ExplorerFixture fixture() {
        return ExplorerFixture.digits();
    }

    @AfterAll
    void stop() {
        if (chrome != null) {
            chrome.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openThePage() {
        chrome.viewport(1280, 800);
        open(address);
    }

    @AfterEach
    void consoleHasNoErrors() {
        assertThat(chrome.severeLogs()).as("severe browser console entries").isEmpty();
    }

    void open(URI uri) {
        chrome.driver.get("about:blank");
        chrome.driver.get(uri.toString());
        new WebDriverWait(chrome.driver, WAIT).until(d -> !"loading".equals(attr("body", "data-state")));
        assertThat(attr("body", "data-state")).as("page state; error: %s", js("return atlas.error")).isEqualTo("ready");
    }

    void clickTestPoint(String lens, String lensName, int index) {
        double[] f = testPointFraction(lensName, index);
        pointAt(element(lens + " .plane canvas"), f[0], f[1], true);
    }

    /** Taps test point index with a finger, where it is on screen now (the plane must be in view). */
    void tapTestPoint(String lensName, int index) {
        double[] f = testPointFraction(lensName, index);
        List<?> r = (List<?>) js("const r = atlas.lenses[arguments[0]].plane.canvas.getBoundingClientRect();"
                + "return [r.left, r.top, r.width, r.height];", lensName);
        tap(((Number) r.get(0)).doubleValue() + f[0] * ((Number) r.get(2)).doubleValue(),
                ((Number) r.get(1)).doubleValue() + f[1] * ((Number) r.get(3)).doubleValue());
    }

    /** Where test point index lies on a lens's plane, as fractions of the canvas's width and height. */
    private double[] testPointFraction(String lensName, int index) {
        List<?> px = (List<?>) js("const p = atlas.lenses[arguments[0]].plane; const t = atlas.points.splits.test;"
                + "const r = p.canvas.getBoundingClientRect(); const q = p.toPx(...p.at(t.mu, arguments[1] * t.latentDim));"
                + "return [q[0] / r.width, q[1] / r.height];", lensName, index);
        return new double[] {((Number) px.get(0)).doubleValue(), ((Number) px.get(1)).doubleValue()};
    }

    /** A finger's tap at viewport coordinates: touch down and up without moving, as on a phone. */
    void tap(double x, double y) {
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence tap = new Sequence(finger, 0);
        tap.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), (int) Math.round(x),
                (int) Math.round(y)));
        tap.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        tap.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        chrome.driver.perform(List.of(tap));
    }

    /** A finger put down at the first viewport point, drawn through the others in 60 ms steps, and lifted. */
    void fingerDrag(double[]... points) {
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence drag = new Sequence(finger, 0);
        drag.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), (int) Math.round(points[0][0]),
                (int) Math.round(points[0][1])));
        drag.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int k = 1; k < points.length; k++) {
            drag.addAction(finger.createPointerMove(Duration.ofMillis(60), PointerInput.Origin.viewport(),
                    (int) Math.round(points[k][0]), (int) Math.round(points[k][1])));
        }
        drag.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        chrome.driver.perform(List.of(drag));
    }

    /** Whether an element's whole box is inside the viewport. */
    boolean inViewport(WebElement e) {
        return (Boolean) js("const r = arguments[0].getBoundingClientRect();"
                + "return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;", e);
    }

    /**
     * Moves the mouse to a fraction (fx, fy) of an element's box, optionally clicking. Scrolls it into view
     * first and uses viewport coordinates: WebDriver's element offsets count from the centre of the element's
     * visible part, which is not its centre when it is taller than the viewport.
     */
    void pointAt(WebElement element, double fx, double fy, boolean click) {
        js("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element);
        List<?> r = (List<?>) js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
                element);
        double left = ((Number) r.get(0)).doubleValue(), top = ((Number) r.get(1)).doubleValue();
        int x = (int) Math.round(left + fx * ((Number) r.get(2)).doubleValue());
        int y = (int) Math.round(top + fy * ((Number) r.get(3)).doubleValue());
        Actions actions = new Actions(chrome.driver).moveToLocation(x, y);
        (click ? actions.click() : actions).perform();
    }

    /** Interpolate's pair: the test indices of A and B. */
    int[] interpolationPair() {
        List<?> pair = (List<?>) js("const s = document.getElementById('lens-interpolate').interpolate; return [s.a, s.b];");
        return pair.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    /** Pixels darker than mid-grey: ink the decoder (or the data) put on the canvas. */
    long inkPixels(String selector) {
        return ((Number) js("const c = document.querySelector(arguments[0]);"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 128) n++; return n;", selector))
                .longValue();
    }

    /** A coarse fingerprint of a canvas: total darkness and its first moment, to tell two images apart. */
    int[] inkHistogram(String selector) {
        List<?> v = (List<?>) js("const c = document.querySelector(arguments[0]);"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let s = 0, m = 0;"
                + "for (let i = 0; i < d.length; i += 4) { s += 255 - d[i]; m += (i / 4) * (255 - d[i]); }"
                + "return [s, Math.round(m / 1000)];", selector);
        return v.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    Object js(String script, Object... args) {
        return chrome.driver.executeScript(script, args);
    }

    WebElement element(String css) {
        return chrome.driver.findElement(By.cssSelector(css));
    }

    String text(String css) {
        return element(css).getText();
    }

    /** Text as written in the page, before CSS transforms such as uppercase labels. */
    String content(String css) {
        return (String) js("return document.querySelector(arguments[0]).textContent", css);
    }

    String attr(String css, String name) {
        return element(css).getAttribute(name);
    }

    static int intOrMinus1(String s) {
        return s == null ? -1 : Integer.parseInt(s);
    }

    void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(chrome.driver, WAIT).until(d -> condition.getAsBoolean());
    }

    /**
     * Shows Generate and waits for its samples grid to be painted at the size it is shown: the grid was drawn while its
     * tab was hidden, and a resize observer paints it again a frame after the tab appears. Pixels read before that are
     * the hidden tab's, and a later read differs from them though the samples did not change.
     */
    void showGenerate() {
        element("#tab-generate").click();
        waitUntil(() -> Boolean.TRUE.equals(js("const g = document.getElementById('lens-generate');"
                + " const room = Math.floor(g.querySelector('.samples-wrap').clientWidth * devicePixelRatio);"
                + " return room > 0 && g.generate.tile.room === room && g.generate.tile.dpr === devicePixelRatio;")));
    }

    /**
     * For a page that is not the fixture server's (an export): it holds the fixture's model and test points, decodes
     * like Java within 1e-5, and draws the decoded glyph under the pointer; the screenshot is named {@code shot}.
     */
    void assertShowsTheFixtureAndDecodesLikeJava(String shot) {
        assertThat(((Number) js("return atlas.points.splits.test.count")).intValue())
                .isEqualTo(fixture.points.get("test").count());
        assertThat(content("#model-title")).isEqualTo("VAE on digits");
        float[] z = {0.8f, -1.2f};
        List<?> page = (List<?>) js("return atlas.decode(arguments[0])", List.of((double) z[0], (double) z[1]));
        float[] expected = fixture.decode(z);
        for (int p = 0; p < expected.length; p++) {
            assertThat(((Number) page.get(p)).doubleValue()).as("pixel %d", p)
                    .isCloseTo(expected[p], within(1e-5));
        }
        pointAt(element("#lens-roam .plane canvas"), 0.5, 0.3, false);
        waitUntil(() -> inkPixels("#lens-roam .glyph-live") > 0);
        assertThat(chrome.screenshot(shot)).exists();
    }

    /** For a page whose policy is its own {@code <meta>}: an inline script injected into the page never runs. */
    void assertAnInjectedScriptIsRefused() {
        Object ran = js("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                + " document.head.append(s); return window.inlineRan === true");
        assertThat(ran).as("an inline script ran: the page's Content-Security-Policy is not in force").isEqualTo(false);
        chrome.severeLogs(); // the refusal is logged as an error: expected here, not a fault of the page
    }
}
