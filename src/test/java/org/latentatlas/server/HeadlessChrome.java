package org.latentatlas.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven offline by Debian's chromedriver (DESIGN §7): the driver path is explicit so
 * Selenium Manager never goes to the network, the profile is a fresh temporary folder, and the viewport is
 * set exactly through CDP (new headless counts the window frame in --window-size).
 */
final class HeadlessChrome implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChrome(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static boolean available() {
        return Files.isExecutable(CHROMEDRIVER);
    }

    /** @param switches more of Chromium's command-line switches ("--allow-file-access-from-files"), if any */
    static HeadlessChrome start(int width, int height, String... switches) {
        Path profile;
        try {
            profile = Files.createTempDirectory("atlas-chrome-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(switches);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        HeadlessChrome chrome = new HeadlessChrome(new ChromeDriver(service, options), profile);
        chrome.viewport(width, height);
        return chrome;
    }

    /** Sets the layout viewport exactly; narrow widths are emulated as a phone (touch, mobile layout). */
    void viewport(int width, int height) {
        viewport(width, height, 1);
    }

    /** The same with devicePixelRatio dpr: dpr device pixels to the CSS pixel, as on a high-density screen. */
    void viewport(int width, int height, double dpr) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", dpr, "mobile", width < 600));
    }

    /**
     * A browser on two screens side by side, the second at devicePixelRatio 2, with no emulated viewport: moved there
     * (toTheDenserScreen) its page sees a real change of devicePixelRatio. An emulated one (viewport) notifies no
     * resize observer, media query or resize event of a page already open.
     */
    static HeadlessChrome onTwoScreens() {
        HeadlessChrome chrome = start(1280, 800, "--screen-info={0,0 1280x800}{1280,0 1280x800 devicePixelRatio=2}");
        chrome.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        return chrome;
    }

    /**
     * Moves the window of onTwoScreens onto its denser screen in one step, twice as many device pixels wide and high
     * there, which is its size in CSS pixels as before: the page sees devicePixelRatio change and nothing else.
     */
    void toTheDenserScreen() {
        Map<String, Object> window = driver.executeCdpCommand("Browser.getWindowForTarget", Map.of());
        Map<?, ?> bounds = (Map<?, ?>) window.get("bounds");
        driver.executeCdpCommand("Browser.setWindowBounds", Map.of("windowId", window.get("windowId"), "bounds", Map.of(
                "left", 1400, "top", 0, "width", 2 * ((Number) bounds.get("width")).intValue(),
                "height", 2 * ((Number) bounds.get("height")).intValue())));
    }

    /** Moves the window of onTwoScreens back from the denser screen to the first, at its size in CSS pixels. */
    void backToTheFirstScreen() {
        Map<String, Object> window = driver.executeCdpCommand("Browser.getWindowForTarget", Map.of());
        Map<?, ?> bounds = (Map<?, ?>) window.get("bounds");
        driver.executeCdpCommand("Browser.setWindowBounds", Map.of("windowId", window.get("windowId"), "bounds", Map.of(
                "left", 0, "top", 0, "width", ((Number) bounds.get("width")).intValue() / 2,
                "height", ((Number) bounds.get("height")).intValue() / 2)));
    }

    /** Runs a script in every page opened from now on, before the page's own. */
    void beforeEachPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Browser console entries at SEVERE (console.error, uncaught exceptions, failed loads) since the last call. */
    List<String> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    /**
     * Captures only what is on screen, without the full-page capture's temporary resize (which makes the page
     * see the pointer leave): for hover states.
     */
    Path viewportScreenshot(String name) {
        byte[] png = driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Captures the whole page, not only the viewport, to target/screenshots/NAME.png. */
    Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) size.get("width")).doubleValue(), "height", ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
