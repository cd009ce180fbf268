package org.latentatlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.Split;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingListener;

/** Train, report, save: what {@code atlas train} and the default {@code atlas} run share. */
final class TrainingRun {
    static final String TRAINING_KEY = "atlas.training";
    static final String DATASET_KEY = "atlas.dataset";

    private TrainingRun() {}

    /**
     * Where the data came from, as stored in {@code atlas.dataset}: enough to rebuild the same split.
     *
     * @param name      what the user called it
     * @param height    image rows
     * @param width     image columns
     * @param levels    integer levels before scaling to [0, 1]
     * @param sha256    content hash of the source
     * @param split     "stratified" (seeded, ours) or "official" (the set's own)
     * @param splitSeed seed of a stratified split
     * @param train     training examples
     * @param test      held-out examples
     */
    record DatasetInfo(String name, int height, int width, int levels, String sha256, String split,
                       long splitSeed, int train, int test) {
        static DatasetInfo of(Split s, String splitKind, long splitSeed) {
            Dataset d = s.train();
            return new DatasetInfo(d.name(), d.height(), d.width(), d.levels(), d.sha256(), splitKind, splitSeed,
                    s.train().size(), s.test().size());
        }
    }

    /** The protocol behind every number we print: what likelihood, which split, how many samples. */
    static String protocol(VaeConfig model, DatasetInfo data, Evaluation test) {
        return String.format(Locale.ROOT,
                "%s likelihood on pixels scaled to [0,1] (x/%d; for non-binary x the Bernoulli is not a"
                        + " normalized density, so compare models with it rather than cite it as log p(x));"
                        + " ELBO per example in nats, %d sample(s) of eps per example (seed %d);"
                        + " %s test split of %d examples (%s, seed %d)",
                model.likelihood(), data.levels(), test.samples(), test.seed(), data.name(), test.examples(),
                data.split(), data.splitSeed());
    }

    static Map<String, String> metadata(VaeConfig model, TrainConfig tc, DatasetInfo data, Trainer.Result result) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", tc);
        training.put("objective", "elbo");
        training.put("metrics", Map.of("test", result.test()));
        training.put("protocol", protocol(model, data, result.test()));
        training.put("history", result.history());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(TRAINING_KEY, Json.write(training));
        meta.put(DATASET_KEY, Json.write(data));
        return meta;
    }

    /** Refuses an output path that cannot be written before any time is spent training. */
    static void checkWritable(Path output) {
        Path parent = output.toAbsolutePath().getParent();
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("output " + output + " is a directory; give a file name such as model.safetensors");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("output directory " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new IllegalArgumentException("output directory " + parent + " is not writable");
        }
    }

    static Trainer.Result trainAndSave(VaeConfig model, Split split, DatasetInfo data, TrainConfig tc, Path output,
                                       PrintWriter out, PrintWriter err, boolean progress) throws IOException {
        checkWritable(output);
        out.printf(Locale.ROOT, "training %s on %s (%d train / %d test, %dx%d), %d parameters%n",
                Vae.describe(model), data.name(), data.train(), data.test(), data.height(), data.width(),
                model.parameterCount());
        out.flush();
        TrainingListener listener = progress ? new ProgressListener(err, System.console() != null) : TrainingListener.NONE;
        long start = System.nanoTime();
        Trainer.Result result = new Trainer().train(model, split, tc, listener);
        double seconds = (System.nanoTime() - start) / 1e9;
        ModelFile.write(output, model, result.vae().parameters(), metadata(model, tc, data, result));
        report(out, model, data, result, seconds, output);
        return result;
    }

    private static void report(PrintWriter out, VaeConfig model, DatasetInfo data, Trainer.Result result,
                               double seconds, Path output) {
        Evaluation t = result.test();
        List<EpochMetrics> h = result.history();
        out.printf(Locale.ROOT, "trained %d epochs in %.1f s (%.0f examples/s)%n", h.size(), seconds,
                (double) h.size() * data.train() / seconds);
        out.printf(Locale.ROOT, "test ELBO %.2f ± %.2f nats/example = -(recon %.2f + KL %.2f)%n",
                t.elbo(), t.elboStdErr(), t.recon(), t.kl());
        out.println("protocol: " + protocol(model, data, t));
        out.println("wrote " + output);
        out.flush();
    }
}
