package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentatlas.io.ModelFile;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the page reads and computes, checked in headless Chromium: it decodes and encodes like the Java model,
 * rejects malformed model files with the reason on screen, and copes with the data shapes the server can send.
 */
@DisplayName("The explorer page's model and data")
class ExplorerPageDataTest extends ExplorerPageTestBase {
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
        cases.put("duplicate key 'a' inside an object", file("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0, -1));
        cases.put("duplicate key 'dtype' inside an object", file("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\","
                + "\"shape\":[2],\"data_offsets\":[0,8]}}", 8, -1));
        cases.put("tensor 'w' holds a non-finite value NaN at index 1", ExplorerFixture.safetensors(
                Map.of("w", new float[] {1f, Float.NaN}), Map.of(), Map.of("w", new int[] {2})));
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
            assertThat(text("#status")).startsWith("The explorer could not start: ").contains("invalid model file: tensors cover", "bytes");
            assertThat((String) js("return atlas.error")).contains("invalid model file");
            chrome.screenshot("error-broken-model-1280");
        }
    }

    @Test
    void aBadPointsFileIsNamedAsItIsSpelledAndSaysWhatWasExpected() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("<!doctype html><title>Not found</title>", "points.json is not JSON: expected the encoded points, an"
                + " object with dataset, latentDim and splits; got a file starting '<!doctype html><title>Not found</title>'");
        cases.put("", "points.json is not JSON: expected the encoded points, an object with dataset, latentDim and splits;"
                + " got an empty file");
        cases.put("[1, 2]", "points.json is not the encoded points: expected an object with dataset, latentDim and splits");
        ExplorerFixture wide = ExplorerFixture.digitsWithLatent(5);
        cases.put(ExplorerFixture.utf8(wide.pointsJson()), "points.json has latentDim 5 but the model has 2");
        for (var c : cases.entrySet()) {
            try (ExplorerServer broken = new ExplorerServer(fixture.modelFile(),
                    c.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                chrome.driver.get(broken.start("127.0.0.1", 0).toString());
                new WebDriverWait(chrome.driver, WAIT).until(d -> "error".equals(attr("body", "data-state")));
                assertThat(text("#status")).as(c.getKey()).isEqualTo("The explorer could not start: " + c.getValue());
                if (c.getKey().startsWith("<!doctype")) {
                    chrome.screenshot("error-points-not-json-1280");
                }
            }
        }
    }

    @Test
    void aDensityLikelihoodsPositiveElboIsExplainedNextToTheNumbers() {
        VaeConfig cb = new VaeConfig(64, 8, 8, List.of(48, 24), 2, List.of(24, 48), "continuous-bernoulli", "relu");
        byte[] model = fixture.modelFile(cb, Map.of("elbo", 812.3, "elboStdErr", 2.1, "recon", -830.4, "kl", 18.1),
                "ELBO per example in nats; likelihood continuous-bernoulli; pixels x/16 in [0,1]");
        try (ExplorerServer other = new ExplorerServer(model, fixture.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            assertThat(content(".metric-elbo")).contains("812.3 nats ± 2.1 s.e.", "(Continuous Bernoulli, x/16)");
            WebElement caveat = element(".metric-elbo .caveat");
            assertThat(caveat.isDisplayed()).as("the caveat is in view, not in the collapsed protocol").isTrue();
            assertThat(caveat.getText()).contains("density", "ELBO can be > 0", "recon < 0");
            assertThat(caveat.getAttribute("title")).contains("not a probability of discrete values");
            assertThat(content(".metric-recon")).contains("−830.4 nats");
            chrome.viewportScreenshot("header-density-1280");
            chrome.viewport(390, 844);
            chrome.viewportScreenshot("header-density-390");
            assertThat(caveat.isDisplayed()).isTrue();
            assertThat(((Number) js("return document.querySelector('.masthead').getBoundingClientRect().height")).doubleValue())
                    .as("a phone's header with the caveat").isLessThanOrEqualTo(215);
            assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
        }
    }

    /**
     * atlas serve on a machine without the model's data: no points, the reason on screen, and what needs no data
     * (decoding any z, prior samples, the draw pad) still works; Interpolate, which runs between points, says so.
     */
    @Test
    void withoutDataPointsTheExplorerSaysWhyAndStillDecodesSamplesAndDrawings() {
        String why = "the data the model was trained on (d16.csv) was not found where the model file says it is (atlas"
                + " serve's warning says where it looked). To see its points, start atlas serve again: give its new"
                + " place with --dataset PATH --csv-label last (as it was read in training), or put it back there";
        byte[] none = PointsJson.withoutPoints("digits", 8, 8, org.latentatlas.data.DigitsCsv.CLASS_NAMES, 2, why);
        try (ExplorerServer other = new ExplorerServer(fixture.modelFile(), none)) {
            open(other.start("127.0.0.1", 0));
            assertThat(text("#status")).isEqualTo("No data points: " + why + ". The decoder, the prior samples and the"
                    + " draw pad work without them.");
            assertThat(content("#model-data")).contains("no data points").doesNotContain("test 0");
            assertThat(element("#lens-roam .legend").isDisplayed()).isFalse();
            assertThat(text("#lens-roam .plane-card .caption")).as("what the plane is without dots, and what to do there")
                    .startsWith("No data points here: the plane is the latent space itself, and what it shows is the"
                            + " decoder's output at each z; axes are in standard deviations of the prior N(0, I). Point"
                            + " anywhere to decode that z, or turn on the decoded grid background to see the whole plane"
                            + " decoded at once; draw on the pad to see where the encoder puts a drawing.")
                    .doesNotContain("Each dot", "click a dot");
            chrome.screenshot("no-data-points-roam-1280");
            pointAt(element("#lens-roam .plane canvas"), 0.3, 0.3, true);
            assertThat(inkPixels("#lens-roam .glyph-live")).as("the decoder at the pointer").isPositive();
            assertThat(element("#lens-roam .selection-hint").isDisplayed()).as("nothing to select").isFalse();
            assertThat(element("#lens-roam .draw").isDisplayed()).as("the draw pad").isTrue();
            element("#tab-interpolate").click();
            assertThat(text("#lens-interpolate")).contains("Interpolation runs between two encoded data points");
            element("#tab-generate").click();
            assertThat(inkPixels("#lens-generate .samples")).as("prior samples").isPositive();
            assertThat(text("#lens-generate .plane-card .caption")).as("no encoded test set under the crosses")
                    .startsWith("Crosses are the draws (no data points here).").doesNotContain("test set");
            assertThat(attr("#lens-generate .plane canvas", "aria-label")).startsWith("Latent plane: the drawn samples marked.");
            chrome.viewportScreenshot("no-data-points-1280");
            chrome.viewport(400, 844);
            element("#tab-roam").click();
            chrome.viewportScreenshot("no-data-points-400");
        }
    }

    /** A CSV mapped by its own range: the bound's scaling is that mapping, not a count. */
    @Test
    void aCsvsOwnValueRangeIsTheScalingBesideTheElbo() {
        VaeConfig gaussian = new VaeConfig(64, 8, 8, List.of(48, 24), 2, List.of(24, 48), "gaussian(0.1)", "relu");
        byte[] model = fixture.modelFile(gaussian, Map.of("elbo", 95.2, "elboStdErr", 1.5, "recon", -100.1, "kl", 4.9),
                "ELBO per example in nats; likelihood gaussian(0.1); pixels (x + 3.09)/8.09 in [0,1], from the data's"
                        + " range -3.09..5; 10 sample(s) of eps per example (seed 42)");
        try (ExplorerServer other = new ExplorerServer(model, fixture.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            assertThat(content(".metric-elbo")).contains("(Gaussian(σ=0.1), (x + 3.09)/8.09)").doesNotContain("in [0,1]");
            assertThat(content("#model-protocol")).contains("from the data's range -3.09..5");
        }
    }

    @Test
    void aSmallStandardErrorIsShownToItsFirstSignificantDigitAndTheNumbersToTheSameDecimals() {
        byte[] model = fixture.modelFile(fixture.config, Map.of("elbo", -5.6912, "elboStdErr", 0.0412, "recon", 4.7131,
                "kl", 0.9781), "ELBO per example in nats; likelihood bernoulli; pixels x/255 in [0,1]");
        try (ExplorerServer other = new ExplorerServer(model, fixture.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            assertThat(content(".metric-elbo")).as("not '± 0.0'").contains("−5.69 nats ± 0.04 s.e.");
            assertThat(content(".metric-recon")).isEqualTo("recon4.71 nats−log p(x | z), a loss");
            assertThat(content(".metric-kl")).isEqualTo("KL0.98 nats");
        }
    }

    @Test
    void aModelWithMoreThanTwoLatentDimensionsShowsTwoOfThemAndSaysSo() {
        ExplorerFixture wide = ExplorerFixture.digitsWithLatent(5);
        try (ExplorerServer other = new ExplorerServer(wide.modelFile(), wide.pointsJson())) {
            open(other.start("127.0.0.1", 0));
            assertThat(text("#lens-roam .dims-note")).containsPattern("z[₀₁] and z[₀₁] of 5 dimensions");
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
            assertThat(text("#lens-interpolate .plane-card .caption")).as("the plane shows two of the path's dimensions")
                    .containsPattern("Showing z[₀₁] and z[₀₁] of 5 dimensions: the two carrying the most KL, [0-9.]+ and"
                            + " [0-9.]+ nats; the path runs through all of them.");
            chrome.viewportScreenshot("interpolate-latent5-1280");
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

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource(delimiter = ';', value = {"bernoulli;relu", "binomial(16);tanh", "gaussian(0.1);silu",
        "continuous-bernoulli;gelu", "binomial(16);relu"})
    void thePageDecodesAndEncodesLikeTheJavaVaeWithin1e5(String likelihood, String activation) {
        VaeConfig config = new VaeConfig(64, 8, 8, List.of(256, 128), 2, List.of(128, 256), likelihood, activation);
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
    void slerpRunsAlongTheCircleAndLerpAlongTheChord() {
        Object r = chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/interpolate.js').then(({interpolate}) => {"
                + " const a = [3, 0, 0], b = [0, 3, 0], norm = v => Math.hypot(...v);"
                + " done({s0: Array.from(interpolate(a, b, 0, true)), s1: Array.from(interpolate(a, b, 1, true)),"
                + "  sMid: norm(interpolate(a, b, 0.5, true)), lMid: Array.from(interpolate(a, b, 0.5, false)),"
                + "  parallel: Array.from(interpolate([1, 1, 0], [2, 2, 0], 0.5, true))}); });");
        Map<?, ?> m = (Map<?, ?>) r;
        assertThat(doubles(m.get("s0"))).containsExactly(3.0, 0.0, 0.0);
        assertThat(doubles(m.get("s1"))).satisfies(v -> {
            assertThat(v.get(0)).isCloseTo(0, within(1e-6));
            assertThat(v.get(1)).isCloseTo(3, within(1e-6));
        });
        assertThat(((Number) m.get("sMid")).doubleValue()).as("slerp keeps the radius").isCloseTo(3, within(1e-5));
        assertThat(doubles(m.get("lMid"))).containsExactly(1.5, 1.5, 0.0);
        assertThat(doubles(m.get("parallel"))).as("parallel means fall back to the line").containsExactly(1.5, 1.5, 0.0);
    }

    private static List<Double> doubles(Object list) {
        return ((List<?>) list).stream().map(o -> ((Number) o).doubleValue()).toList();
    }

    /** A safetensors file from a raw header: the prefix (or a lying one), header padded to 8, data zeros. */
    static byte[] file(String header, int dataBytes, long claimedLength) {
        return file(header, dataBytes, claimedLength, false);
    }

    static byte[] file(String header, int dataBytes, long claimedLength, boolean latin1) {
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
