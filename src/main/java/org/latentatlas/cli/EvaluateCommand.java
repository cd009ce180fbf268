package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.Split;
import org.latentatlas.eval.AutoencoderReport;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.eval.EvaluatedSplit;
import org.latentatlas.eval.EvaluationReport;
import org.latentatlas.eval.ModelEvaluator;
import org.latentatlas.eval.ReportText;
import org.latentatlas.eval.Training;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;
import org.latentatlas.text.Json;
import org.latentatlas.text.Words;
import org.latentatlas.train.Binarization;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atlas evaluate MODEL}: ELBO, IS-NLL, latent usage and a collapse verdict, with a protocol card. */
@Command(name = "evaluate", header = "ELBO, importance-sampled NLL, active units and a collapse verdict for a saved model.", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        // One string per paragraph: picocli wraps each, and a line break inside one would show as a ragged line.
        description = {"Evaluate a saved model on a dataset split: ELBO, reconstruction and KL per example with"
                + " standard errors; the importance-sampled negative log-likelihood (IS-NLL, k samples from q(z|x),"
                + " repeated); KL per latent dimension, active units, mutual information I(x;z) and the"
                + " aggregate-posterior KL; a posterior-collapse verdict; and the protocol behind every number."
                + " Prints a table, optionally writes JSON. For an autoencoder (--objective ae) only the"
                + " reconstruction at z = mu is reported: it has no bound.", "", ModelDataOptions.OWN_DATA})
public final class EvaluateCommand implements Callable<Integer> {
    /**
     * /2: a figure one run cannot measure is null (isNll.stdErrRepeats of one repeat; /1 wrote 0.0, read as no
     * error), and protocol.trainedElbo holds the stored ELBO's numbers with the sentence as its comparison (/1: the
     * sentence alone).
     */
    static final String JSON_SCHEMA = "atlas.evaluation/2";
    /** A report without bounds, so readers of atlas.evaluation never take its numbers for an ELBO. */
    static final String AUTOENCODER_SCHEMA = "atlas.autoencoder-evaluation/1";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'atlas train'.")
    Path model;

    @Mixin
    ModelDataOptions data = new ModelDataOptions();

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|train", description = "Which split to evaluate.")
    String split;

    @Option(names = "--k", defaultValue = "5000", paramLabel = "K",
            description = "Importance samples per example per repeat (1 gives a single-sample ELBO).")
    int k;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R",
            description = "Independent repeats of the k-sample estimate; their spread is the Monte Carlo error.")
    int repeats;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED",
            description = "Seed of every draw of the evaluation.")
    long seed;

    @Option(names = "--examples", paramLabel = "N",
            description = "Evaluate only the first N examples of the split (a quick look; the card says so).")
    Integer examples;

    @Option(names = "--information-samples", defaultValue = "2000", paramLabel = "M",
            description = "Examples (one z each) behind the mutual-information estimate; the mixture uses all.")
    int informationSamples;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON (atomically). An"
            + " existing evaluation report there is replaced; any other file (a model, a dataset) is refused before"
            + " the evaluation starts.")
    Path json;

    @Option(names = "--crosscheck", paramLabel = "DIR", description = "Also write what tools/torch_crosscheck.py"
            + " needs to reproduce this evaluation in PyTorch to DIR (created if missing): x.f32, the evaluated"
            + " examples as evaluated (after any binarization); eps.f32, every noise sample drawn; expected.json,"
            + " the per-example numbers; then print the command that checks them. Files already there are refused."
            + " Meant for small runs (e.g. --examples 200 --k 100 --repeats 1): the noise is limited to 256 MB.")
    Path crosscheck;

    /** The examples to evaluate and, for the card, how they were binarized ("none" or the protocol). */
    private record Prepared(Dataset set, String binarization) {}

    @Override
    public Integer call() throws Exception {
        try {
            return evaluate();
        } catch (InvalidSettingException e) { // the estimator's settings name their fields; the user typed options
            throw ConfigOptions.EVALUATE.named(e, spec);
        }
    }

    private int evaluate() throws Exception {
        split = SplitOption.named(split);
        if (examples != null && examples < 1) {
            throw new IllegalArgumentException("--examples must be >= 1, got " + examples);
        }
        ModelEvaluator.Settings settings = new ModelEvaluator.Settings(k, repeats, seed, informationSamples);
        InputFiles.requireFile("MODEL", model, InputFiles.MODEL);
        OutputFiles.Target jsonTarget = json == null ? null
                : new OutputFiles.Claims().claim("--json", json, OutputFiles.Kind.EVALUATION_REPORT);
        CrossCheckFiles crossCheck = crosscheck == null ? null : CrossCheckFiles.claim("--crosscheck", crosscheck);
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        JsonNode training = ModelDatasets.training(model, loaded);
        boolean autoencoder = TrainingRun.isAutoencoder(training);
        if (autoencoder) {
            refuseSamplingOptions();
        }
        ModelDatasets.Chosen chosen = ModelDatasets.choose(model, loaded, training, data, split);
        Prepared prepared = binarizedAsTrained(pick(chosen.data().split()), training);
        Dataset set = prepared.set();
        refuseUncountedData(loaded, set);
        if (crossCheck != null) {
            crossCheck.checkSize(set.size(), k, repeats, loaded.config().latentDim());
        }
        String provenance = ModelDatasets.provenance(chosen, !data.explicit());
        Vae vae = new Vae(loaded.config(), loaded.parameters());
        String kind = Vae.describe(loaded.config(), autoencoder);
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "evaluating %s on %s %s (%d examples): %s%n", kind, set.name(), split, set.size(),
                autoencoder ? "reconstruction at z = mu" : String.format(Locale.ROOT, "%,d decoder rows",
                        (long) set.size() * k * repeats));
        err.flush();
        EvaluatedSplit evaluated = new EvaluatedSplit(set, split, provenance, prepared.binarization());
        if (autoencoder) {
            print(kind, loaded, AutoencoderReport.evaluate(vae, evaluated), AUTOENCODER_SCHEMA, jsonTarget);
            return 0;
        }
        ModelEvaluator.Result result = ModelEvaluator.evaluate(vae, evaluated, training(training, set), settings);
        print(kind, loaded, result.report(), JSON_SCHEMA, jsonTarget);
        if (crossCheck != null) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(crossCheck.write(model, set, loaded.config().latentDim(), result.report().isNll(),
                    result.perExample()));
            out.flush();
        }
        return 0;
    }

    /**
     * How the model was trained, from its file, for the card: null where the file records no config. The stored test
     * ELBO was scored on the same examples when they are the model's own whole test split, binarized (if at all)
     * with the training seed, as training binarized them.
     */
    private Training training(JsonNode training, Dataset set) throws IOException {
        if (!training.hasNonNull("config")) {
            return null;
        }
        TrainConfig tc = StoredTraining.config(model.toString(), training);
        Evaluation stored = StoredTraining.test(model.toString(), training);
        boolean same = stored != null && !data.explicit() && split.equals("test") && set.size() == stored.examples()
                && (TrainingRun.binarization(training).equals("none") || seed == tc.seed());
        return new Training(tc, stored, same);
    }

    /** An autoencoder has no q(z|x) to sample: a sampling option given for one would be silently ignored. */
    private void refuseSamplingOptions() {
        List<String> sampling = List.of("--k", "--repeats", "--information-samples", "--crosscheck");
        for (String option : sampling) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + ": " + model + " is a plain autoencoder (trained with"
                        + " --objective ae), which has no posterior to sample, so evaluate reports only its"
                        + " reconstruction at z = mu; leave out " + Words.and(sampling));
            }
        }
    }

    /**
     * A Binomial(N) model scores counts out of N: on other pixels it would round x·N to counts the data never held
     * and its nats would bound nothing. Data named by --dataset is refused (training refuses such data too); a
     * model trained on such data before training refused it gets a warning.
     */
    private void refuseUncountedData(ModelFile.LoadedModel loaded, Dataset set) {
        Likelihood likelihood = Likelihood.parse(loaded.config().likelihood());
        if (!(likelihood instanceof Likelihood.Binomial b) || set.binomialMismatch(b.n()).isEmpty()) {
            return;
        }
        String why = model + "'s likelihood " + b.spec() + " " + set.binomialMismatch(b.n()).get();
        if (data.explicit()) {
            throw new IllegalArgumentException("--dataset " + data.dataset() + ": " + why + ", so its nats would bound"
                    + " nothing: evaluate it on data whose pixels are counts out of " + b.n() + " (or of a divisor)");
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": warning: " + why + " (it was trained before atlas train refused such"
                + " data): its nats below are no bound on log p(x); retrain it with a likelihood that fits");
        err.flush();
    }

    /** Evaluated on the data as the model saw it: a model trained on binarized pixels gets the split binarized once. */
    private Prepared binarizedAsTrained(Dataset set, JsonNode training) {
        String mode = TrainingRun.binarization(training);
        if (!mode.equals("static") && !mode.equals("dynamic")) {
            return new Prepared(set, "none");
        }
        // Drawn as training drew its test split's: with the training seed, the test split's examples are the ones the
        // model's stored test ELBO scored (the card says "the same examples" then).
        return new Prepared(Binarization.binarizedAsTestSplit(set, seed), "trained with " + mode
                + " binarization: evaluated on the split binarized once, x ~ Bernoulli(pixel), seed " + seed);
    }

    private void print(String kind, ModelFile.LoadedModel loaded, Object report, String schema,
                       OutputFiles.Target jsonTarget) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("model: " + model + " (" + kind + ", " + loaded.config().parameterCount() + " parameters)");
        out.print(report instanceof AutoencoderReport ae ? ReportText.render(ae) : ReportText.render((EvaluationReport) report));
        if (jsonTarget != null) {
            out.flush(); // the report is on screen even when the JSON cannot be written
            OutputFiles.Target now = jsonTarget.recheck();
            AtomicFiles.write(now.path(), toJson(schema, kind, report, loaded).getBytes(StandardCharsets.UTF_8));
            out.println(now.wrote());
        }
        out.flush();
    }

    private Dataset pick(Split s) {
        Dataset set = split.equals("test") ? s.test() : s.train();
        if (examples == null || examples >= set.size()) {
            return set;
        }
        int[] first = new int[examples];
        for (int i = 0; i < examples; i++) {
            first[i] = i;
        }
        return set.subset(first, " (first " + examples + ")");
    }

    static String toJson(String schema, String kind, Object report, ModelFile.LoadedModel loaded) {
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        modelInfo.put("architecture", kind);
        modelInfo.put("parameters", loaded.config().parameterCount());
        modelInfo.put("config", loaded.config());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", schema);
        root.put("model", modelInfo);
        root.put("report", report);
        return Json.writePretty(root);
    }
}
