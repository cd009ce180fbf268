package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.data.Split;
import org.latentatlas.eval.Evaluation;
import org.latentatlas.eval.Training;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;
import org.latentatlas.train.Binarization;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingListener;

/** Train, report, save: what {@code atlas train} and the default {@code atlas} run share. */
final class TrainingRun {
    static final String TRAINING_KEY = "atlas.training";
    static final String DATASET_KEY = "atlas.dataset";

    /** What an autoencoder's numbers are, said without the likelihood's bound wording, which would contradict it. */
    static final String AE_MEANING = "autoencoder: reconstruction -log p(x|z = mu) per example in nats, not a bound"
            + " on log p(x) (stored as ELBO = -reconstruction with KL 0)";

    private TrainingRun() {}

    /** How a model file's training binarized its pixels: "none", "static" or "dynamic" (older files: top level). */
    static String binarization(JsonNode training) {
        return training.at("/config/binarize").asText(training.path("binarize").asText("none"));
    }

    /** Whether the model was trained and is evaluated on binary pixels: binarized, or 0/1 data from the start. */
    static boolean binaryData(JsonNode training, JsonNode dataset) {
        return !binarization(training).equals("none")
                || DatasetMetadata.binaryValues(dataset.path("levels").asInt(), dataset.hasNonNull("range"));
    }

    /** Whether a model file's training metadata records a plain autoencoder ({@code --objective ae}). */
    static boolean isAutoencoder(JsonNode training) {
        return Objective.AE.spec().equals(training.path("objective").asText());
    }

    /** The protocol behind every number we print: what likelihood, which split, how many samples. */
    static String protocol(VaeConfig model, DatasetMetadata data, Evaluation test) {
        return protocol(model, data, test, null);
    }

    /** The protocol, saying what the objective and binarization make of the numbers when {@code tc} is given. */
    static String protocol(VaeConfig model, DatasetMetadata data, Evaluation test, TrainConfig tc) {
        String split = data.split().equals("own") ? "the set's own split" : "stratified split, seed " + data.seed();
        boolean ae = tc != null && tc.objective() == Objective.AE;
        String binarized = tc == null || tc.binarize() == Binarization.NONE ? ""
                : "; trained on " + tc.binarize().spec() + "ally binarized pixels, test binarized once (fixed seed)";
        return String.format(Locale.ROOT, "%s; pixels %s%s; %s; %s test split, %d example%s (%s)%s",
                ae ? AE_MEANING + "; likelihood " + model.likelihood() + ", as the reconstruction loss"
                        : "ELBO per example in nats; likelihood " + model.likelihood() + " ("
                        + Likelihood.parse(model.likelihood()).meaning(binary(data, tc)) + ")",
                data.pixelScale(), binarized,
                ae ? "decoded once at z = mu, no sampling"
                        : Training.drawsOfEps(test.samples()) + " (seed " + test.seed()
                        + "), ± the standard error over examples",
                data.name(), test.examples(), test.examples() == 1 ? "" : "s", split, data.limit() == null ? "" : "; limited to " + data.limit() + " per split");
    }

    /** Whether the evaluated pixels are binary: binarized for training, or 0/1 data (levels 1) from the start. */
    private static boolean binary(DatasetMetadata data, TrainConfig tc) {
        return (tc != null && tc.binarize() != Binarization.NONE) || data.binaryValues();
    }

    /** @param modelFile where the model is written: its data's path is also recorded from the model's folder */
    static Map<String, String> metadata(VaeConfig model, TrainConfig tc, LoadedDataset data, DatasetRequest request,
                                        Path modelFile, Trainer.Result result) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", tc);
        training.put(ModelDatasets.REQUEST_FIELD, RecordedDataset.portable(request));
        String besideModel = RecordedDataset.besideModel(request, modelFile);
        if (besideModel != null) {
            training.put(RecordedDataset.BESIDE_MODEL_FIELD, besideModel);
        }
        training.put("objective", tc.objective().spec());
        training.put("metrics", Map.of("test", result.test()));
        training.put("protocol", protocol(model, data.metadata(), result.test(), tc));
        training.put("steps", result.steps());
        training.put("stopped", result.stopped());
        if (result.bestEpoch() > 0) {
            training.put("bestEpoch", result.bestEpoch());
        }
        training.put("history", result.history());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(TRAINING_KEY, Json.write(training));
        meta.put(DATASET_KEY, data.metadata().metadataJson());
        return meta;
    }

    static Trainer.Result trainAndSave(VaeConfig model, LoadedDataset data, DatasetRequest request, TrainConfig tc,
                                       OutputFiles.Target output, PrintWriter out, PrintWriter err,
                                       boolean progress) throws IOException {
        return trainAndSave(model, data, request, tc, output, out, err, progress, new Trainer(),
                checkpoint -> "atlas train --resume " + checkpoint); // no checkpoints: never said
    }

    /** @param resumeCommand the command line that continues the run from a checkpoint, for a failed save to say */
    static Trainer.Result trainAndSave(VaeConfig model, LoadedDataset data, DatasetRequest request, TrainConfig tc,
                                       OutputFiles.Target output, PrintWriter out, PrintWriter err,
                                       boolean progress, Trainer trainer, Function<Path, String> resumeCommand)
            throws IOException {
        DatasetMetadata d = data.metadata();
        Split split = data.split();
        int validation = tc.validationCount(d.trainSize());
        trainer.check(model, split, tc); // a refusal comes before the banner, not after it
        String classes = data.classes(); // where the classes came from: a mistaken --csv-label shows here
        out.printf(Locale.ROOT, "training %s (%s, %s) on %s (%d train%s / %d test, %dx%d)%s, %d parameters%n",
                Vae.describe(model, tc.objective() == Objective.AE), model.activation(),
                model.likelihood(), d.name(), d.trainSize() - validation,
                validation > 0 ? " + " + validation + " validation" : "", d.testSize(), d.rows(), d.cols(),
                classes == null ? "" : ", " + classes, model.parameterCount());
        if (trainer.resumesAtStep() > 0) { // the progress bar starts there too; say what it continues
            out.printf(Locale.ROOT, "resuming after step %d of the checkpoint, bit for bit as if never interrupted%n",
                    trainer.resumesAtStep());
        }
        out.flush();
        TrainingListener listener = progress ? new ProgressListener(err, System.console() != null,
                tc.objective(), Training.of(tc).weightsTheKl()) : TrainingListener.NONE;
        long start = System.nanoTime();
        Trainer.Result result = trainer.train(model, split, tc, listener);
        double seconds = (System.nanoTime() - start) / 1e9;
        // The numbers come first: a save that fails (a full disk) must not take the run's results with it.
        report(out, model, d, tc, result, seconds);
        OutputFiles.Target saved = save(output, model, result.vae().parameters(), metadata(model, tc, data, request,
                output.path(), result), trainer.lastCheckpoint(), resumeCommand);
        out.println(saved.wrote());
        out.flush();
        return result;
    }

    /**
     * Why the trained model is not on disk, and what is left of the run: its numbers (printed above) and the last
     * checkpoint, which {@code --resume} turns into the model without training again, since it holds the last step.
     */
    static String unsaved(IOException e, Trainer.SavedAt checkpoint, Function<Path, String> resumeCommand) {
        String what = e.getMessage() + "; the trained model was not saved (its test numbers are above)";
        if (checkpoint == null) {
            return what + ", and no checkpoint was written (--checkpoint-every STEPS keeps a resumable copy): free"
                    + " space or choose another --output, and train again";
        }
        return what + "; the last checkpoint, " + checkpoint.path() + ", holds step " + checkpoint.step() + ": once"
                + " there is room, " + resumeCommand.apply(checkpoint.path()) + " writes the model from it";
    }

    /**
     * What this run did, from Adam step {@code from} to {@code to}: "4 epochs (96 steps, completed)", or, for a
     * run that stopped mid-epoch or was resumed, its steps with where they began and ended ("66 steps, 2.75 epochs
     * of 24 steps, resumed after step 30 (6 steps into epoch 2) up to step 96 (the end of epoch 4; completed)").
     * The history's length would count the epochs an earlier run trained, and an epoch a step limit cut short as
     * whole.
     */
    static String runLength(long from, long to, int perEpoch, String why) {
        long steps = to - from;
        if (from == 0 && to % perEpoch == 0) {
            long epochs = to / perEpoch;
            return String.format(Locale.ROOT, "%d epoch%s (%d step%s, %s)", epochs, epochs == 1 ? "" : "s", steps,
                    steps == 1 ? "" : "s", why);
        }
        String length = String.format(Locale.ROOT, "%d step%s, %.2f epochs of %d steps", steps, steps == 1 ? "" : "s",
                (double) steps / perEpoch, perEpoch);
        if (from == 0) {
            return length + " (to " + position(to, perEpoch) + "; " + why + ")";
        }
        return length + ", resumed after step " + from + " (" + position(from, perEpoch) + ") up to step " + to
                + " (" + position(to, perEpoch) + "; " + why + ")";
    }

    /** Where step {@code step} ends: "the end of epoch 4" or "6 steps into epoch 2". */
    private static String position(long step, int perEpoch) {
        long into = step % perEpoch;
        return into == 0 ? "the end of epoch " + step / perEpoch
                : into + " step" + (into == 1 ? "" : "s") + " into epoch " + (step / perEpoch + 1);
    }

    /**
     * Writes the model to the claimed path, looked at again first. If a file of another kind was put there during
     * the run it is kept, and so is the run: the model goes beside it under a new name and the command fails (exit 1)
     * saying where, rather than throwing away hours of training.
     */
    private static OutputFiles.Target save(OutputFiles.Target output, VaeConfig model, float[] parameters,
                                           Map<String, String> metadata, Trainer.SavedAt checkpoint,
                                           Function<Path, String> resumeCommand) throws IOException {
        OutputFiles.Target target;
        try {
            target = output.recheck();
        } catch (IOException e) {
            Path aside = OutputFiles.freeSibling(output.path());
            write(aside, model, parameters, metadata, checkpoint, resumeCommand);
            throw new IOException(e.getMessage() + "; the trained model was written to " + aside + " instead", e);
        }
        write(target.path(), model, parameters, metadata, checkpoint, resumeCommand);
        return target;
    }

    private static void write(Path path, VaeConfig model, float[] parameters, Map<String, String> metadata,
                              Trainer.SavedAt checkpoint, Function<Path, String> resumeCommand) throws IOException {
        try {
            ModelFile.write(path, model, parameters, metadata);
        } catch (IOException e) {
            throw new IOException(unsaved(e, checkpoint, resumeCommand), e);
        }
    }

    private static void report(PrintWriter out, VaeConfig model, DatasetMetadata data, TrainConfig tc,
                               Trainer.Result result, double seconds) {
        Evaluation t = result.test();
        Training training = Training.of(tc);
        List<EpochMetrics> h = result.history();
        out.printf(Locale.ROOT, "trained %s in %.1f s%n", runLength(result.startStep(), result.steps(),
                result.stepsPerEpoch(), result.stopped() + (result.bestEpoch() > 0 ? ", kept epoch "
                        + result.bestEpoch() : "")), seconds);
        if (!h.isEmpty()) {
            EpochMetrics last = h.get(h.size() - 1);
            // The weights kept: early stopping brings an earlier epoch's back, and its units are the model's.
            EpochMetrics kept = result.bestEpoch() == 0 ? last
                    : h.stream().filter(m -> m.epoch() == result.bestEpoch()).findFirst().orElseThrow();
            out.printf(Locale.ROOT, "%s; active units %s%n", training.terms(), kept.activeUnits() == null
                    ? "n/a (one test example: activity is the variance of mu over examples)"
                    : kept.activeUnits() + " of " + model.latentDim());
            // A cyclical schedule restarts by design; a warm-up that outlasts the run is easy to set by accident.
            KlSchedule kl = tc.klSchedule();
            long runLength = kl.warmupInSteps() ? result.steps() : last.epoch();
            if (kl.type() == KlSchedule.Kind.LINEAR && kl.warmup() > runLength && last.beta() < tc.beta()) {
                out.printf(Locale.ROOT, "note: beta reached only %.3g of its target %s: the warm-up is longer than"
                        + " the run, so the objective never became the beta = %s ELBO%n", last.beta(), tc.beta(),
                        tc.beta());
            }
        }
        if (tc.objective() == Objective.AE) {
            out.printf(Locale.ROOT, "test reconstruction at z = mu %.2f ± %s nats/example (not a bound on log p(x))%n",
                    t.recon(), stdErr(t));
        } else {
            // The bound and the loss minimised part ways under a KL weight or floor: both are said, each by name.
            String objective = !training.weightsTheKl() ? "" : String.format(Locale.ROOT, "; %s %s = %.2f",
                    Training.OBJECTIVE, training.formula(), training.objective(t.recon(), result.testKlPerDimension()));
            out.printf(Locale.ROOT, "test ELBO%s %.2f ± %s nats/example = -(recon %.2f + KL %.2f)%s%n",
                    training.weightsTheKl() ? " (" + Training.BOUND + ")" : "", t.elbo(), stdErr(t), t.recon(),
                    t.kl(), objective);
        }
        if (tc.objective() == Objective.IWAE) {
            // The test line is the k = 1 bound; the one IWAE trained is tighter, and evaluate computes it.
            out.printf(Locale.ROOT, "  (the ELBO is the k = 1 bound; the IWAE bound with k = %d is at least as tight:"
                    + " atlas evaluate --k %d --repeats 1 reports it as IS-NLL)%n", tc.samples(), tc.samples());
        }
        out.println("protocol: " + protocol(model, data, t, tc));
        out.flush();
    }

    /** The test bound's standard error over examples: "-" for one example, whose spread is no error estimate. */
    private static String stdErr(Evaluation test) {
        return test.examples() < 2 ? "-" : String.format(Locale.ROOT, "%.2f", test.elboStdErr());
    }
}
