package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.DigitsCsv;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the page says of its data where it is not simply the model's own: points from other data, no points file, no
 * model file, points that all sit at the prior's centre.
 */
@DisplayName("The explorer's notes on its data")
class ExplorerPageNotesTest extends ExplorerPageTestBase {
    private static final String OTHER_HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** serve --dataset OTHER: the points are OTHER's, and the line says so beside what the model was trained on. */
    @Test
    void pointsFromOtherDataAreNamedWithTheirOwnHashBesideTheTrainingData() {
        byte[] points = PointsJson.build("other.csv", 8, 8, DigitsCsv.CLASS_NAMES, 2, fixture.points, OTHER_HASH);
        try (ExplorerServer other = new ExplorerServer(fixture.modelFile(), points)) {
            open(other.start("127.0.0.1", 0));
            assertThat(content("#model-data")).isEqualTo("points from other.csv (test sha256 0123456789ab…) · test 360"
                    + " / train 1437 points · 8×8 images · 10 classes · the model was trained on digits (test sha256 "
                    + fixture.split.test().sha256().substring(0, 12) + "…)");
            assertThat(content("#model-title")).as("the model's, as trained").isEqualTo("VAE on digits");
            chrome.screenshot("notes-points-from-other-data");
        }
    }

    /** Data trained on from a path is named by its file, as points.json names it: the folders were the trainer's. */
    @Test
    void aModelTrainedOnAFileIsNamedByTheFileAloneOnThePage() {
        byte[] points = PointsJson.build("tiny.csv", 8, 8, DigitsCsv.CLASS_NAMES, 2, fixture.points,
                fixture.split.test().sha256());
        try (ExplorerServer served = new ExplorerServer(fixture.modelFileTrainedOn("/home/me/data/tiny.csv"), points)) {
            open(served.start("127.0.0.1", 0));
            assertThat(content("#model-title")).isEqualTo("VAE on tiny.csv");
            assertThat(chrome.driver.getTitle()).isEqualTo("Latent Atlas · VAE on tiny.csv");
            assertThat(content("#model-data")).startsWith("tiny.csv · 8×8 images · 10 classes · test 360");
        }
    }

    /**
     * The training data under its own hash is the training data, whatever points.json calls it (a file's name, where
     * the model recorded the path it was trained from).
     */
    @Test
    void pointsOfTheTrainingDataKeepTheModelsLine() {
        byte[] points = PointsJson.build("digits.csv", 8, 8, DigitsCsv.CLASS_NAMES, 2, fixture.points,
                fixture.split.test().sha256());
        try (ExplorerServer same = new ExplorerServer(fixture.modelFile(), points)) {
            open(same.start("127.0.0.1", 0));
            assertThat(content("#model-data")).isEqualTo("digits · 8×8 images · 10 classes · test 360 / train 1437"
                    + " points · test sha256 " + fixture.split.test().sha256().substring(0, 12) + "…");
        }
    }

    /**
     * A site under /repo/ (GitHub Pages) uploaded without its points.json: the page names the URL it fetched and runs
     * without points; without its model.safetensors nothing can run, and the footer's claim that a model file was
     * loaded goes too.
     */
    @Test
    void aMissingPointsFileIsNamedByItsUrlAndLeavesTheExplorerWithoutPointsButAMissingModelStopsIt() {
        HttpServer host = repoHost(Map.of("model.safetensors", fixture.modelFile()));
        try {
            URI page = URI.create("http://127.0.0.1:" + host.getAddress().getPort() + "/repo/");
            open(page);
            assertThat(text("#status")).isEqualTo("No data points: this page's points.json is not at " + page
                    + "points.json (404 Not Found). The decoder, the prior samples and the draw pad work without them.");
            assertThat(content("#model-data")).isEqualTo("digits · 8×8 images · no data points · test sha256 "
                    + fixture.split.test().sha256().substring(0, 12) + "…");
            assertThat(element(".footer").isDisplayed()).isTrue();
            chrome.screenshot("notes-points-json-missing");
            assertThat(chrome.severeLogs()).singleElement().asString().contains(page + "points.json", "404");
        } finally {
            host.stop(0);
        }
        host = repoHost(Map.of("points.json", fixture.pointsJson()));
        try {
            URI page = URI.create("http://127.0.0.1:" + host.getAddress().getPort() + "/repo/");
            chrome.driver.get(page.toString());
            new WebDriverWait(chrome.driver, WAIT).until(d -> "error".equals(attr("body", "data-state")));
            assertThat(text("#status")).isEqualTo("The explorer could not start: GET " + page + "model.safetensors"
                    + " answered 404 Not Found");
            assertThat(text("#model-title")).isEqualTo("No model loaded");
            assertThat(element(".footer").isDisplayed()).as("'the decoder runs … from the model file it loaded'")
                    .isFalse();
            chrome.screenshot("notes-model-missing");
            assertThat(chrome.severeLogs()).singleElement().asString().contains(page + "model.safetensors", "404");
        } finally {
            host.stop(0);
        }
    }

    /**
     * With scripts off nothing loads: the {@code <noscript>} banner says why, and no "Loading…" title or box waits beside
     * it for a model that never comes, nor do tabs that switch nothing.
     */
    @Test
    void withScriptsOffOnlyTheBannerShowsNotALoadingBoxThatCannotFinish() {
        try (HeadlessChrome off = HeadlessChrome.start(1280, 800, "--blink-settings=scriptEnabled=false")) {
            off.driver.get(address.toString()); // returns at the load event: without scripts the page is final then
            assertThat(off.driver.findElement(By.cssSelector("noscript .status")).getText())
                    .isEqualTo("The explorer runs the model in this page with JavaScript; please enable it.");
            assertThat(off.driver.findElement(By.id("status")).isDisplayed()).as("the Loading… box").isFalse();
            assertThat(off.driver.findElement(By.id("model-title")).isDisplayed()).as("'Loading model…'").isFalse();
            assertThat(off.driver.findElement(By.cssSelector(".tabs")).isDisplayed()).as("tabs that switch nothing").isFalse();
            off.screenshot("notes-scripts-off");
        }
    }

    /**
     * A collapsed model (β large, no unit active): every μ within a few hundredths of 0, a blot under the plane's
     * centre. The plane says so, with the numbers, and what it means; a model whose points spread says nothing.
     */
    @Test
    void pointsAllAtThePriorsCentreAreExplainedOnThePlane() {
        assertThat(element("#lens-roam .plane-note").isDisplayed()).as("the fixture's points spread").isFalse();
        PointsJson.SplitPoints test = fixture.points.get("test");
        int n = 300;
        float[] mu = new float[2 * n];
        float[] sigma = new float[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            mu[i] = (float) (0.043 * Math.sin(1.7 * i)); // (n, 2)
            sigma[i] = 0.97f + 0.02f * (i % 3);
        }
        PointsJson.SplitPoints collapsed = new PointsJson.SplitPoints(mu, sigma, Arrays.copyOf(test.labels(), n),
                Arrays.copyOf(test.pixels(), n * 64));
        byte[] points = PointsJson.build("digits", 8, 8, DigitsCsv.CLASS_NAMES, 2, Map.of("test", collapsed));
        try (ExplorerServer other = new ExplorerServer(fixture.modelFile(), points)) {
            open(other.start("127.0.0.1", 0));
            String expected = "All 300 test μ lie within 0.05 of 0 on z₀ and z₁, their σ averaging 0.99: each"
                    + " q(z | x) ≈ the prior N(0, 1), so the encoder ignores x here (posterior collapse: the KL term"
                    + " won). Zoom in (+) to see them.";
            assertThat(text("#lens-roam .plane-note")).isEqualTo(expected);
            assertThat(noteEndsAboveTheCentre()).as("ends 12 px above the centre, where the dots are; inside the plot")
                    .containsExactly(true, true);
            chrome.screenshot("notes-collapsed-plane");
            chrome.viewport(390, 844);
            js("document.querySelector('#lens-roam .plane').scrollIntoView()");
            waitUntil(() -> ((Number) js("return atlas.lenses.roam.plane.size.w")).intValue() < 390);
            chrome.viewportScreenshot("notes-collapsed-plane-390");
            assertThat(noteEndsAboveTheCentre()).as("on a phone").containsExactly(true, true);
            chrome.viewport(1280, 800);
            element("#tab-generate").click();
            assertThat(text("#lens-generate .plane-note")).isEqualTo(expected);
        }
    }

    /** Whether Roam's plane note ends 12 px above the plot's centre, and whether it is inside the plot across. */
    private List<Boolean> noteEndsAboveTheCentre() {
        List<?> r = (List<?>) js("const n = document.querySelector('#lens-roam .plane-note').getBoundingClientRect();"
                + " const p = atlas.lenses.roam.plane, c = p.canvas.getBoundingClientRect(), [, y] = p.toPx(0, 0);"
                + " return [n.bottom < c.top + y - 12,"
                + " n.left >= c.left + p.plot.x && n.right <= c.left + p.plot.x + p.plot.side];");
        return r.stream().map(Boolean.class::cast).toList();
    }

    /** A static host serving `files` under /repo/ and a 404 for anything else, as GitHub Pages serves a project. */
    private static HttpServer repoHost(Map<String, byte[]> data) {
        Map<String, byte[]> files = new HashMap<>(data);
        ExplorerPage.FILES.forEach(name -> files.put(name, ExplorerPage.read(name)));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    byte[] body = path.startsWith("/repo/")
                            ? files.get(path.equals("/repo/") ? "index.html" : path.substring("/repo/".length())) : null;
                    if (body == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css"
                            : path.endsWith(".json") ? "application/json" : path.endsWith("/") ? "text/html"
                            : "application/octet-stream";
                    exchange.getResponseHeaders().set("Content-Type", type);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
