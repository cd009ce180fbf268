package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The page says what each model was trained on, read from what {@code atlas train} records: an autoencoder is named
 * one, with its reconstruction loss and no ELBO, prior, KL or σ ring; an IWAE and a β-VAE are titled so, with the
 * bound shown named for what it is; a density likelihood's bound names the pixel scaling, not the likelihood's prose,
 * and a Bernoulli's on grayscale pixels is marked as no bound to cite.
 * Each model is trained and served through the CLI, as a user would.
 */
@DisplayName("The explorer names each training objective")
class ExplorerObjectivesTest extends ExplorerPageTestBase {
    /** The words and numbers one redraw of Roam's base canvas writes: its axes' names, ticks and density key. */
    private static final String BASE_TEXTS = "const p = atlas.lenses.roam.plane, texts = [],"
            + " proto = CanvasRenderingContext2D.prototype, fill = proto.fillText;"
            + "proto.fillText = function (t, ...rest) { if (this.canvas === p.base) texts.push(t);"
            + " return fill.call(this, t, ...rest); };"
            + "try { p.redrawBase(); } finally { proto.fillText = fill; } return texts;";

    @TempDir
    Path dir;

    @Test
    void anAutoencoderIsNamedOneWithItsReconstructionLossAndNoPriorKlOrRing() throws Exception {
        try (ServedModel ae = ServedModel.train(dir, "ae", "--objective", "ae", "--latent", "3")) {
            assertThat(ae.banner).as("serve's own line names it as the page does").contains("(autoencoder 64-32-3-32-64");
            open(ae.address);
            assertThat(content("#model-title")).isEqualTo("Autoencoder on digits");
            assertThat(chrome.driver.getTitle()).isEqualTo("Latent Atlas · Autoencoder on digits");
            assertThat(content("#model-metrics")).startsWith("test recon").contains("nats ± ", "(Binomial(16), x/16)",
                    "−log p(x | z = μ): not a bound on log p(x)").doesNotContain("ELBO", "KL");
            assertThat(content("#model-objective")).contains("a plain autoencoder", "no KL term, no prior");

            assertThat(content("#lens-roam .caption")).contains("code μ(x)", "the code's own units")
                    .doesNotContain("N(0, I)", "standard deviations");
            assertThat(text("#lens-roam .dims-note")).containsPattern("the two whose codes vary most over the test set,"
                    + " variance [0-9.]+ and [0-9.]+; ");
            assertThat(pairOnShow()).as("the two dimensions the codes vary most in").isEqualTo(mostVariedPair());
            assertThat(text("#lens-roam .dims-note")).endsWith("the decoder gets the codes' mean for the other one.");
            assertThat(offPlaneValueDecoded()).as("the dimension off the plane, decoded at the codes' mean, not at 0")
                    .isCloseTo(codeMean(3 - pairOnShow().get(0) - pairOnShow().get(1)), within(1e-6));

            clickTestPoint("#lens-roam", "roam", 0);
            assertThat(text("#lens-roam .selection-stats")).startsWith("code μ = (").doesNotContain("σ");
            assertThat(dashedStrokesOnRoamPlane()).as("no ±1σ ring from the untrained σ head").isZero();
            assertThat(element("#lens-roam .selection-hint").getAttribute("textContent")).doesNotContain("σ");
            assertThat(attr("#lens-roam .peek-more", "aria-label")).as("what a screen reader hears of the peek's link")
                    .isEqualTo("Show the selected point's code and images");
            // A drawing's code: a dot, no ring, no σ in its numbers or in what a screen reader hears of it.
            WebElement pad = element("#lens-roam .draw-pad");
            js("arguments[0].scrollIntoView({block: 'center'})", pad);
            pad.sendKeys(Keys.SPACE, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.SPACE);
            waitUntil(() -> attr("#lens-roam", "data-drawn") != null);
            assertThat(text("#lens-roam .drawn-stats")).startsWith("code μ = (");
            assertThat(dashedStrokesOnRoamPlane()).as("no ring around the drawing's code").isZero();
            waitUntil(() -> !content("#lens-roam .drawn-live").isEmpty());
            assertThat(content("#lens-roam .drawn-live")).doesNotContain("σ");
            assertThat(text("#lens-roam")).as("the Roam lens as seen, ±σ button included").doesNotContain("σ");
            chrome.screenshot("objective-ae-drawn-1280");

            element("#tab-generate").click();
            assertThat(text("#lens-generate .samples-head")).isEqualTo("Samples from a Gaussian fitted to the codes");
            assertThat(text("#lens-generate .sample-note")).startsWith("An autoencoder has no prior to sample: these are"
                    + " 64 draws z ~ N(m, S), with the mean m and covariance S of the 300 test codes, seed 1");
            assertThat(inkPixels("#lens-generate .samples")).isPositive();
            chrome.screenshot("objective-ae-generate-1280");
            element("#tab-roam").click();
            screenshots("ae");
        }
    }

    /** Without points an autoencoder's codes have no variance to rank its dimensions by: none is scored "var 0.00". */
    @Test
    void anAutoencoderWithoutDataPointsRanksNoDimension() throws Exception {
        try (ServedModel ae = ServedModel.train(dir, "ae-bare", "--objective", "ae", "--latent", "3");
             ExplorerServer bare = new ExplorerServer(java.nio.file.Files.readAllBytes(ae.file),
                     PointsJson.withoutPoints("digits", 8, 8, org.latentatlas.data.DigitsCsv.CLASS_NAMES, 3, "none"))) {
            open(bare.start("127.0.0.1", 0));
            assertThat(text("#lens-roam .dims-note")).startsWith("Showing z₀ and z₁ of 3 dimensions, the first two:"
                    + " without data points how much the codes vary along each dimension cannot be measured, so none is"
                    + " ranked; ");
            assertThat(content("#lens-roam [name=dim-x]")).isEqualTo("z₀z₁z₂");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aOneDimensionalAutoencodersLineShowsItsCodesDensityWithoutAPrior() throws Exception {
        try (ServedModel ae = ServedModel.train(dir, "ae1", "--objective", "ae", "--latent", "1")) {
            open(ae.address);
            List<String> texts = (List<String>) js(BASE_TEXTS);
            assertThat(texts).anyMatch(t -> t.startsWith("the test codes' density (Gaussian kernels of width "))
                    .noneMatch(t -> t.contains("prior") || t.contains("posteriors"));
            assertThat(text("#lens-roam .dims-note")).startsWith("A 1-D code: ").doesNotContain("N(0, 1)");
            assertThat(content("#lens-roam .plane-what")).isEqualTo("Each dot is a test image's code μ(x), coloured by"
                    + " its class; across, z in the code's own units, as an autoencoder has no prior to measure them by;"
                    + " up, a density, not a dimension.");
            assertThat(((Number) js("return Math.max(...atlas.lenses.roam.plane.densities.p)")).doubleValue())
                    .as("no prior curve").isZero();
            element("#tab-generate").click();
            assertThat(text("#lens-generate .plane-card .caption")).as("Generate's line: codes, not posteriors")
                    .startsWith("Crosses are the draws, on the line of the encoded test codes (a 1-D code): the density"
                            + " above it is the codes', each spread by a Gaussian kernel.");
            element("#tab-roam").click();
            // Without codes: nothing up the line, neither a made-up density nor the prior an autoencoder has not got.
            try (ExplorerServer bare = new ExplorerServer(java.nio.file.Files.readAllBytes(ae.file),
                    PointsJson.withoutPoints("digits", 8, 8, org.latentatlas.data.DigitsCsv.CLASS_NAMES, 1, "none"))) {
                open(bare.start("127.0.0.1", 0));
                assertThat((List<String>) js(BASE_TEXTS)).as("the base's words without codes")
                        .noneMatch(t -> t.contains("prior") || t.contains("posteriors") || t.contains("codes' density"))
                        .as("the axis up names what is drawn there: nothing").contains("no density drawn (a 1-D latent has no z₁)")
                        .doesNotContain("density (a 1-D latent has no z₁)");
                assertThat(content("#lens-roam .plane-what")).endsWith("up, no dimension and no density.");
                assertThat(js("return atlas.lenses.roam.plane.densities.q")).as("no codes' curve").isNull();
                assertThat(text("#lens-roam .dims-note")).isEqualTo("A 1-D code: z₀ runs across; without data points"
                        + " there is no density of codes to draw above it.");
                chrome.screenshot("objective-ae1-no-points");
            }
        }
    }

    /**
     * One test code, or ten all equal (whose variance rounds a few ulps above 0), give a kernel no width: no density is
     * drawn above the line, neither a made-up width's nor the VAE's q(z) and prior, and the page says why; Generate's
     * Gaussian has no covariance to fit, so every draw is the code itself, and its note says so.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aOneDimensionalAutoencoderWithOneCodeOrEqualCodesDrawsNoDensityAndSaysWhy() throws Exception {
        try (ServedModel ae = ServedModel.train(dir, "ae1-still", "--objective", "ae", "--latent", "1")) {
            byte[] model = java.nio.file.Files.readAllBytes(ae.file);
            for (int n : new int[] {1, 10}) {
                float[] mu = new float[n];
                float[] sigma = new float[n]; // an autoencoder's untrained σ head: the page must not draw with it
                java.util.Arrays.fill(mu, 0.7f);
                java.util.Arrays.fill(sigma, 1f);
                PointsJson.SplitPoints still = new PointsJson.SplitPoints(mu, sigma, new int[n], new float[64 * n]);
                try (ExplorerServer served = new ExplorerServer(model, PointsJson.build("digits", 8, 8,
                        org.latentatlas.data.DigitsCsv.CLASS_NAMES, 1, Map.of("test", still)))) {
                    open(served.start("127.0.0.1", 0));
                    List<String> texts = (List<String>) js(BASE_TEXTS);
                    assertThat(texts).as("Roam's words, %d codes", n).contains("no density drawn (a 1-D latent has no z₁)")
                            .noneMatch(t -> t.contains("codes' density") || t.contains("prior") || t.contains("posteriors"));
                    for (String lens : List.of("roam", "interpolate", "generate")) {
                        element("#tab-" + lens).click(); // a hidden plane has no size to draw at
                        waitUntil(() -> Boolean.TRUE.equals(js("return !!atlas.lenses[arguments[0]].plane.densities", lens)));
                        assertThat(js("const c = atlas.lenses[arguments[0]].plane.densities;"
                                + " return c.q === null && Math.max(...c.p) === 0", lens))
                                .as("%s: neither the codes' curve nor a prior, %d codes", lens, n).isEqualTo(true);
                    }
                    String which = n == 1 ? "the one test code lies" : "the 10 test codes all lie at one point";
                    assertThat(content("#lens-roam .dims-note")).isEqualTo("A 1-D code: " + which + " on z₀'s line, with no"
                            + " spread to set the width of a kernel by, so no density of codes is drawn above it (an"
                            + " autoencoder has no posterior to average and no prior to compare).");
                    showGenerate();
                    assertThat(js("return Array.from(atlas.lenses.generate.state.z).every(z => z === Math.fround(0.7))"))
                            .as("every draw is the code").isEqualTo(true);
                    assertThat(text("#lens-generate .sample-note")).isEqualTo("An autoencoder has no prior to sample, and"
                            + (n == 1 ? " its one test code has" : " its 10 test codes, all equal, have") + " no spread to"
                            + " fit a Gaussian's covariance to: all 64 draws are " + (n == 1 ? "that code" : "their one value")
                            + ", decoded to its pixel means, whatever the seed or τ.");
                    assertThat(text("#lens-generate .plane-card .caption")).startsWith("Crosses are the draws, on the line"
                            + " of the encoded test " + (n == 1 ? "code, the only one" : "codes, all at one point")
                            + " (a 1-D code): with no spread, no density is drawn above it.");
                    chrome.screenshot("objective-ae1-still-" + n);
                }
            }
        }
    }

    @Test
    void aDensityLikelihoodsBoundNamesItsScalingAndSaysTheDensityCaveatOnce() throws Exception {
        String[][] cases = {{"gaussian(0.1)", "Gaussian(σ=0.1)"}, {"gaussian(learned-pixel)", "Gaussian (learned per-pixel σ)"}};
        for (String[] c : cases) {
            try (ServedModel model = ServedModel.train(dir, "density", "--likelihood", c[0])) {
                open(model.address);
                String elbo = content(".metric-elbo");
                assertThat(elbo).as(c[0]).contains("(" + c[1] + ", x/16)")
                        .doesNotContain("in [0,1]", "a bound on the continuous density", "pixels");
                assertThat(elbo.split("density", -1)).as("the caveat, once: %s", elbo).hasSize(2);
                assertThat(content("#model-protocol")).as("the protocol keeps the likelihood's meaning")
                        .contains("a bound on the continuous density");
                if (c[0].equals("gaussian(0.1)")) {
                    screenshots("gaussian");
                }
            }
        }
    }

    /**
     * A Bernoulli likelihood on grayscale pixels is no normalized density: train and info mark its ELBO "*", and the
     * page says so beside the number, as it does a density's caveat; on binarized pixels it is a true bound, unmarked.
     */
    @Test
    void aBernoulliOnGrayscalePixelsIsMarkedBesideItsElboAndOnBinarizedPixelsIsNot() throws Exception {
        try (ServedModel gray = ServedModel.train(dir, "gray", "--likelihood", "bernoulli")) {
            open(gray.address);
            WebElement caveat = element(".metric-elbo .caveat");
            assertThat(caveat.isDisplayed()).as("in view, not in the folded protocol").isTrue();
            assertThat(caveat.getText()).isEqualTo("grayscale x: not normalized; compare, don't cite");
            assertThat(caveat.getAttribute("title")).contains("not a normalized density", "--binarize");
            assertThat(content("#model-protocol")).as("the protocol's meaning, as train wrote it")
                    .contains("is not a normalized density");
            screenshots("bernoulli-grayscale");
        }
        try (ServedModel binary = ServedModel.train(dir, "binary", "--likelihood", "bernoulli", "--binarize", "static")) {
            open(binary.address);
            assertThat(content(".metric-elbo")).contains("(Bernoulli, x/16, statically binarized)");
            assertThat(chrome.driver.findElements(By.cssSelector(".metric-elbo .caveat"))).isEmpty();
        }
    }

    @Test
    void anIwaeIsTitledWithItsKAndItsElboIsNamedTheKEquals1Bound() throws Exception {
        try (ServedModel iwae = ServedModel.train(dir, "iwae", "--objective", "iwae", "--k", "5")) {
            open(iwae.address);
            assertThat(content("#model-title")).isEqualTo("IWAE (k = 5) on digits");
            assertThat(content(".metric-elbo")).contains("(Binomial(16), x/16)",
                    "the k = 1 ELBO; the k = 5 bound it trained is tighter");
            assertThat(attr(".metric-elbo .which", "title")).contains("atlas evaluate --k 5 --repeats 1");
            assertThat(content("#model-objective")).contains("the importance-weighted bound", "k = 5 samples per example");
            screenshots("iwae");
        }
    }

    @Test
    void aBetaVaeIsTitledWithItsBetaSaysItsWarmUpAndFreeBitsAndShowsTheBetaEquals1Bound() throws Exception {
        try (ServedModel beta = ServedModel.train(dir, "beta4", "--beta", "4", "--warmup", "2", "--free-bits", "0.25",
                "--latent", "4")) {
            open(beta.address);
            assertThat(content("#model-title")).isEqualTo("β-VAE (β = 4) on digits");
            assertThat(content(".metric-elbo")).contains("the β = 1 bound, not the training loss");
            // Floored per dimension, the KL term is not the β-ELBO's: the formula says so, as train and info do.
            assertThat(content("#model-objective")).contains(
                    "the β-ELBO with free bits: recon + β·Σ_j max(λ, KL_j) with β = 4",
                    "KL warm-up: β linear from 0 to 4 over 2 epochs (4 from epoch 3 on)",
                    "free bits λ = 0.25 nats per latent dimension");
            assertThat(content("#model-protocol p")).startsWith("Trained on the β-ELBO").contains("Tested: ELBO per example");
            // A VAE keeps what an autoencoder lacks: the prior's units, the KL ranking, the σ ring.
            assertThat(content("#lens-roam .caption")).contains("standard deviations of the prior N(0, I)");
            assertThat(text("#lens-roam .dims-note")).contains("the two carrying the most KL");
            clickTestPoint("#lens-roam", "roam", 0);
            assertThat(dashedStrokesOnRoamPlane()).as("the selected posterior's ±1σ ring").isPositive();
            screenshots("beta4");
        }
    }

    /** Full-page screenshots at a desktop's and a phone's width, under target/screenshots/. */
    private void screenshots(String name) {
        chrome.screenshot("objective-" + name + "-1280");
        chrome.viewport(390, 844);
        chrome.screenshot("objective-" + name + "-390");
        chrome.viewport(1280, 800);
    }

    /** Dashed strokes (the posterior's ±1σ ring is the only one) in one redraw of Roam's plane. */
    private long dashedStrokesOnRoamPlane() {
        return ((Number) js("const p = atlas.lenses.roam.plane, proto = CanvasRenderingContext2D.prototype,"
                + " set = proto.setLineDash; let n = 0;"
                + "proto.setLineDash = function (d) { if (this.canvas === p.canvas && d.length) n++; return set.call(this, d); };"
                + "try { p.redraw(); } finally { proto.setLineDash = set; } return n;")).longValue();
    }

    /** The value the page decodes a point of Roam's plane with in the one dimension of three that is off the plane. */
    private double offPlaneValueDecoded() {
        return ((Number) js("const d = atlas.dims.pair, off = 3 - d[0] - d[1], original = atlas.model.decode;"
                + "let seen = null; atlas.model.decode = (z, n) => { seen = z[off]; return original.call(atlas.model, z, n); };"
                + "try { atlas.lenses.roam.show([0.5, 0.5]); } finally { atlas.model.decode = original; } return seen;"))
                .doubleValue();
    }

    private double codeMean(int dim) {
        List<?> mu = (List<?>) js("return Array.from(atlas.points.splits.test.mu)");
        return IntStream.range(0, mu.size() / 3).mapToDouble(i -> ((Number) mu.get(i * 3 + dim)).doubleValue()).average()
                .orElseThrow();
    }

    private List<Integer> pairOnShow() {
        return ((List<?>) js("return atlas.dims.pair")).stream().map(o -> ((Number) o).intValue()).toList();
    }

    /** The two dimensions with the largest variance of the test codes, largest first, from the page's points. */
    private List<Integer> mostVariedPair() {
        List<?> mu = (List<?>) js("return Array.from(atlas.points.splits.test.mu)");
        int d = ((Number) js("return atlas.points.latentDim")).intValue(), n = mu.size() / d;
        double[] variance = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0, squares = 0;
            for (int i = 0; i < n; i++) {
                double v = ((Number) mu.get(i * d + j)).doubleValue();
                sum += v;
                squares += v * v;
            }
            variance[j] = squares / n - (sum / n) * (sum / n);
        }
        return IntStream.range(0, d).boxed().sorted((a, b) -> Double.compare(variance[b], variance[a])).limit(2).toList();
    }
}
