package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An export as a static host serves it: the folder {@link ExplorerExport} writes, behind a plain file server written
 * here (no Content-Security-Policy header, nothing but the files), opened in headless Chromium; and the same folder
 * opened as a file, which cannot work, and must say so.
 */
@DisplayName("The exported explorer on a static host")
class ExplorerExportBrowserTest extends ExplorerPageTestBase {
    /** What a plain static host sends as Content-Type (Python's http.server, GitHub Pages): by extension. */
    private static final Map<String, String> TYPES = Map.of("html", "text/html", "js", "text/javascript",
            "css", "text/css", "json", "application/json", "txt", "text/plain");

    private Path site;
    private HttpServer host;

    /** The export's folder behind a plain static host. */
    @Override
    URI serve(ExplorerFixture f) throws IOException {
        site = Files.createTempDirectory("atlas-export-").resolve("site");
        ExplorerExport.write(ExplorerExport.claim(site, false), f.modelFile(), f.pointsJson(), "the fixture", true);
        host = staticHost(site);
        return URI.create("http://127.0.0.1:" + host.getAddress().getPort() + "/");
    }

    @AfterAll
    void stopHostAndRemoveTheSite() throws IOException {
        if (host != null) {
            host.stop(0);
        }
        if (site != null) {
            try (Stream<Path> files = Files.walk(site.getParent())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Files from the folder by name ("/" is index.html), a type by extension, and no other header. */
    private static HttpServer staticHost(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String name = file.getFileName().toString();
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(
                        name.substring(name.lastIndexOf('.') + 1), "application/octet-stream"));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    /** The base class opened the page and saw it ready; here it is checked to hold the model and points it fetched. */
    @Test
    void thePageLoadsTheModelAndThePointsAndDecodesLikeJava() {
        assertShowsTheFixtureAndDecodesLikeJava("export-static-host");
    }

    /** With no header to carry it, the policy is the page's own: an inline script injected into the page never runs. */
    @Test
    void thePagesOwnPolicyHoldsWithoutAHeader() {
        assertAnInjectedScriptIsRefused();
    }

    @Test
    void openedAsAFileThePageSaysToServeItsFolder() {
        chrome.driver.get(site.resolve("index.html").toUri().toString());
        assertSaysToServeTheFolder(chrome, "export-opened-as-file");
        // Chromium refuses the module from file:// (that is the failure the page explains), logging it as errors.
        assertThat(chrome.severeLogs()).isNotEmpty().allSatisfy(entry -> assertThat(entry).contains("/app.js"));
    }

    /**
     * Where a browser does run modules from file:// (Firefox does, Chromium when told to), app.js runs but no fetch of a
     * file: URL can work: it must leave the page to the same message, not replace it with "Failed to fetch".
     */
    @Test
    void whereModulesRunFromFilesThePageSaysTheSame() {
        try (HeadlessChrome modulesFromFiles = HeadlessChrome.start(1280, 800, "--allow-file-access-from-files")) {
            modulesFromFiles.driver.get(site.resolve("index.html").toUri().toString());
            assertSaysToServeTheFolder(modulesFromFiles, "export-opened-as-file-modules-run");
            assertThat((Boolean) modulesFromFiles.driver.executeScript("return typeof window.atlas === 'object'"))
                    .as("app.js ran").isTrue();
            assertThat(modulesFromFiles.severeLogs()).isEmpty();
        }
    }

    private static void assertSaysToServeTheFolder(HeadlessChrome browser, String screenshot) {
        new WebDriverWait(browser.driver, WAIT).until(d -> "error".equals(
                d.findElement(org.openqa.selenium.By.tagName("body")).getAttribute("data-state")));
        String status = (String) browser.driver.executeScript("return document.getElementById('status').textContent");
        assertThat(status).startsWith("This page was opened as a file").contains(
                "python3 -m http.server --bind 127.0.0.1", "http://127.0.0.1:8000/", "static web host");
        assertThat((String) browser.driver.executeScript("return document.getElementById('model-title').textContent"))
                .isEqualTo("No model loaded");
        browser.screenshot(screenshot);
    }
}
