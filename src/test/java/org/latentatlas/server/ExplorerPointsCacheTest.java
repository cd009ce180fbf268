package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Many points (60,000 train points) are drawn once into a cache that a zoom moves and scales, then drawn again sharp
 * when the view rests: tried here with the cache's threshold lowered to the fixture's few hundred points. How fast it
 * is, is measured, not asserted (BENCHMARKS.md, ExplorerBench).
 */
@DisplayName("The latent plane's cache of many points in headless Chromium")
class ExplorerPointsCacheTest extends ExplorerPageTestBase {
    private static final String ROAM = "const p = atlas.lenses.roam.plane;";

    /** The base canvas's pixels over the plot, as one array of RGBA bytes. */
    private static final String PLOT_PIXELS = "const {x, y, side} = p.plot, k = p.size.dpr;"
            + "return Array.from(p.base.getContext('2d').getImageData(Math.ceil(x * k) + 2, Math.ceil(y * k) + 2,"
            + " Math.floor(side * k) - 4, Math.floor(side * k) - 4).data);";

    @Test
    @SuppressWarnings("unchecked")
    void aZoomShowsTheCacheScaledAndTheViewAtRestIsDrawnSharpAsWithoutTheCache() {
        js(ROAM + "p.pointsCache.above = 0; p.redrawBase();");
        assertThat((Boolean) js(ROAM + "return p.pointsCache.image != null")).as("a points cache once over the threshold").isTrue();
        // Within the frame after a zoom, the cache drawn at 1× stands in for the points, twice their size.
        Map<String, Object> moving = (Map<String, Object>) chrome.driver.executeAsyncScript(ROAM
                + "const done = arguments[arguments.length - 1];"
                + "p.setView({cx: 0.5, cy: -0.3, half: p.extent / 2});"
                + "const c = p.pointsCache;"
                + "requestAnimationFrame(() => done({cached: c.image.view.half, shown: p.view.half, at: c.placed(c.image.view)}));");
        assertThat(((Number) moving.get("cached")).doubleValue()).as("the cache's view, while the zoom has not rested")
                .isEqualTo(2 * ((Number) moving.get("shown")).doubleValue());
        assertThat(((Number) ((List<?>) moving.get("at")).get(2)).doubleValue()).as("the cache's scale").isEqualTo(2.0);
        new WebDriverWait(chrome.driver, WAIT).until(d -> (Boolean) js(ROAM
                + "const v = p.pointsCache.image.view; return v.half === p.view.half && v.cx === p.view.cx"));
        chrome.screenshot("roam-points-cache-sharp");
        assertDrawnAsWithoutTheCache((List<List<Number>>) js(ROAM + CACHED_AND_DIRECT));
    }

    /**
     * A resize while the points are being sharpened (a window resized, a phone turned) drops the sharpening: it drew at
     * the old plot's size, and once whole it replaced the image drawn at the new one, its points out of place until
     * the next change of the view. The test holds the sharpening in flight until the plane has its new size.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aResizeWhileThePointsAreSharpenedLeavesThemWhereTheNewPlotPlacesThem() {
        js(ROAM + "p.pointsCache.above = 0; p.redrawBase(); window.holdSharpening = true;"
                + "const draw = p.drawPoints.bind(p);"
                // The sharpening draws a slice at a time, from and to given; held, it draws none and waits a frame.
                + "p.drawPoints = function (ctx, layer, from, to) {"
                + "  if (arguments.length < 4 || !window.holdSharpening) return draw(...arguments);"
                + "  window.sharpeningHeld = true; return from; };"
                + "p.setView({cx: 0.5, cy: -0.3, half: p.extent / 2});");
        new WebDriverWait(chrome.driver, WAIT).until(d -> (Boolean) js("return window.sharpeningHeld === true"));
        Number side = (Number) js(ROAM + "return p.plot.side");
        chrome.viewport(1000, 700);
        new WebDriverWait(chrome.driver, WAIT).until(d -> (Boolean) js(ROAM + "return p.plot.side !== arguments[0]", side));
        // Let go, then two frames: the held sharpening's next slice comes in the first, where it was not dropped.
        List<List<Number>> pixels = (List<List<Number>>) chrome.driver.executeAsyncScript(ROAM
                + "const done = arguments[arguments.length - 1]; window.holdSharpening = false;"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done((() => {" + CACHED_AND_DIRECT + "})())));");
        assertDrawnAsWithoutTheCache(pixels);
    }

    /** The plot's pixels drawn from the cache, then straight onto it ([cached, direct]): one script, so nothing repaints between. */
    private static final String CACHED_AND_DIRECT = "const read = () => { " + PLOT_PIXELS + " };"
            + "const cached = read(); p.pointsCache.above = Infinity; p.redrawBase(); return [cached, read()];";

    private static void assertDrawnAsWithoutTheCache(List<List<Number>> pixels) {
        List<Number> cached = pixels.get(0), direct = pixels.get(1);
        assertThat(cached.size()).isEqualTo(direct.size());
        // The points are laid over a transparent cache first, then onto the plot: the blending rounds differently
        // (most where faint edges overlap), so a few bytes differ, by little; points out of place would differ widely.
        int off = 0;
        for (int i = 0; i < cached.size(); i++) {
            off += Math.abs(cached.get(i).intValue() - direct.get(i).intValue()) > 8 ? 1 : 0;
        }
        assertThat(off).as("bytes of the plot more than 8 off the points drawn straight onto it, of %s", cached.size())
                .isLessThan(cached.size() / 500);
    }

    /**
     * A redraw at the view being sharpened (the decoded grid shown once it is done, 0.3 s after a zoom rests) leaves the
     * sharpening be: starting it over threw away the slices drawn so far and kept the points blurred the longer.
     */
    @Test
    void aRedrawAtTheViewBeingSharpenedDoesNotStartItOver() {
        List<?> jobs = (List<?>) js(ROAM + "p.pointsCache.above = 0; p.redrawBase();"
                + "p.setView({cx: 0.5, cy: -0.3, half: p.extent / 2}); p.drawBase(); const before = p.pointsCache.job;"
                + "p.setBackground(null); return [before, p.pointsCache.job];");
        assertThat(jobs.get(1)).as("the sharpening's job after a redraw at its view").isEqualTo(jobs.get(0));
        new WebDriverWait(chrome.driver, WAIT).until(d -> (Boolean) js(ROAM
                + "const v = p.pointsCache.image.view; return v.half === p.view.half && v.cx === p.view.cx"));
    }
}
