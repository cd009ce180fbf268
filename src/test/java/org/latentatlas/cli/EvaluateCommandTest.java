package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

class EvaluateCommandTest {
    @TempDir
    static Path dir;
    static Path healthy;
    static Path collapsed;

    @BeforeAll
    static void trainModels() {
        healthy = dir.resolve("healthy.safetensors");
        collapsed = dir.resolve("beta8.safetensors");
        train(healthy, "--latent", "2", "--epochs", "30");
        // β = 8 with no warm-up under the Bernoulli likelihood (whose reconstruction term is small on the digits):
        // the KL term wins and every dimension falls back to the prior.
        train(collapsed, "--likelihood", "bernoulli", "--latent", "8", "--beta", "8", "--epochs", "30");
    }

    private static void train(Path out, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "train";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--no-progress";
        args[options.length + 2] = "-o";
        args[options.length + 3] = out.toString();
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static CliRun evaluate(Path model, String... extra) {
        String[] args = new String[extra.length + 6];
        args[0] = "evaluate";
        args[1] = model.toString();
        args[2] = "--k";
        args[3] = "20";
        args[4] = "--repeats";
        args[5] = "2";
        System.arraycopy(extra, 0, args, 6, extra.length);
        return CliRun.of(args);
    }

    @Test
    void aLargeBetaModelWithoutWarmUpIsReportedAsCollapsed() throws Exception {
        Path json = dir.resolve("beta8.json");
        CliRun run = evaluate(collapsed, "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("verdict: 0 of 8 dimensions active").contains("posterior collapse")
                .contains("warm-up").contains("free bits");
        JsonNode collapse = Json.readTree(json.toFile()).at("/report/collapse");
        assertThat(collapse.get("state").asText()).isEqualTo("total");
        assertThat(collapse.get("collapsedDimensions").asInt()).isEqualTo(8);
    }

    @Test
    void aHealthyModelIsNotReportedAsCollapsed() throws Exception {
        Path json = dir.resolve("healthy.json");
        CliRun run = evaluate(healthy, "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 of 2 dimensions active").contains("no posterior collapse");
        assertThat(Json.readTree(json.toFile()).at("/report/collapse/state").asText()).isEqualTo("none");
    }

    /** bits/dim is positive on every row, as papers give it, so on the ELBO's row it must say whose it is. */
    @Test
    void theElboRowsBitsPerDimensionSaysItIsMinusTheElbos() {
        CliRun run = evaluate(healthy);
        String row = line(run, "ELBO ");
        String[] cells = row.split("\\s+");
        double elbo = Double.parseDouble(cells[1]);
        double bits = Double.parseDouble(cells[3]);
        assertThat(elbo).isNegative();
        assertThat(bits).isCloseTo(-elbo / (64 * Math.log(2)), org.assertj.core.api.Assertions.within(1e-3));
        assertThat(row).endsWith(String.format(java.util.Locale.ROOT, "%.4f   (of -ELBO, the bound on -log p(x))", bits));
    }

    /** One repeat has no spread: its Monte Carlo error is unknown, not 0.0000. */
    @Test
    void oneRepeatSaysItsMonteCarloErrorIsNotMeasured() throws Exception {
        Path json = dir.resolve("one-repeat.json");
        CliRun one = CliRun.of("evaluate", healthy.toString(), "--k", "5", "--repeats", "1", "--json", json.toString());
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("-   (Monte Carlo: one repeat cannot measure it; give --repeats 2 or more)")
                .doesNotContain("0.0000   (Monte Carlo");
        // A script reading 0.0 would take it for no error: the JSON says it is unknown.
        JsonNode isNll = Json.readTree(json.toFile()).at("/report/isNll");
        assertThat(isNll.has("stdErrRepeats")).isTrue();
        assertThat(isNll.get("stdErrRepeats").isNull()).as(isNll.toString()).isTrue();
        assertThat(evaluate(healthy).out()).contains("(Monte Carlo, over 2 repeats)");
    }

    /** One example has no spread either: its errors over examples are unknown, not 0.000. */
    @Test
    void oneExampleSaysItsErrorsOverExamplesAreNotMeasured() throws Exception {
        Path json = dir.resolve("one-example.json");
        CliRun run = evaluate(healthy, "--examples", "1", "--json", json.toString());
        assertThat(line(run, "ELBO ").split("\\s+")[2]).isEqualTo("-");
        assertThat(line(run, "IS-NLL ").split("\\s+")[7]).isEqualTo("-"); // IS-NLL -log p(x), k = 20 NLL -
        assertThat(run.out()).contains("\n± s.e. -: a standard error over examples needs two or more; this"
                + " evaluation has one\n");
        JsonNode r = Json.readTree(json.toFile()).get("report");
        for (String field : new String[] {"/elbo/elboStdErr", "/elbo/reconStdErr", "/elbo/klStdErr",
                "/isNll/stdErrExamples", "/information/mutualInformationStdErr", "/information/aggregateKlStdErr"}) {
            assertThat(r.at(field).isNull()).as(field + " in " + r).isTrue();
        }
        assertThat(r.at("/isNll/stdErrRepeats").isNumber()).isTrue();
        assertThat(evaluate(healthy).out()).doesNotContain("± s.e. -");
    }

    /**
     * Activity is the variance of μ across examples (Burda et al.): one example has none, and the JSON said
     * activeUnits 0, every dimension inactive and collapse state "total", a claim of total collapse read off nothing.
     * What rests on activity is null; the KL per dimension and the count of dimensions under 0.01 nats stay.
     */
    @Test
    void oneExampleLeavesActivityAndTheCollapseStateUnmeasured() throws Exception {
        Path json = dir.resolve("one-example.json");
        assertThat(evaluate(healthy, "--examples", "1", "--json", json.toString()).exitCode()).isZero();
        JsonNode r = Json.readTree(json.toFile()).get("report");
        for (String field : new String[] {"/latent/activeUnits", "/collapse/activeUnits", "/collapse/inactiveCarrying",
                "/collapse/state"}) {
            assertThat(r.at(field).isNull()).as(field + " in " + r).isTrue();
        }
        assertThat(r.at("/latent/dimensions")).isNotEmpty().allSatisfy(d -> {
            assertThat(d.get("kl").isNumber()).isTrue();
            assertThat(d.get("muVariance").isNull()).as(d.toString()).isTrue();
            assertThat(d.get("active").isNull()).as(d.toString()).isTrue();
        });
        assertThat(r.at("/collapse/collapsedDimensions").isInt()).isTrue();
        assertThat(r.at("/collapse/sentence").asText()).startsWith("not measurable on one example");
    }

    /** The floor is read from the model file: evaluate has no free-bits option, the training run had one. */
    @Test
    void aModelTrainedWithFreeBitsHasTheDimensionsAtItsFloorCounted() throws Exception {
        Path floored = dir.resolve("free-bits.safetensors");
        // Bernoulli at λ = 1: every dimension's KL settles near the floor within 10 epochs (0.82 to 0.94 nats).
        train(floored, "--likelihood", "bernoulli", "--latent", "8", "--free-bits", "1", "--epochs", "10");
        Path json = dir.resolve("free-bits.json");
        CliRun run = evaluate(floored, "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("8 of 8 dimensions sit at the free-bits floor of 1 nat: the floor, not the"
                + " data, sets their KL");
        JsonNode collapse = Json.readTree(json.toFile()).at("/report/collapse");
        assertThat(collapse.get("freeBits").asDouble()).isEqualTo(1.0);
        assertThat(collapse.get("atFreeBitsFloor").asInt()).isEqualTo(8);
        assertThat(evaluate(healthy).out()).doesNotContain("floor");
    }

    @Test
    void theJsonHoldsEveryFigureWithItsProtocolAndTheBoundsAreOrdered() throws Exception {
        Path json = dir.resolve("report.json");
        CliRun run = evaluate(healthy, "--json", json.toString(), "--seed", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = Json.readTree(json.toFile());
        assertThat(root.get("schema").asText()).isEqualTo(EvaluateCommand.JSON_SCHEMA);
        assertThat(root.at("/model/parameters").asInt()).isPositive();
        JsonNode r = root.get("report");
        JsonNode p = r.get("protocol");
        assertThat(p.get("dataset").asText()).isEqualTo("digits");
        assertThat(p.get("split").asText()).isEqualTo("test");
        assertThat(p.get("examples").asInt()).isEqualTo(300);
        assertThat(p.get("sha256").asText()).hasSize(64);
        assertThat(p.get("likelihood").asText()).isEqualTo("binomial(16)"); // the digits default
        assertThat(p.get("likelihoodMeaning").asText()).isNotBlank();
        assertThat(p.get("binarization").asText()).isEqualTo("none");
        assertThat(p.get("k").asInt()).isEqualTo(20);
        assertThat(p.get("repeats").asInt()).isEqualTo(2);
        assertThat(p.get("seed").asLong()).isEqualTo(5);
        assertThat(p.get("estimators").fieldNames()).toIterable()
                .contains("elbo", "isNll", "activeUnits", "information");
        // The stored test ELBO as numbers a script can compare, the card's sentence beside them.
        JsonNode stored = p.get("trainedElbo");
        assertThat(stored.get("elbo").isNumber()).as(stored.toString()).isTrue();
        assertThat(stored.get("elbo").asDouble()).isNegative();
        assertThat(stored.get("elboStdErr").asDouble()).isPositive();
        assertThat(stored.get("drawsPerExample").asInt()).isEqualTo(10);
        assertThat(stored.get("examples").asInt()).isEqualTo(300);
        assertThat(stored.get("sameExamples").asBoolean()).isTrue();
        assertThat(stored.get("comparison").asText()).startsWith("the stored test-split ELBO, "
                + String.format(java.util.Locale.ROOT, "%.2f", stored.get("elbo").asDouble()));
        assertThat(r.at("/isNll/stdErrRepeats").asDouble()).isPositive();
        double elbo = r.at("/elbo/elbo").asDouble();
        assertThat(elbo).isCloseTo(-(r.at("/elbo/recon").asDouble() + r.at("/elbo/kl").asDouble()),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.at("/elbo/elboStdErr").asDouble()).isPositive();
        assertThat(r.at("/elbo/reconStdErr").asDouble()).isPositive();
        assertThat(r.at("/elbo/klStdErr").asDouble()).isPositive();
        assertThat(r.at("/isNll/nll").asDouble()).isLessThan(-elbo).isPositive();
        assertThat(r.at("/isNll/perRepeat")).hasSize(2);
        assertThat(r.at("/latent/dimensions")).hasSize(2);
        assertThat(r.at("/latent/dimensions/0/kl").asDouble()).isGreaterThanOrEqualTo(r.at("/latent/dimensions/1/kl").asDouble());
        assertThat(r.at("/information/mutualInformation").asDouble()).isPositive()
                .isLessThanOrEqualTo(r.at("/information/maxMutualInformation").asDouble());
        // ELBO surgery: I + KL(q(z)||p(z)) is the Monte Carlo estimate of the mean KL, close to the closed form.
        assertThat(r.at("/information/mutualInformation").asDouble() + r.at("/information/aggregateKl").asDouble())
                .isCloseTo(r.at("/information/averageKl").asDouble(), org.assertj.core.api.Assertions.within(0.3));
        assertThat(run.out()).contains("IS-NLL").contains("bits/dim").contains("protocol: digits, test split")
                .contains("mutual information").contains("wrote " + json);
        // The table's bits/dim column is -log2 p(x) per dimension on both rows, as in the JSON: positive.
        assertThat(run.out()).containsPattern(String.format(java.util.Locale.ROOT, "(?m)^ELBO .* %.4f   \\(of -ELBO",
                r.at("/elbo/negElboBitsPerDim").asDouble()));
        assertThat(r.at("/elbo/negElboBitsPerDim").asDouble()).isPositive();
    }

    @Test
    void aModelTrainedOnBinarizedPixelsIsEvaluatedOnABinarizedSplitAndTheCardSaysSo() {
        Path binarized = dir.resolve("binarized.safetensors");
        train(binarized, "--likelihood", "bernoulli", "--binarize", "dynamic", "--epochs", "2", "--hidden", "16");
        CliRun run = evaluate(binarized);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("trained with dynamic binarization").contains("x ~ Bernoulli(pixel)");
        // On binary x the Bernoulli is the data's likelihood: the rows bound -log p(x) and say so, unmarked.
        assertThat(line(run, "ELBO ")).endsWith("   (of -ELBO, the bound on -log p(x))");
        assertThat(line(run, "IS-NLL ")).startsWith("IS-NLL -log p(x), k = 20 ");
        assertThat(run.out()).doesNotContain("cross-entropy bound").doesNotContain("\n* ");
    }

    /**
     * The card says a Bernoulli on grayscale x is a cross-entropy, no likelihood of the data; the table's rows said
     * "the bound on -log p(x)" and "-log p(x)" all the same. They are marked, and the note under them says what they are.
     */
    @Test
    void aBernoulliOnGrayscalePixelsRowsClaimNoBoundOnLogPAndSayWhy() {
        CliRun run = evaluate(collapsed); // Bernoulli on the digits' 17 gray levels
        assertThat(run.out()).contains("a Bernoulli on grayscale x is a cross-entropy, no likelihood of the data");
        assertThat(line(run, "ELBO ")).startsWith("ELBO (the beta = 1 bound) *")
                .endsWith("   (of -ELBO, a cross-entropy bound *)");
        assertThat(line(run, "IS-NLL ")).startsWith("IS-NLL *, k = 20 ");
        assertThat(run.out()).doesNotContain("-log p(x), k =").doesNotContain("the bound on -log p(x)")
                .contains("\n* a Bernoulli on grayscale x is a cross-entropy, no likelihood of the data: -ELBO and"
                        + " IS-NLL bound no -log p(x)");
        // A binomial on the same pixels is their likelihood: its rows keep the claim.
        CliRun binomial = evaluate(healthy);
        assertThat(line(binomial, "IS-NLL ")).startsWith("IS-NLL -log p(x), k = 20 ");
        assertThat(binomial.out()).doesNotContain("cross-entropy bound");
    }

    @Test
    void theSameSeedGivesTheSameReportAndAnotherSeedADifferentOne() {
        String a = evaluate(healthy, "--seed", "3").out().replaceAll("timing:.*", "");
        String b = evaluate(healthy, "--seed", "3").out().replaceAll("timing:.*", "");
        String c = evaluate(healthy, "--seed", "4").out().replaceAll("timing:.*", "");
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void anExplicitDatasetOfTheWrongShapeIsAOneLineError() {
        Path csv = dir.resolve("tiny.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(i % 2).append(",0,1,0\n");
        }
        try {
            Files.writeString(csv, sb.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun run = evaluate(healthy, "--dataset", csv.toString(), "--test-size", "5");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("pixels");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheValue() {
        CliRun k = CliRun.of("evaluate", healthy.toString(), "--k", "0");
        assertThat(k.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(k.err()).contains("k must be").contains("0");
        CliRun split = evaluate(healthy, "--split", "validation");
        assertThat(split.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(split.err()).contains("validation");
    }

    @Test
    void examplesLimitsTheSplitAndTheCardSaysSo() {
        CliRun run = evaluate(healthy, "--examples", "40");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("40 examples").contains("(first 40)");
    }

    @Test
    void infoShowsArchitectureParametersConfigAndTheHistoryColumnsTheFileHolds() {
        CliRun run = CliRun.of("info", healthy.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("architecture: VAE 64-128-64-2-64-128-64").contains("parameters: ")
                .contains("encoder.0    weight (128, 64)").contains("training config: epochs 30")
                .contains("beta").contains("seed 42").contains("data: digits")
                .contains("trainElbo").contains("testKl").contains("final test metrics");
        long historyRows = run.out().lines().filter(l -> l.matches("\\s+\\d+\\s+-?\\d.*")).count();
        assertThat(historyRows).isEqualTo(30);
    }

    @Test
    void evaluateRefusesTestSizeWithoutDataset() {
        CliRun run = evaluate(healthy, "--test-size", "0.5");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--test-size 0.5 needs --dataset").contains("1497 train / 300 test")
                .contains("--dataset NAME|PATH").contains("--limit N");
    }

    @Test
    void evaluateLimitWithoutDatasetSubsamplesTheModelsOwnTestSplitAndTheCardSaysSo() {
        CliRun run = evaluate(healthy, "--limit", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("test split, 5 examples")
                .contains("data: the model's own data (digits), stratified split (seed 42)")
                .contains("limited to 5 per split");
    }

    @Test
    void evaluateRefusesTheTrainingDataWithAnotherSplit() {
        CliRun run = evaluate(healthy, "--dataset", "digits", "--test-size", "0.5");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--dataset digits --test-size 0.5 is the data").contains("899 of 1797")
                .contains("trained with 300 held out").contains("counted as test examples").contains("--test-size 300");
    }

    @Test
    void evaluateAcceptsTheTrainingDataWithTheSplitItWasTrainedWith() {
        CliRun run = evaluate(healthy, "--dataset", "digits", "--test-size", "300", "--limit", "7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("test split, 7 examples").contains("data: --dataset digits");
    }

    @Test
    void evaluateOfAnAutoencoderReportsNoBound() throws Exception {
        Path ae = dir.resolve("ae.safetensors");
        train(ae, "--objective", "ae", "--epochs", "2", "--hidden", "16");
        Path json = dir.resolve("ae.json");
        CliRun run = CliRun.of("evaluate", ae.toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(autoencoder 64-16-2-16-64,").contains("reconstruction -log p(x|z = mu)")
                .contains("as the reconstruction loss").contains("not a bound on log p(x)")
                .doesNotContain("IS-NLL -log p(x)").doesNotContain("bits/dim").doesNotContain("verdict:")
                .doesNotContain("mutual information I(x;z)").doesNotContain("true lower bound");
        JsonNode root = Json.readTree(json.toFile());
        assertThat(root.get("schema").asText()).isEqualTo(EvaluateCommand.AUTOENCODER_SCHEMA);
        assertThat(root.at("/report/reconstruction/mean").asDouble()).isPositive();
        assertThat(root.at("/report/elbo").isMissingNode()).isTrue();
        CliRun k = CliRun.of("evaluate", ae.toString(), "--k", "20");
        assertThat(k.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(k.err()).contains("--k: ").contains("plain autoencoder");
    }

    /** The file stores an autoencoder's reconstruction as ELBO = -recon, KL 0; info must not show it as a bound. */
    @Test
    void infoShowsAnAutoencodersMetricsAsReconstructionWithoutElboOrKl() {
        Path ae = dir.resolve("ae-info.safetensors");
        train(ae, "--objective", "ae", "--epochs", "2", "--hidden", "16");
        CliRun run = CliRun.of("info", ae.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String metrics = run.out().lines().filter(l -> l.startsWith("final test metrics")).findFirst().orElseThrow();
        assertThat(metrics).contains("reconstruction at z = mu ").contains("stdErr ").contains("examples 300")
                .contains("no KL term, not a bound on log p(x)").doesNotContain("elbo").doesNotContain("kl ");
        String header = run.out().lines().filter(l -> l.strip().startsWith("epoch")).findFirst().orElseThrow();
        assertThat(header.strip().split("\\s+")).containsExactly("epoch", "trainRecon", "testRecon", "activeUnits",
                "trainLoss");
        assertThat(run.out()).contains("*Elbo (= -*Recon), *Kl (= 0) and beta columns are not shown");
    }

    /** beta, the KL schedule, free bits and samples are stored at their defaults for every objective; none applies. */
    @Test
    void infoLeavesTheKlAndSamplingSettingsOutOfAnAutoencodersConfigAndSaysSo() throws Exception {
        Path ae = dir.resolve("ae-config.safetensors");
        train(ae, "--objective", "ae", "--epochs", "1", "--hidden", "16");
        byte[] stored = Files.readAllBytes(ae);
        CliRun run = CliRun.of("info", ae.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String config = run.out().lines().filter(l -> l.startsWith("training config:")).findFirst().orElseThrow();
        assertThat(config).contains("epochs 1").contains("objective ae").doesNotContain("beta")
                .doesNotContain("klSchedule").doesNotContain("freeBits").doesNotContain("samples");
        assertThat(run.out()).contains("autoencoder: beta, samples, klSchedule and freeBits are not shown: it has no KL"
                + " term to weight, schedule or floor, and encodes z = mu without sampling");
        assertThat(Files.readAllBytes(ae)).as("the file is only read").isEqualTo(stored);

        String vae = CliRun.of("info", healthy.toString()).out().lines()
                .filter(l -> l.startsWith("training config:")).findFirst().orElseThrow();
        // beta, its schedule and free bits are on the objective line, as train's summary says them.
        assertThat(vae).doesNotContain("beta").doesNotContain("klSchedule").doesNotContain("freeBits")
                .contains("samples 1");

        Path iwae = dir.resolve("iwae-config.safetensors");
        train(iwae, "--objective", "iwae", "--k", "3", "--epochs", "1", "--hidden", "16");
        CliRun iwaeInfo = CliRun.of("info", iwae.toString());
        String iwaeConfig = iwaeInfo.out().lines().filter(l -> l.startsWith("training config:")).findFirst()
                .orElseThrow();
        assertThat(iwaeConfig).contains("objective iwae").contains("samples 3").doesNotContain("beta")
                .doesNotContain("klSchedule").doesNotContain("freeBits");
        assertThat(iwaeInfo.out()).contains("iwae: beta, klSchedule and freeBits are not shown");
    }

    /**
     * The file stores the KL schedule as a record with every schedule's fields (a constant one still has cycles and a
     * ratio) and the split as a code word; info says both as train's summary and evaluate's card do.
     */
    @Test
    void infoSaysTheKlWeightAsTrainsSummaryDoesAndHowTheDataWasSplitInWords() throws Exception {
        Path warm = dir.resolve("warm-info.safetensors");
        train(warm, "--warmup", "5", "--beta", "2", "--epochs", "1", "--hidden", "16");
        CliRun run = CliRun.of("info", warm.toString());
        assertThat(line(run, "objective:")).isEqualTo("objective: elbo, beta linear from 0 to 2 over 5 epochs (2 from"
                + " epoch 6 on); the reported ELBO is the beta = 1 bound, not the objective minimised (recon + 2 · KL)");
        assertThat(line(run, "training config:")).contains("learningRate 0.0030, seed 42").doesNotContain("klSchedule")
                .doesNotContain("{").doesNotContain("cycles");
        assertThat(line(run, "data:")).endsWith("1497 train / 300 test, 8x8, stratified split (seed 42)");

        ModelFile.LoadedModel loaded = ModelFile.read(warm);
        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        ObjectNode data = (ObjectNode) Json.readTree(metadata.get(TrainingRun.DATASET_KEY));
        data.put("split", "own").put("limit", 100);
        metadata.put(TrainingRun.DATASET_KEY, Json.write(data));
        Path own = dir.resolve("own-split-info.safetensors");
        ModelFile.write(own, loaded.config(), loaded.parameters(), metadata);
        assertThat(line(CliRun.of("info", own.toString()), "data:")).endsWith("8x8, the set's own train/test split,"
                + " limited to 100 per split (seeded stratified subsample)").doesNotContain("own (seed");
    }

    private static String line(CliRun run, String start) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
    }

    /** IWAE weighs no KL term: its file's per-step beta (always 1) would read as a setting it was trained with. */
    @Test
    void infoLeavesBetaOutOfAnIwaesHistoryAndSaysWhatItsColumnsAre() {
        Path iwae = dir.resolve("iwae-history.safetensors");
        train(iwae, "--objective", "iwae", "--k", "3", "--epochs", "1", "--hidden", "16");
        CliRun run = CliRun.of("info", iwae.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String header = run.out().lines().filter(l -> l.strip().startsWith("epoch")).findFirst().orElseThrow();
        assertThat(header.strip().split("\\s+")).containsExactly("epoch", "trainElbo", "trainRecon", "trainKl",
                "testElbo", "testRecon", "testKl", "activeUnits", "trainLoss");
        assertThat(run.out()).contains("train*: mean over the epoch's minibatches while the weights changed (3 draws"
                        + " of eps per example); trainLoss")
                .contains("iwae: trainLoss is minus the IWAE bound over the k samples; *Elbo, *Recon and *Kl are the"
                        + " ELBO's terms. The bound has no KL term to weight, so the file's beta column is not shown")
                .doesNotContain("the beta of each step");
    }

    @Test
    void trainingAnAutoencoderStatesItsProtocolWithoutBoundsOrSampling() {
        CliRun run = CliRun.of("train", "--objective", "ae", "--epochs", "1", "--hidden", "16", "--no-progress",
                "-o", dir.resolve("ae1.safetensors").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("training autoencoder 64-16-2-16-64")
                .contains("test reconstruction at z = mu").contains("not a bound on log p(x)")
                .contains("decoded once at z = mu").doesNotContain("true lower bound").doesNotContain("sample(s) of eps")
                .doesNotContain("test ELBO");
    }

    @Test
    void infoHistoryColumnsAreSeparatedAndTheTrainColumnsProtocolIsStated() {
        CliRun run = CliRun.of("info", healthy.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String header = run.out().lines().filter(l -> l.strip().startsWith("epoch")).findFirst().orElseThrow();
        assertThat(header.strip().split("\\s+")).containsExactly("epoch", "trainElbo", "trainRecon", "trainKl",
                "testElbo", "testRecon", "testKl", "beta", "activeUnits", "trainLoss");
        assertThat(run.out()).contains("train*: mean over the epoch's minibatches while the weights changed (1 draw"
                        + " of eps per example").contains("test*, validation*: the held-out split after the epoch, 10 draws")
                .contains("nats per example");
        String firstRow = run.out().lines().filter(l -> l.matches("\\s+1\\s+.*")).findFirst().orElseThrow();
        assertThat(firstRow).hasSameSizeAs(header);
    }
}
