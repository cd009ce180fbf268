package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.eval.LearnedSigma;
import org.latentatlas.eval.Training;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;
import org.latentatlas.text.Words;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atlas info MODEL}: what a model file says about itself, read from its metadata only (no data, no
 * computation): architecture, parameter count, training config, data, final metrics and the per-epoch history.
 * Metadata is shown tolerantly: fields a newer trainer adds are shown, fields an older one lacked are skipped. A file
 * whose config, stored metrics, history or data record the other commands refuse ({@link StoredTraining}) is shown as
 * stored, then refused in their words (exit 1), so that a damaged value is not taken for a sound one.
 */
@Command(name = "info", header = "Architecture, training config, data and history of a model file.", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a model file's architecture, parameter count, training config, dataset, final test"
                + " metrics and per-epoch history (whatever columns the file holds), from its metadata alone. For"
                + " IS-NLL, active units and a collapse verdict run 'atlas evaluate MODEL'.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'atlas train'.")
    Path model;

    @Override
    public Integer call() throws IOException {
        InputFiles.requireFile("MODEL", model, InputFiles.MODEL);
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        PrintWriter out = spec.commandLine().getOut();
        JsonNode training = read(loaded, TrainingRun.TRAINING_KEY);
        Objective objective = objective(training);
        boolean autoencoder = objective == Objective.AE;
        JsonNode dataset = read(loaded, TrainingRun.DATASET_KEY);
        architecture(out, loaded, autoencoder, TrainingRun.binaryData(training, dataset));
        Training trained = trained(training);
        if (training.isMissingNode()) {
            out.println("training: " + (loaded.metadata().containsKey(TrainingRun.TRAINING_KEY)
                    ? TrainingRun.TRAINING_KEY + " is not valid JSON (refused below)"
                    : "no " + TrainingRun.TRAINING_KEY + " metadata in this file"));
        } else {
            trainingConfig(out, training, objective, trained != null);
            scalars(out, training, trained);
        }
        if (!dataset.isMissingNode()) {
            data(out, dataset, training);
        }
        if (!training.isMissingNode()) {
            finalMetrics(out, training.at("/metrics/test"), autoencoder, trained);
            if (training.hasNonNull("protocol")) {
                out.println("protocol: " + training.get("protocol").asText());
            }
            history(out, training, objective);
        }
        out.flush();
        // Shown as stored above, where a damaged file shows what it holds; refused after, as every command that reads
        // these parts refuses it, so that "examples 0" or "elbo abc" is not taken for a sound file's.
        StoredTraining.read(model.toString(), loaded.metadata());
        StoredTraining.dataset(model.toString(), loaded.metadata());
        return 0;
    }

    /** @param binary trained on binary pixels (binarized, or 0/1 data), where the likelihood's meaning differs */
    private void architecture(PrintWriter out, ModelFile.LoadedModel loaded, boolean autoencoder, boolean binary) {
        VaeConfig c = loaded.config();
        out.println("model: " + model);
        out.printf(Locale.ROOT, "architecture: %s (%dx%d images, latent %d, %s activations)%n", Vae.describe(c, autoencoder),
                c.imageHeight(), c.imageWidth(), c.latentDim(), c.activation());
        out.println("likelihood: " + c.likelihood() + " — " + (autoencoder
                ? "the reconstruction loss; no bound on log p(x)" : Likelihood.parse(c.likelihood()).meaning(binary)));
        LearnedSigma sigma = LearnedSigma.of(new Vae(c, loaded.parameters()));
        if (sigma != null) { // the decoder's noise is a parameter like its weights: the file holds it, info shows it
            out.println("  " + sigma.describe());
        }
        out.printf(Locale.ROOT, "parameters: %,d%n", c.parameterCount());
        for (VaeConfig.LinearSpec l : c.linears()) {
            out.printf(Locale.ROOT, "  %-12s weight (%d, %d) + bias (%d) = %,d%n", l.name(), l.out(), l.in(), l.out(),
                    l.weightCount() + l.out());
        }
    }

    /**
     * How the model was trained, worded as train and evaluate word it; null where the file's config or test metrics
     * cannot be read (an older or damaged file), which info then shows field by field.
     */
    private static Training trained(JsonNode training) {
        JsonNode config = training.path("config");
        JsonNode test = training.at("/metrics/test");
        if (!config.isObject() || !test.isObject()) {
            return null;
        }
        try {
            return new Training(Json.treeToValue(config, TrainConfig.class), Json.treeToValue(test, Evaluation.class),
                    false);
        } catch (IOException | IllegalArgumentException e) { // info shows what it can of a file it cannot fully read
            return null;
        }
    }

    /** What the model was trained for; a file that does not say (or says something unknown) is read as the ELBO. */
    private static Objective objective(JsonNode training) {
        String spec = training.path("objective").asText(Objective.ELBO.spec());
        return Arrays.stream(Objective.values()).filter(o -> o.spec().equals(spec)).findFirst().orElse(Objective.ELBO);
    }

    private static JsonNode read(ModelFile.LoadedModel loaded, String key) {
        String text = loaded.metadata().get(key);
        if (text == null) {
            return MissingNode.getInstance();
        }
        try {
            return Json.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance(); // unreadable metadata is reported as absent, not fatal: info is a look
        }
    }

    /** Top-level fields with lines of their own: the protocol, and the data's path under "data". */
    private static final List<String> SHOWN_ELSEWHERE = List.of("protocol", RecordedDataset.BESIDE_MODEL_FIELD);

    /**
     * Top-level scalar fields other than the known sections (objective, and whatever a newer trainer adds); the
     * objective as {@link Training#describe()} says it, with its weight, floor and what the ELBO is beside it.
     */
    private static void scalars(PrintWriter out, JsonNode training, Training trained) {
        for (Map.Entry<String, JsonNode> f : training.properties()) {
            if (f.getValue().isValueNode() && !SHOWN_ELSEWHERE.contains(f.getKey())) {
                boolean described = f.getKey().equals("objective") && trained != null;
                out.println(f.getKey() + ": " + (described ? trained.describe() : f.getValue().asText()));
            }
        }
    }

    /** Settings an autoencoder's file holds only because every objective shares one config (at their defaults). */
    private static final List<String> NOT_AN_AUTOENCODERS = List.of("beta", "samples", "klSchedule", "freeBits");
    /** The ELBO's KL settings, which the objective line gives as train's summary says them. */
    private static final List<String> ON_THE_OBJECTIVE_LINE = List.of("beta", "klSchedule", "freeBits");
    /** Likewise for IWAE, whose bound weighs no separate KL term (training refuses other values for them). */
    private static final List<String> NOT_IWAES = List.of("beta", "klSchedule", "freeBits");

    /**
     * The stored training config, without the settings the objective does not use (an autoencoder: the KL term's
     * and sampling's; IWAE: the KL term's), which the file keeps at their defaults but which would read as if the
     * model had been trained with them.
     */
    private static void trainingConfig(PrintWriter out, JsonNode training, Objective objective, boolean described) {
        JsonNode config = training.path("config");
        boolean autoencoder = objective == Objective.AE;
        boolean iwae = objective == Objective.IWAE;
        List<String> omitted = new ArrayList<>(autoencoder ? NOT_AN_AUTOENCODERS : iwae ? NOT_IWAES
                : described ? ON_THE_OBJECTIVE_LINE : List.of());
        Map<String, String> shown = new LinkedHashMap<>();
        String klWeight = omitted.contains("beta") ? null : klWeight(config);
        if (klWeight != null) { // beta and its schedule in one entry, as train's summary says them
            shown.put("beta", klWeight);
            omitted.add("klSchedule");
        }
        for (Map.Entry<String, JsonNode> f : config.properties()) {
            // A whole count stored as a double (validation 100) is a count: "100", not "100.0000"
            if (f.getValue().isFloatingPointNumber() && f.getValue().asDouble() == Math.rint(f.getValue().asDouble())) {
                shown.putIfAbsent(f.getKey(), f.getKey() + " " + Words.number(f.getValue().asDouble()));
            }
        }
        if (config.path("clipNorm").isNumber() && config.get("clipNorm").asDouble() == 0) {
            shown.put("clipNorm", "clipNorm off"); // TrainConfig: 0 turns clipping off, it is no norm of 0
        }
        fields(out, "training config", config, omitted, shown);
        if (autoencoder && config.isObject()) {
            out.println("  autoencoder: beta, samples, klSchedule and freeBits are not shown: it has no KL term to"
                    + " weight, schedule or floor, and encodes z = mu without sampling");
        } else if (iwae && config.isObject()) {
            out.println("  iwae: beta, klSchedule and freeBits are not shown: the IWAE bound has no separate KL term"
                    + " to weight, schedule or floor");
        }
    }

    /**
     * "beta 1.0", or "beta linear from 0 to 4 over 10 epochs (4 from epoch 11 on)" with the schedule's own settings
     * only (a constant schedule's file still holds a warm-up and cycles at their defaults); null when the file's
     * schedule cannot be read, which then shows as stored.
     */
    private static String klWeight(JsonNode config) {
        if (!config.path("klSchedule").isObject() || !config.path("beta").isNumber()) {
            return null;
        }
        try {
            return Json.treeToValue(config.get("klSchedule"), KlSchedule.class)
                    .describe(config.get("beta").asDouble());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void fields(PrintWriter out, String title, JsonNode node) {
        fields(out, title, node, List.of(), Map.of());
    }

    /**
     * "title: key value, key value" over the node's fields, in the file's order.
     *
     * @param omitted fields left out
     * @param shown   fields shown as this text instead of "key value"
     */
    private static void fields(PrintWriter out, String title, JsonNode node, List<String> omitted,
                               Map<String, String> shown) {
        if (!node.isObject()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!omitted.contains(f.getKey())) {
                parts.add(shown.getOrDefault(f.getKey(), f.getKey() + " " + format(f.getValue())));
            }
        }
        out.println(title + ": " + String.join(", ", parts));
    }

    /**
     * The stored test metrics. An autoencoder's file stores its reconstruction as ELBO = -reconstruction with KL 0
     * (one file format for every objective); shown under those names they would read as a bound it does not have.
     */
    private static void finalMetrics(PrintWriter out, JsonNode test, boolean autoencoder, Training trained) {
        String title = "final test metrics (nats per example)";
        boolean weighted = trained != null && trained.weightsTheKl();
        if (!autoencoder) {
            Map<String, String> shown = new HashMap<>(Map.of("elboStdErr", "elboStdErr " + stdErr(test)));
            if (weighted) {
                shown.put("elbo", "elbo " + format(test.path("elbo")) + " (" + Training.BOUND + ")");
            }
            fields(out, title, test, List.of(), shown);
            if (weighted) {
                Double value = trained.objective(trained.stored());
                out.println(Training.OBJECTIVE + ": " + trained.formula() + (value != null
                        ? String.format(Locale.ROOT, " = %.2f on the test split, at beta's final value", value)
                        : " (its value needs each dimension's KL, which the file does not store: atlas evaluate"
                        + " gives it)"));
            }
        } else if (test.isObject()) {
            out.println(title + ": reconstruction at z = mu " + format(test.path("recon")) + ", stdErr "
                    + stdErr(test) + ", examples " + format(test.path("examples"))
                    + " (an autoencoder: no KL term, not a bound on log p(x))");
        }
    }

    /**
     * The stored standard error over the test examples, or "n/a (one example)": a spread over one example is no
     * error estimate. The file stores null there; files written before said 0, which read as an exact ELBO.
     */
    private static String stdErr(JsonNode test) {
        return test.path("examples").asInt() == 1 ? "n/a (one example)" : format(test.path("elboStdErr"));
    }

    private static void data(PrintWriter out, JsonNode d, JsonNode training) {
        int train = d.path("trainSize").asInt();
        String name = d.path("name").asText("?");
        String source = d.path("source").asText("?");
        out.printf(Locale.ROOT, "data: %s%s, %d train%s / %d test, %dx%d, %s%s%n", name,
                source.equals(name) ? "" : " (" + source + ")", train, heldOut(training, train), d.path("testSize").asInt(),
                d.path("rows").asInt(), d.path("cols").asInt(),
                ModelDatasets.splitKind(d.path("split").asText("?"), d.path("seed").asText("?")),
                d.hasNonNull("limit") ? ", " + ModelDatasets.limited(d.get("limit").asText()) : "");
        String recorded = training.at("/" + ModelDatasets.REQUEST_FIELD + "/dataset").asText(null);
        if (recorded != null && RecordedDataset.isPath(recorded)) { // where evaluate, plot and serve look for it
            JsonNode beside = training.path(RecordedDataset.BESIDE_MODEL_FIELD);
            out.println("  recorded path: " + (beside.isTextual() ? beside.asText() + " from the model's folder, or "
                    + recorded + (Path.of(recorded).isAbsolute() ? "" : " from the working directory")
                    : recorded + " (as typed: from the model's folder, or the working directory)"));
        }
        hashes(out, d);
    }

    /**
     * The recorded hashes under what they are of: a stratified split is drawn from one source, and both of its
     * hashes are that source's, so a label "test" would send a user hashing the test examples to a mismatch.
     */
    private static void hashes(PrintWriter out, JsonNode d) {
        String train = d.path("trainSha256").asText("?");
        String test = d.path("testSha256").asText("?");
        if (DatasetMetadata.hashesWholeSource(d.path("split").asText(), train, test)) {
            out.println("  SHA-256 " + test + " (of the whole source: train and test are a split drawn from it)");
        } else {
            out.println("  train SHA-256 " + train + " (of its source)");
            out.println("  test SHA-256 " + test + " (of its source)");
        }
    }

    /** " (of them 400 held out for validation, ...)" when the run carved a validation set, else "". */
    private static String heldOut(JsonNode training, int trainSize) {
        try { // the carve training made, read as plot and evaluate read it
            TrainConfig config = ModelDatasets.validationConfig("", training); // its refusal is made below, in call
            if (config == null) {
                return "";
            }
            int n = config.validationCount(trainSize);
            return " (of them " + n + " held out for validation, " + (trainSize - n) + " trained on)";
        } catch (IOException | IllegalArgumentException e) { // info shows what it can of a file it cannot fully read
            return " (some held out for validation: " + training.at("/config/validation").asText() + ")";
        }
    }

    /**
     * One row per epoch, one column per field some epoch holds a value for, in first-seen order; "-" where an
     * epoch lacks it. Columns are as wide as their widest cell plus two spaces, so headers never run together.
     */
    private static void history(PrintWriter out, JsonNode training, Objective objective) {
        JsonNode history = training.path("history");
        if (!history.isArray() || history.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode epoch : history) {
            epoch.fieldNames().forEachRemaining(name -> {
                JsonNode v = epoch.get(name);
                if (!columns.contains(name) && v.isValueNode() && !v.isNull() && !notFor(objective, name)) {
                    columns.add(name);
                }
            });
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns);
        for (JsonNode epoch : history) {
            rows.add(columns.stream().map(c -> epoch.hasNonNull(c) ? format(epoch.get(c)) : "-").toList());
        }
        out.println("history (per epoch, nats per example" + (columns.contains(WALL_SECONDS) ? "; " + WALL_SECONDS
                + " in seconds" : "") + "):");
        legend(out, training, objective, columns.contains(WALL_SECONDS));
        int[] widths = new int[columns.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length() + 2);
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(" ".repeat(widths[i] - row.get(i).length())).append(row.get(i));
            }
            out.println(line);
        }
    }

    /** The history's clock (train --record-time): a running total, not each epoch's own time. */
    static final String WALL_SECONDS = "wallSeconds";

    /**
     * What the train* and the held-out columns measure (they come from different protocols), and the clock's.
     *
     * @param timed whether the history holds {@link #WALL_SECONDS}
     */
    private static void legend(PrintWriter out, JsonNode training, Objective objective, boolean timed) {
        JsonNode config = training.path("config");
        boolean ae = objective == Objective.AE;
        String sampling = ae ? "z = mu, no sampling" : Training.drawsOfEps(config.path("samples").asInt(1));
        out.println("  train*: mean over the epoch's minibatches while the weights changed (" + sampling
                + (objective == Objective.ELBO ? ", the beta of each step" : "") + "); trainLoss is the "
                + Training.OBJECTIVE);
        out.println("  test*, validation*: the held-out split after the epoch, " + (ae ? sampling
                : Training.drawsOfEps(Trainer.EVAL_SAMPLES) + ", seed " + config.path("seed").asText("?")));
        if (ae) {
            out.println("  autoencoder: *Recon is the reconstruction at z = mu, not a bound on log p(x); it has no KL"
                    + " term, so the file's *Elbo (= -*Recon), *Kl (= 0) and beta columns are not shown");
        } else if (objective == Objective.IWAE) {
            out.println("  iwae: trainLoss is minus the IWAE bound over the k samples; *Elbo, *Recon and *Kl are the"
                    + " ELBO's terms. The bound has no KL term to weight, so the file's beta column is not shown");
        }
        if (timed) { // Trainer reads one clock started with the run: the epochs' times add up, they are not each's
            out.println("  " + WALL_SECONDS + ": seconds since the run began (since the resume, for epochs after one),"
                    + " at the end of each epoch, after its evaluation; an epoch's own time is the difference from"
                    + " the row above");
        }
    }

    /**
     * History columns a file holds only because every objective shares one format: an autoencoder has no ELBO, KL
     * or beta, and IWAE no beta.
     */
    private static boolean notFor(Objective objective, String column) {
        return switch (objective) {
            case AE -> column.endsWith("Elbo") || column.endsWith("Kl") || column.equals("beta");
            case IWAE -> column.equals("beta");
            case ELBO -> false;
        };
    }

    private static String format(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            return Math.abs(d) >= 1e5 || (d != 0 && Math.abs(d) < 1e-3) ? String.format(Locale.ROOT, "%.4g", d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
