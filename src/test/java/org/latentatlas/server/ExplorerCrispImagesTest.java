package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.OutputType;

/**
 * Every image on the page, not only Generate's grid, is drawn at the size it is shown: a whole number of device pixels
 * to each image pixel, the largest that fits the room the layout gives it, and on screen the canvas's own pixels one
 * to one. Scaled by CSS at a fractional factor, an image's pixels came out in uneven columns.
 */
@DisplayName("The explorer's images, pixel for pixel")
class ExplorerCrispImagesTest extends ExplorerPageTestBase {
    /** Each image canvas on show in a lens (the planes are not images), with what the test needs of it. */
    private static final String IMAGES = "const dpr = devicePixelRatio, all = document.querySelectorAll(arguments[0] + ' canvas');"
            + "all.forEach(c => delete c.dataset.image);"
            + "return [...all].filter(c => c.checkVisibility() && !c.closest('.plane'))"
            + ".map((c, k) => { c.dataset.image = k; const s = getComputedStyle(c), px = v => parseFloat(s[v]) || 0, b = c.getBoundingClientRect();"
            + " const content = b.width - px('borderLeftWidth') - px('borderRightWidth');"
            + " const {width, height} = c.style; c.style.width = c.style.height = '';" // the room the style sheet gives it
            + " const room = c.getBoundingClientRect().width - px('borderLeftWidth') - px('borderRightWidth');"
            + " Object.assign(c.style, {width, height});"
            + " return {k, name: c.className, cw: c.width, ch: c.height, device: content * dpr, room: room * dpr,"
            + "  opaque: !c.classList.contains('draw-pad')}; });";

    @ParameterizedTest(name = "{0}×{1} CSS pixels at devicePixelRatio {2}")
    @CsvSource({"1280, 800, 1", "390, 844, 1", "1280, 800, 2", "390, 844, 2"})
    void everyImagePixelIsAWholeNumberOfDevicePixelsOnScreen(int width, int height, int dpr) {
        chrome.viewport(width, height, dpr);
        open(address);
        js("atlas.lenses.roam.select(17); const pad = atlas.lenses.roam.pad.canvas;"
                + "atlas.lenses.roam.pad.stroke([0.5 * pad.width, 0.2 * pad.height], [0.5 * pad.width, 0.8 * pad.height]);");
        waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
        int roam = checkImages("#lens-roam", dpr);
        assertThat(roam).as("images in Roam: the decoded z, the selection, the pad and what it drew")
                .isEqualTo(width < 600 ? 8 : 6);
        chrome.viewportScreenshot("roam-images-" + width + "-dpr" + dpr);
        element("#tab-interpolate").click();
        assertThat(checkImages("#lens-interpolate", dpr)).as("the morph and the strip's 13").isEqualTo(14);
        chrome.viewportScreenshot("interpolate-images-" + width + "-dpr" + dpr);
    }

    @org.junit.jupiter.api.Test
    void aNewWidthAndDevicePixelRatioFitTheImagesAgainWithoutAReload() {
        js("atlas.lenses.roam.select(17)");
        int before = ((Number) js("return document.querySelector('#lens-roam .glyph-live').width")).intValue();
        chrome.viewport(390, 844, 2);
        waitUntil(() -> ((Number) js("return document.querySelector('#lens-roam .glyph-inset').width")).intValue() > 8);
        chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done()));");
        assertThat(checkImages("#lens-roam", 2)).as("the preview, the peek's two, the selection's two, the empty pad").isEqualTo(6);
        chrome.viewport(1280, 800, 1);
        waitUntil(() -> ((Number) js("return document.querySelector('#lens-roam .glyph-live').width")).intValue() == before);
        chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done()));");
        assertThat(checkImages("#lens-roam", 1)).isEqualTo(4);
    }

    /**
     * Before a page's scripts: a browser whose resize observers know no box in device pixels, as Safari's (the entries
     * without devicePixelContentBoxSize, the box refused); and, in any browser, the media queries the page makes.
     */
    private static final String AS_SAFARI = "{ delete ResizeObserverEntry.prototype.devicePixelContentBoxSize;"
            + "const observe = ResizeObserver.prototype.observe;"
            + "ResizeObserver.prototype.observe = function (target, options) {"
            + "  if (options?.box === 'device-pixel-content-box') throw new TypeError('no such box, as in Safari');"
            + "  return observe.call(this, target, options); };"
            // Nor a resize event for the window on the move, as in Chromium: a worst case, where only the ratio changes
            + "addEventListener('resize', e => e.stopImmediatePropagation(), true); }";
    // In blocks: a const at a script's top level would be a global of that name, in place of window.matchMedia.
    private static final String MEDIA_QUERIES = "{ window.mediaQueries = []; const matchMedia = window.matchMedia;"
            + "window.matchMedia = function (query) { mediaQueries.push(query); return matchMedia.call(window, query); }; }";

    /**
     * The window moved to a denser screen changes devicePixelRatio and not the plane's size in CSS pixels: its canvases
     * are sized again in device pixels all the same, or the plane stays drawn at the old density, blurred. A resize
     * observer on the plane's box in CSS pixels never hears of it: where there is no other (Safari), a media query on
     * the ratio has the boxes observed again, armed anew at each ratio, and only there. Roam's images follow too. The
     * zoom row's width, which moves by a fraction of a pixel with the text at a new ratio and would lay the plane out
     * again by chance, is fixed.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"boxes watched in device pixels",
            "no box in device pixels, as in Safari"})
    void aNewDevicePixelRatioAloneDrawsThePlaneAgainAtIt(String browser) {
        boolean safari = browser.contains("Safari");
        HeadlessChrome one = chrome;
        try (HeadlessChrome two = HeadlessChrome.onTwoScreens()) {
            chrome = two;
            chrome.beforeEachPage(MEDIA_QUERIES + (safari ? AS_SAFARI : ""));
            open(address);
            js("atlas.lenses.roam.select(17)");
            String plane = "const p = atlas.lenses.roam.plane, b = p.canvas.getBoundingClientRect();"
                    + "return {cw: p.canvas.width, ch: p.canvas.height, base: p.base.width, dpr: devicePixelRatio,"
                    + " w: b.width * devicePixelRatio, h: b.height * devicePixelRatio, cssSizes: window.cssSizes};";
            js("const p = atlas.lenses.roam.plane; p.zoomBar.element.style.width = '140px';"
                    + "window.cssSizes = []; new ResizeObserver(es => cssSizes.push(es[0].contentRect.width + 'x'"
                    + " + es[0].contentRect.height)).observe(p.host);"
                    + "window.barSizes = []; new ResizeObserver(es => barSizes.push(es[0].contentRect.width))"
                    + ".observe(p.zoomBar.element);");
            // their first sizes, on observing them
            waitUntil(() -> ((List<?>) js("return cssSizes")).size() == 1 && ((List<?>) js("return barSizes")).size() == 1);
            Map<?, ?> before = (Map<?, ?>) js(plane);
            assertThat(num(before, "dpr")).isEqualTo(1);
            assertThat(num(before, "cw")).as("drawn at dpr 1 first").isEqualTo(Math.round(dbl(before, "w")));

            chrome.toTheDenserScreen();
            waitUntil(() -> ((Number) js("return devicePixelRatio")).doubleValue() == 2);
            String sized = "const p = atlas.lenses.roam.plane, b = p.canvas.getBoundingClientRect();"
                    + "return p.canvas.width === Math.round(b.width * devicePixelRatio) && p.base.width === p.canvas.width;";
            waitUntil(() -> Boolean.TRUE.equals(js(sized)));
            Map<?, ?> after = (Map<?, ?>) js(plane);
            assertThat((List<?>) after.get("cssSizes")).as("the plane's size in CSS pixels, as before").hasSize(1);
            assertThat(js("return barSizes")).as("the zoom row's width, as before").isEqualTo(List.of(140L));
            assertThat(dbl(after, "w")).as("twice the device pixels across").isCloseTo(2 * dbl(before, "w"), within(0.05));
            assertThat(num(after, "ch")).as("canvas pixels down = device pixels down").isEqualTo(Math.round(dbl(after, "h")));
            assertThat(checkImages("#lens-roam", 2)).as("Roam's images, fitted again as the plane is").isPositive();
            chrome.viewportScreenshot("roam-plane-on-a-denser-screen-" + (safari ? "as-safari" : "device-pixel-boxes"));

            chrome.backToTheFirstScreen(); // the query watches the new ratio: a second change is heard too
            waitUntil(() -> ((Number) js("return devicePixelRatio")).doubleValue() == 1);
            waitUntil(() -> Boolean.TRUE.equals(js(sized)));
            assertThat(checkImages("#lens-roam", 1)).as("Roam's images, back at dpr 1").isPositive();
            List<?> ratioQueries = (List<?>) js("return mediaQueries.filter(q => q.includes('resolution'))");
            assertThat(ratioQueries).as("media queries on devicePixelRatio: a second way to hear of it only where there is"
                    + " no first").isEqualTo(safari
                            ? List.of("(resolution: 1dppx)", "(resolution: 2dppx)", "(resolution: 1dppx)") : List.of());
            assertThat(chrome.severeLogs()).as("severe browser console entries").isEmpty();
        } finally {
            chrome = one;
        }
    }

    private static double dbl(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    /** Checks each image on show in a lens; returns how many there were. */
    private int checkImages(String lens, int dpr) {
        // A tab just shown fits its images from a resize observer, a frame or more later: wait until every canvas
        // has been drawn at its shown size (one that never is times the wait out).
        waitUntil(() -> ((List<?>) js(IMAGES, lens)).stream().map(o -> (Map<?, ?>) o)
                .allMatch(c -> Math.abs(((Number) c.get("device")).doubleValue() - num(c, "cw")) < 0.05));
        List<?> images = (List<?>) js(IMAGES, lens);
        for (Object o : images) {
            Map<?, ?> c = (Map<?, ?>) o;
            String name = lens + " ." + c.get("name");
            int cw = num(c, "cw"), ch = num(c, "ch"), scale = cw / 8;
            assertThat(((Number) c.get("device")).doubleValue()).as("%s: device pixels across = canvas pixels", name)
                    .isCloseTo(cw, within(0.05));
            assertThat(cw % 8).as("%s: %d device pixels to each of 8 image pixels", name, cw / 8.0).isZero();
            assertThat(ch).as("%s: as many down", name).isEqualTo(8 * scale);
            assertThat(((Number) c.get("room")).doubleValue() - cw)
                    .as("%s: device pixels of its room left free, fewer than one more to each image pixel would take", name)
                    .isBetween(-0.05, 8 - 0.05);
            if (Boolean.TRUE.equals(c.get("opaque"))) {
                assertThat(shownAsDrawn(lens, num(c, "k"), dpr)).as("%s: screen pixels that are not the canvas's", name).isZero();
            }
        }
        return images.size();
    }

    /** Of a lens's image numbered k by IMAGES, the canvas pixels the screen does not show where it lies. */
    private long shownAsDrawn(String lens, int k, int dpr) {
        String selector = lens + " canvas[data-image='" + k + "']";
        js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", selector);
        Map<?, ?> at = (Map<?, ?>) js("const c = document.querySelector(arguments[0]), s = getComputedStyle(c),"
                + " b = c.getBoundingClientRect(), px = v => parseFloat(s[v]) || 0;"
                + "return {left: (b.left + px('borderLeftWidth')) * devicePixelRatio, top: (b.top + px('borderTopWidth')) * devicePixelRatio,"
                + " png: c.toDataURL().slice(22)};", selector);
        BufferedImage canvas = ScreenPixels.png(Base64.getDecoder().decode((String) at.get("png")));
        BufferedImage screen = ScreenPixels.png(chrome.driver.getScreenshotAs(OutputType.BYTES));
        return ScreenPixels.fewestNotShown(canvas, screen, (int) Math.round(((Number) at.get("left")).doubleValue()),
                (int) Math.round(((Number) at.get("top")).doubleValue()), 4 * dpr);
    }

    private static int num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).intValue();
    }
}
