package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.Prerequisites;
import org.latentatlas.io.ModelFile;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real headless Chromium against the fixture model: every lens is opened and used, the
 * page must change the way a person would see it change, the console must stay free of errors, and each
 * state is saved to target/screenshots/ for a human to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The explorer page in headless Chromium")
class ExplorerBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ExplorerFixture fixture;
    private ExplorerServer server;
    private URI address;
    private HeadlessChrome chrome;

    @BeforeAll
    void startServerAndBrowser() {
        Prerequisites.require(HeadlessChrome.available(), "needs Debian's chromium-driver at " + HeadlessChrome.CHROMEDRIVER);
        fixture = ExplorerFixture.digits();
        server = new ExplorerServer(fixture.modelFile(), fixture.pointsJson());
        address = server.start("127.0.0.1", 0);
        chrome = HeadlessChrome.start(1280, 800);
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

    @Test
    void theHeaderNamesTheModelAndItsTestElboWithTheBound() {
        String header = content(".masthead");
        assertThat(header).contains("VAE on digits", "64–48–24–[2]–24–48–64", "2-D latent", "Bernoulli decoder");
        assertThat(content(".metric-elbo")).contains("test ELBO", "−27.4 ± 0.4 nats", "(Bernoulli, x/16)");
        assertThat(content(".metric-recon")).contains("22.1 nats");
        assertThat(content("#model-protocol")).contains("How these numbers were measured", "pixels x/16 in [0,1]");
        assertThat(content("#model-data")).contains("digits · 8×8 images · 10 classes · test 360 / train 1437 points",
                "test sha256 " + fixture.split.test().sha256().substring(0, 12));
        assertThat(content(".metric-kl")).contains("5.3 nats");
        assertThat(chrome.driver.getTitle()).isEqualTo("Latent Atlas · VAE on digits");
        assertThat(chrome.driver.findElements(By.cssSelector("#lens-roam .legend button"))).hasSize(10);
        chrome.screenshot("roam-1280");
    }

    @Test
    void at1280x800TheWholePlaneIsAboveTheFold() {
        double bottom = ((Number) js("return document.querySelector('#lens-roam .plane').getBoundingClientRect().bottom"))
                .doubleValue();
        assertThat(bottom).isLessThanOrEqualTo(800);
        chrome.viewportScreenshot("roam-1280-first-screen");
    }

    @Test
    void pointingAtThePlaneDecodesThatZIntoTheLiveGlyph() {
        String before = attr("#lens-roam .glyph-live", "data-z");
        int[] start = inkHistogram("#lens-roam .glyph-live");
        pointAt(element("#lens-roam .plane canvas"), 0.65, 0.3, false);
        waitUntil(() -> !before.equals(attr("#lens-roam .glyph-live", "data-z")));

        double[] z = Arrays.stream(attr("#lens-roam .glyph-live", "data-z").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        assertThat(z[0]).as("z1 right of centre").isPositive();
        assertThat(z[1]).as("z2 above centre").isPositive();
        assertThat(text("#lens-roam .zread")).startsWith("z = (").doesNotContain("0.00, 0.00");
        assertThat(inkPixels("#lens-roam .glyph-live")).as("dark pixels in the live glyph").isPositive();
        assertThat(inkHistogram("#lens-roam .glyph-live")).as("glyph pixels").isNotEqualTo(start);
        chrome.viewportScreenshot("roam-hover-1280");
    }

    @Test
    void clickingAPointShowsItsPosteriorAndItsInputBesideItsReconstruction() {
        assertThat(element("#lens-roam .selection").isDisplayed()).isFalse();
        int target = 17;
        clickTestPoint("#lens-roam", "roam", target);
        waitUntil(() -> target == intOrMinus1(attr("#lens-roam", "data-selected")));

        assertThat(element("#lens-roam .selection").isDisplayed()).isTrue();
        assertThat(text("#lens-roam .selection-title")).contains("Test #17");
        assertThat(text("#lens-roam .selection-stats")).contains("μ = (", "σ = (");
        assertThat(inkPixels("#lens-roam .glyph-input")).as("input image ink").isPositive();
        assertThat(inkPixels("#lens-roam .glyph-recon")).as("reconstruction ink").isPositive();
        chrome.screenshot("roam-selected-1280");
    }

    @Test
    void theDecodedGridBackgroundDrawsTheDecoderUnderThePoints() {
        element("#lens-roam [name=grid]").click();
        assertThat((Boolean) js("return atlas.lenses.roam.plane.background !== null")).isTrue();
        element("#lens-roam [name=train]").click();
        assertThat(((Number) js("return atlas.lenses.roam.plane.layers.length")).intValue()).isEqualTo(2);
        chrome.screenshot("roam-grid-train-1280");
    }

    @Test
    void theLegendHidesAndShowsAClass() {
        WebElement three = chrome.driver.findElements(By.cssSelector("#lens-roam .legend button")).get(3);
        three.click();
        assertThat(three.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat((Boolean) js("return atlas.lenses.roam.plane.hiddenClasses.has(3)")).isTrue();
        three.click();
        assertThat((Boolean) js("return atlas.lenses.roam.plane.hiddenClasses.has(3)")).isFalse();
    }

    @Test
    void theArrowKeysMoveTheProbeForKeyboardUsers() {
        WebElement plane = element("#lens-roam .plane canvas");
        plane.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT, org.openqa.selenium.Keys.ARROW_RIGHT,
                org.openqa.selenium.Keys.ARROW_DOWN);
        double[] z = Arrays.stream(attr("#lens-roam .glyph-live", "data-z").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        assertThat(z[0]).isCloseTo(0.2, within(1e-9));
        assertThat(z[1]).isCloseTo(-0.1, within(1e-9));
    }

    @Test
    void interpolatingShowsAMorphStripAndPlayingMovesAlongIt() {
        element("#tab-interpolate").click();
        assertThat(element("#lens-interpolate").isDisplayed()).isTrue();
        List<WebElement> cells = chrome.driver.findElements(By.cssSelector("#lens-interpolate .strip canvas"));
        assertThat(cells).hasSize(13);
        for (int i = 0; i < cells.size(); i++) {
            assertThat(inkPixels("#lens-interpolate .strip-cell:nth-child(" + (i + 1) + ") canvas"))
                    .as("ink in strip image %d", i).isPositive();
        }
        Map<?, ?> pair = (Map<?, ?>) js("const s = document.getElementById('lens-interpolate').interpolate;"
                + "const l = atlas.points.splits.test.labels; return {a: l[s.a], b: l[s.b]};");
        assertThat(pair.get("a")).as("the default pair's classes differ").isNotEqualTo(pair.get("b"));
        chrome.screenshot("interpolate-1280");

        String t0 = attr("#lens-interpolate .glyph-live", "data-t");
        element("#lens-interpolate .play").click();
        waitUntil(() -> !t0.equals(attr("#lens-interpolate .glyph-live", "data-t")));
        assertThat(element("#lens-interpolate .play").getText()).isEqualTo("Pause");
        element("#lens-interpolate .play").click();
        assertThat(element("#lens-interpolate .play").getText()).isEqualTo("Play");

        int[] linear = inkHistogram("#lens-interpolate .strip-cell:nth-child(6) canvas");
        element("#lens-interpolate label:has([value=slerp])").click();
        assertThat((Boolean) js("return document.getElementById('lens-interpolate').interpolate.slerp")).isTrue();
        assertThat(inkHistogram("#lens-interpolate .strip-cell:nth-child(6) canvas"))
                .as("the midpoint moves when the path bends").isNotEqualTo(linear);

        String before = text("#lens-interpolate .pair");
        element("#lens-interpolate .random-pair").click();
        assertThat(text("#lens-interpolate .pair")).isNotEqualTo(before);
    }

    @Test
    void clickingTwoPointsOnTheSmallPlaneSetsTheInterpolationPair() {
        element("#tab-interpolate").click();
        clickTestPoint("#lens-interpolate", "interpolate", 3);
        clickTestPoint("#lens-interpolate", "interpolate", 200);
        Map<?, ?> pair = (Map<?, ?>) js("const s = document.getElementById('lens-interpolate').interpolate;"
                + "return {a: s.a, b: s.b};");
        assertThat(((Number) pair.get("a")).intValue()).isEqualTo(3);
        assertThat(((Number) pair.get("b")).intValue()).isEqualTo(200);
        assertThat(text("#lens-interpolate .pair")).contains("test #3", "test #200");
    }

    @Test
    void resamplingDrawsNewSamplesWithTheNextSeed() {
        element("#tab-generate").click();
        assertThat(attr("#lens-generate .samples", "data-seed")).isEqualTo("1");
        int[] first = inkHistogram("#lens-generate .samples");
        assertThat(inkPixels("#lens-generate .samples")).isPositive();
        chrome.screenshot("generate-1280");

        element("#lens-generate .resample").click();
        assertThat(attr("#lens-generate .samples", "data-seed")).isEqualTo("2");
        assertThat(element("#lens-generate [name=seed]").getAttribute("value")).isEqualTo("2");
        assertThat(inkHistogram("#lens-generate .samples")).isNotEqualTo(first);
        assertThat(text("#lens-generate .sample-note")).contains("seed 2");
    }

    @Test
    void theSameSeedDrawsTheSameSamples() {
        element("#tab-generate").click();
        String first = (String) js("return document.querySelector('#lens-generate .samples').toDataURL()");
        element("#lens-generate .resample").click();
        WebElement seed = element("#lens-generate [name=seed]");
        seed.clear();
        seed.sendKeys("1\n");
        waitUntil(() -> "1".equals(attr("#lens-generate .samples", "data-seed")));
        assertThat(js("return document.querySelector('#lens-generate .samples').toDataURL()")).isEqualTo(first);
    }

    @Test
    void theTabFollowsTheAddressFragment() {
        open(address.resolve("#generate"));
        assertThat(element("#lens-generate").isDisplayed()).isTrue();
        assertThat(element("#tab-generate").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(element("#lens-roam").isDisplayed()).isFalse();
    }

    @Test
    void onANarrowScreenThePanelsStack() {
        chrome.viewport(390, 844);
        open(address);
        Map<?, ?> r = (Map<?, ?>) js("const p = document.querySelector('#lens-roam .plane-card').getBoundingClientRect();"
                + "const s = document.querySelector('#lens-roam .side').getBoundingClientRect();"
                + "return {planeBottom: p.bottom, sideTop: s.top, planeWidth: p.width,"
                + " scrollWidth: document.documentElement.scrollWidth};");
        assertThat(((Number) r.get("sideTop")).doubleValue()).isGreaterThanOrEqualTo(((Number) r.get("planeBottom")).doubleValue());
        assertThat(((Number) r.get("planeWidth")).doubleValue()).isGreaterThan(300);
        assertThat(((Number) r.get("scrollWidth")).intValue()).as("no horizontal scrolling").isLessThanOrEqualTo(390);
        chrome.screenshot("roam-390");
        element("#tab-interpolate").click();
        chrome.screenshot("interpolate-390");
        element("#tab-generate").click();
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
        chrome.screenshot("generate-390");
    }

    @Test
    void thePageDecodesLikeTheJavaReferenceWithin1e5() {
        List<float[]> zs = ExplorerFixture.grid(7, 3.5);
        List<List<Double>> javaZs = zs.stream().map(z -> List.of((double) z[0], (double) z[1])).toList();
        List<?> pageProbs = (List<?>) js("return atlas.decode(arguments[0])", javaZs);
        assertThat(pageProbs).hasSize(zs.size());
        for (int k = 0; k < zs.size(); k++) {
            float[] expected = fixture.decode(zs.get(k));
            List<?> actual = (List<?>) pageProbs.get(k);
            assertThat(actual).hasSize(expected.length);
            for (int p = 0; p < expected.length; p++) {
                assertThat(((Number) actual.get(p)).doubleValue()).as("z %s pixel %d", Arrays.toString(zs.get(k)), p)
                        .isCloseTo(expected[p], within(1e-5));
            }
        }
        List<?> single = (List<?>) js("return atlas.decode([0.5, -1])");
        assertThat(single).hasSize(64);
    }

    @Test
    void theModelReaderInThePageRejectsMalformedFilesWithClearErrors() {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("shorter than the 8-byte length prefix", new byte[4]);
        cases.put("exceeds", file(ok, 8, Long.MAX_VALUE));
        cases.put("not valid JSON", file("{\"w\":", 0, -1));
        cases.put("not valid UTF-8", file("{\"\u00ff\":1}", 0, -1, true));
        cases.put("only F32 is supported", file(ok.replace("F32", "F16"), 8, -1));
        cases.put("offsets must be contiguous", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, -1));
        cases.put("needs 8", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", 12, -1));
        cases.put("the data section has 12", file(ok, 12, -1));
        cases.put("duplicate tensor name", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, -1));
        cases.put("not a string", file("{\"__metadata__\":{\"a\":1}}", 0, -1));
        for (var c : cases.entrySet()) {
            Object message = chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "const bytes = Uint8Array.from(atob(arguments[0]), ch => ch.charCodeAt(0));"
                    + "import('/safetensors.js').then(m => { try { m.parseSafetensors(bytes.buffer); done('accepted'); }"
                    + " catch (e) { done(e.name + ': ' + e.message); } });",
                    java.util.Base64.getEncoder().encodeToString(c.getValue()));
            assertThat((String) message).as(c.getKey()).startsWith("SafetensorsError: invalid model file: ").contains(c.getKey());
        }
        Object good = chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const bytes = Uint8Array.from(atob(arguments[0]), ch => ch.charCodeAt(0));"
                + "import('/safetensors.js').then(m => { const t = m.parseSafetensors(bytes.buffer).tensors.w;"
                + " done([t.shape[0], t.data[0], t.data[1]]); });",
                java.util.Base64.getEncoder().encodeToString(
                        ExplorerFixture.safetensors(Map.of("w", new float[] {1.5f, -2f}), Map.of(), Map.of("w", new int[] {2}))));
        assertThat(((List<?>) good).stream().map(o -> ((Number) o).doubleValue()).toList()).containsExactly(2.0, 1.5, -2.0);
    }

    @Test
    void aBrokenModelFileShowsTheReasonInThePageInsteadOfAnEmptyExplorer() {
        byte[] truncated = Arrays.copyOf(fixture.modelFile(), fixture.modelFile().length - 4);
        try (ExplorerServer broken = new ExplorerServer(truncated, fixture.pointsJson())) {
            chrome.driver.get(broken.start("127.0.0.1", 0).toString());
            new WebDriverWait(chrome.driver, WAIT).until(d -> "error".equals(attr("body", "data-state")));
            assertThat(text("#status")).startsWith("The explorer could not start.").contains("invalid model file", "bytes");
            assertThat((String) js("return atlas.error")).contains("invalid model file");
            chrome.screenshot("error-broken-model-1280");
        }
    }

    @Test
    void aModelWithMoreThanTwoLatentDimensionsShowsTheFirstTwoAndSaysSo() {
        ExplorerFixture wide = ExplorerFixture.digitsWithLatent(5);
        try (ExplorerServer other = new ExplorerServer(wide.modelFile(), wide.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            assertThat(text("#lens-roam .dims-note")).contains("z₁ and z₂ of 5 dimensions");
            assertThat(content("#model-arch")).contains("[5]", "5-D latent");
            pointAt(element("#lens-roam .plane canvas"), 0.3, 0.7, false);
            waitUntil(() -> !"0,0".equals(attr("#lens-roam .glyph-live", "data-z")));
            assertThat(inkPixels("#lens-roam .glyph-live")).isPositive();
            float[] z = {0.5f, -1f, 0f, 0f, 0f};
            List<?> page = (List<?>) js("return atlas.decode(arguments[0])",
                    List.of(0.5, -1.0, 0.0, 0.0, 0.0));
            float[] expected = wide.decode(z);
            for (int p = 0; p < expected.length; p++) {
                assertThat(((Number) page.get(p)).doubleValue()).isCloseTo(expected[p], within(1e-5));
            }
            element("#tab-interpolate").click();
            assertThat(inkPixels("#lens-interpolate .strip-cell:nth-child(7) canvas")).isPositive();
            element("#tab-generate").click();
            assertThat(inkPixels("#lens-generate .samples")).isPositive();
            chrome.screenshot("generate-latent5-1280");
        }
    }

    @Test
    void thePageEncodesLikeTheJavaReferenceWithin1e5() {
        float[] pixels = fixture.split.test().pixels();
        List<List<Double>> xs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<Double> x = new java.util.ArrayList<>();
            for (int p = 0; p < 64; p++) {
                x.add((double) pixels[i * 64 + p]);
            }
            xs.add(x);
        }
        List<?> encoded = (List<?>) js("return atlas.encode(arguments[0])", xs);
        for (int i = 0; i < xs.size(); i++) {
            float[] x = Arrays.copyOfRange(pixels, i * 64, (i + 1) * 64);
            float[][] expected = fixture.encode(x);
            Map<?, ?> actual = (Map<?, ?>) encoded.get(i);
            for (int j = 0; j < 2; j++) {
                assertThat(((Number) ((List<?>) actual.get("mu")).get(j)).doubleValue()).isCloseTo(expected[0][j], within(1e-5));
                assertThat(((Number) ((List<?>) actual.get("logvar")).get(j)).doubleValue()).isCloseTo(expected[1][j], within(1e-5));
            }
        }
    }

    @Test
    void hoveringASampleMarksItsZOnThePlane() {
        element("#tab-generate").click();
        pointAt(element("#lens-generate .samples"), 0.95, 0.95, false);
        waitUntil(() -> ((Number) js("return document.getElementById('lens-generate').generate.hover")).intValue() == 63);
        chrome.viewportScreenshot("generate-hover-1280");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bernoulli", "binomial(16)", "gaussian(0.1)", "continuous-bernoulli"})
    void thePageDecodesAndEncodesLikeTheJavaVaeWithin1e5(String likelihood) {
        VaeConfig config = new VaeConfig(64, 8, 8, List.of(256, 128), 2, List.of(128, 256), likelihood, "relu");
        Vae vae = Vae.initialize(config, new Rng(11));
        float[] params = vae.parameters();
        for (int i = 0; i < params.length; i++) {
            params[i] *= 3; // larger outputs: saturated sigmoids and clamped Gaussian means get exercised too
        }
        vae = new Vae(config, params);
        try (ExplorerServer other = new ExplorerServer(ModelFile.toBytes(config, params, Map.of()), fixture.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            List<float[]> zs = ExplorerFixture.grid(9, 4);
            zs.add(new float[] {0f, 0f});
            zs.add(new float[] {1e-4f, -1e-4f});
            float[] flat = new float[2 * zs.size()];
            for (int k = 0; k < zs.size(); k++) {
                System.arraycopy(zs.get(k), 0, flat, 2 * k, 2);
            }
            float[] expected = vae.decode(flat, zs.size());
            List<?> page = (List<?>) js("return atlas.decode(arguments[0])",
                    zs.stream().map(z -> List.of((double) z[0], (double) z[1])).toList());
            for (int k = 0; k < zs.size(); k++) {
                List<?> probs = (List<?>) page.get(k);
                for (int p = 0; p < 64; p++) {
                    assertThat(((Number) probs.get(p)).doubleValue()).as("%s z %s pixel %d", likelihood,
                            Arrays.toString(zs.get(k)), p).isCloseTo(expected[k * 64 + p], within(1e-5));
                }
            }
            float[] x = Arrays.copyOf(fixture.split.test().pixels(), 3 * 64);
            Vae.Encoding q = vae.encode(x, 3);
            List<List<Double>> xs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<Double> row = new java.util.ArrayList<>();
                for (int p = 0; p < 64; p++) {
                    row.add((double) x[i * 64 + p]);
                }
                xs.add(row);
            }
            List<?> encoded = (List<?>) js("return atlas.encode(arguments[0])", xs);
            for (int i = 0; i < 3; i++) {
                Map<?, ?> e = (Map<?, ?>) encoded.get(i);
                for (int j = 0; j < 2; j++) {
                    assertThat(((Number) ((List<?>) e.get("mu")).get(j)).doubleValue()).isCloseTo(q.mu()[2 * i + j], within(1e-5));
                    assertThat(((Number) ((List<?>) e.get("logvar")).get(j)).doubleValue()).isCloseTo(q.logvar()[2 * i + j], within(1e-5));
                }
            }
            assertThat(content("#model-arch")).contains(likelihood.startsWith("gaussian") ? "Gaussian(σ=0.1) decoder"
                    : likelihood.equals("binomial(16)") ? "Binomial(16) decoder"
                    : likelihood.equals("continuous-bernoulli") ? "Continuous Bernoulli decoder" : "Bernoulli decoder");
        }
    }

    @Test
    void aTrainSplitWithoutImagesStillDrawsItsPoints() {
        PointsJson.SplitPoints train = fixture.points.get("train");
        Map<String, PointsJson.SplitPoints> splits = new java.util.LinkedHashMap<>();
        splits.put("test", fixture.points.get("test"));
        splits.put("train", new PointsJson.SplitPoints(train.mu(), train.sigma(), train.labels(), new float[0]));
        byte[] points = PointsJson.build("digits", 8, 8, org.latentatlas.data.DigitsCsv.CLASS_NAMES, 2, splits);
        try (ExplorerServer other = new ExplorerServer(fixture.modelFile(), points)) {
            open(other.start("127.0.0.1", 0));
            element("#lens-roam [name=train]").click();
            assertThat(((Number) js("return atlas.lenses.roam.plane.layers.length")).intValue()).isEqualTo(2);
        }
    }

    @Test
    void aPageCarryingItsOwnDataUsesItInsteadOfFetching() throws Exception {
        String model = java.util.Base64.getEncoder().encodeToString(fixture.modelFile());
        String points = ExplorerFixture.utf8(fixture.pointsJson());
        // The server's own model is broken: the page can only come up on the embedded one.
        byte[] broken = Arrays.copyOf(fixture.modelFile(), 16);
        try (ExplorerServer other = new ExplorerServer(broken, fixture.pointsJson())) {
            Map<String, Object> script = chrome.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", "window.ATLAS_EMBEDDED = {model: '" + model + "', points: " + points + "};"));
            try {
                open(other.start("127.0.0.1", 0));
                assertThat(content("#model-title")).isEqualTo("VAE on digits");
            } finally {
                chrome.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                        Map.of("identifier", script.get("identifier")));
            }
        }
    }

    @Test
    void theConsoleCheckWouldCatchAnError() {
        js("console.error('probe: the console check is live')");
        assertThat(chrome.severeLogs()).anySatisfy(entry -> assertThat(entry).contains("probe: the console check is live"));
    }

    // --- helpers ---

    private void open(URI uri) {
        chrome.driver.get("about:blank");
        chrome.driver.get(uri.toString());
        new WebDriverWait(chrome.driver, WAIT).until(d -> !"loading".equals(attr("body", "data-state")));
        assertThat(attr("body", "data-state")).as("page state; error: %s", js("return atlas.error")).isEqualTo("ready");
    }

    private void clickTestPoint(String lens, String lensName, int index) {
        WebElement canvas = element(lens + " .plane canvas");
        List<?> px = (List<?>) js("const p = atlas.lenses[arguments[0]].plane; const mu = atlas.points.splits.test.mu;"
                + "const r = p.canvas.getBoundingClientRect(); const q = p.toPx(mu[2 * arguments[1]], mu[2 * arguments[1] + 1]);"
                + "return [q[0] / r.width, q[1] / r.height];", lensName, index);
        pointAt(canvas, ((Number) px.get(0)).doubleValue(), ((Number) px.get(1)).doubleValue(), true);
    }

    /**
     * Moves the mouse to a fraction (fx, fy) of an element's box, optionally clicking. Scrolls it into view
     * first and uses viewport coordinates: WebDriver's element offsets count from the centre of the element's
     * visible part, which is not its centre when it is taller than the viewport.
     */
    private void pointAt(WebElement element, double fx, double fy, boolean click) {
        js("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element);
        List<?> r = (List<?>) js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
                element);
        double left = ((Number) r.get(0)).doubleValue(), top = ((Number) r.get(1)).doubleValue();
        int x = (int) Math.round(left + fx * ((Number) r.get(2)).doubleValue());
        int y = (int) Math.round(top + fy * ((Number) r.get(3)).doubleValue());
        Actions actions = new Actions(chrome.driver).moveToLocation(x, y);
        (click ? actions.click() : actions).perform();
    }

    /** Pixels darker than mid-grey: ink the decoder (or the data) put on the canvas. */
    private long inkPixels(String selector) {
        return ((Number) js("const c = document.querySelector(arguments[0]);"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 128) n++; return n;", selector))
                .longValue();
    }

    /** A coarse fingerprint of a canvas: total darkness and its first moment, to tell two images apart. */
    private int[] inkHistogram(String selector) {
        List<?> v = (List<?>) js("const c = document.querySelector(arguments[0]);"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let s = 0, m = 0;"
                + "for (let i = 0; i < d.length; i += 4) { s += 255 - d[i]; m += (i / 4) * (255 - d[i]); }"
                + "return [s, Math.round(m / 1000)];", selector);
        return v.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    private Object js(String script, Object... args) {
        return chrome.driver.executeScript(script, args);
    }

    private WebElement element(String css) {
        return chrome.driver.findElement(By.cssSelector(css));
    }

    private String text(String css) {
        return element(css).getText();
    }

    /** Text as written in the page, before CSS transforms such as uppercase labels. */
    private String content(String css) {
        return (String) js("return document.querySelector(arguments[0]).textContent", css);
    }

    private String attr(String css, String name) {
        return element(css).getAttribute(name);
    }

    private static int intOrMinus1(String s) {
        return s == null ? -1 : Integer.parseInt(s);
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(chrome.driver, WAIT).until(d -> condition.getAsBoolean());
    }

    /** A safetensors file from a raw header: the prefix (or a lying one), header padded to 8, data zeros. */
    private static byte[] file(String header, int dataBytes, long claimedLength) {
        return file(header, dataBytes, claimedLength, false);
    }

    private static byte[] file(String header, int dataBytes, long claimedLength, boolean latin1) {
        byte[] json = header.getBytes(latin1 ? java.nio.charset.StandardCharsets.ISO_8859_1 : java.nio.charset.StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + padded + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(claimedLength >= 0 ? claimedLength : padded).put(json);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        return b.array();
    }
}
