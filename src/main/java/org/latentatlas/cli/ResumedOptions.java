package org.latentatlas.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.io.MetadataJson;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;
import org.latentatlas.text.Words;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.ParseResult;

/**
 * {@code atlas train --resume}: every option of the architecture and training that the user did not type takes the
 * checkpoint's value, so {@code --resume CHECKPOINT} alone continues the run as it was set up. A typed option keeps
 * its value and is compared with the checkpoint's like any other (all differences are refused together). The data
 * options and the checkpoint interval come from the checkpoint's {@link RunOptions} where it has them (checkpoints
 * older than them hold only the data's hashes: the command line's are used, as for a new run). The output's default
 * is the model file beside the checkpoint (run.ckpt.safetensors continues run.safetensors).
 */
final class ResumedOptions {
    private ResumedOptions() {}

    /**
     * What a checkpoint of {@code atlas train} holds beyond the training state ({@link Checkpoint#runOptions}).
     *
     * @param data                 the data request as a model file records it ({@link RecordedDataset#portable})
     * @param dataBesideCheckpoint its path (or a named set's --data-dir) from the checkpoint's folder, or null, as a
     *                             model file's {@value RecordedDataset#BESIDE_MODEL_FIELD}
     * @param cacheDir             the --cache-dir given, absolute (where this machine keeps the named sets), or null
     * @param checkpointEvery      the --checkpoint-every interval, in steps
     */
    // Every field is in every record (null where there is none): a missing interval read as 0 would stop checkpointing.
    record RunOptions(@JsonProperty(required = true) DatasetRequest data,
                      @JsonProperty(required = true) String dataBesideCheckpoint,
                      @JsonProperty(required = true) String cacheDir,
                      @JsonProperty(required = true) long checkpointEvery) {
        /** The options of a run that reads {@code request} and checkpoints to {@code checkpoint}, as JSON. */
        static String json(DatasetRequest request, Path cacheDir, long checkpointEvery, Path checkpoint) {
            return Json.write(new RunOptions(RecordedDataset.portable(request),
                    RecordedDataset.besideModel(request, checkpoint),
                    cacheDir == null ? null : cacheDir.toAbsolutePath().normalize().toString(), checkpointEvery));
        }

        /** The checkpoint's, or null for one older than them. */
        static RunOptions of(Checkpoint c) throws IOException {
            if (c.runOptions() == null) {
                return null;
            }
            String source = c.source().toString();
            String key = Checkpoint.RUN_OPTIONS_KEY;
            return MetadataJson.value(source, key, MetadataJson.tree(source, Map.of(key, c.runOptions()), key), "",
                    RunOptions.class);
        }
    }

    /**
     * Fills {@code command}'s untyped options from {@code c}.
     *
     * @throws RecordedDataset.Missing when the checkpoint's data is neither beside it nor where it was read from
     */
    static void fill(TrainCommand command, Checkpoint c, ParseResult parsed) throws IOException {
        RunOptions run = RunOptions.of(c);
        if (run != null) {
            fill(command.data, run, command.resume, parsed);
            if (!typed(parsed, "--checkpoint-every")) {
                command.checkpointEvery = run.checkpointEvery();
                if (!typed(parsed, "--checkpoint")) { // the run goes on in the file it continues, as its hint says
                    command.checkpoint = command.resume;
                }
            }
        }
        VaeConfig m = c.model();
        TrainConfig t = c.train();
        if (!typed(parsed, "--latent")) {
            command.latent = m.latentDim();
        }
        if (!typed(parsed, "--hidden")) {
            command.hidden = m.encoderHidden();
        }
        if (!typed(parsed, "--decoder-hidden")) {
            command.decoderHidden = m.decoderHidden();
        }
        if (!typed(parsed, "--likelihood")) {
            command.likelihood = m.likelihood();
        }
        if (!typed(parsed, "--activation")) {
            command.activation = m.activation();
        }
        if (!typed(parsed, "--seed")) {
            command.seed = t.seed();
        }
        if (!typed(parsed, "-o")) {
            Path beside = modelBeside(command.resume);
            if (beside != null) {
                command.output = beside;
            }
        }
        fill(command.training, c, parsed);
    }

    private static void fill(TrainingOptions o, Checkpoint c, ParseResult parsed) {
        TrainConfig t = c.train();
        if (!typed(parsed, "--epochs")) {
            o.epochs = t.epochs();
        }
        if (!typed(parsed, "--batch")) {
            o.batch = t.batchSize();
        }
        if (!typed(parsed, "--lr")) {
            o.learningRate = t.learningRate();
        }
        if (!typed(parsed, "--lr-schedule")) {
            o.lrSchedule = t.lrSchedule().spec();
        }
        if (!typed(parsed, "--clip-norm")) {
            o.clipNorm = t.clipNorm();
        }
        if (!typed(parsed, "--binarize")) {
            o.binarize = t.binarize().spec();
        }
        if (!typed(parsed, "--validation")) {
            o.validation = TrainingOptions.ValidationSize.typed(t.validation());
        }
        if (!typed(parsed, "--patience")) {
            o.patience = t.patience();
        }
        if (!typed(parsed, "--record-time")) {
            o.recordTime = t.recordTime();
        }
        if (!typed(parsed, "--stop-after-steps")) {
            // A limit the checkpoint has reached is why that run stopped; going on is why this one was started. A
            // limit not yet reached (a run interrupted on its way to it) still holds, as it would have.
            o.stopAfterSteps = t.stopAfterSteps() > c.step() ? t.stopAfterSteps() : 0;
        }
        // The KL term's options follow the objective: under another one typed here they would be refused as if
        // typed (an autoencoder has no KL schedule), hiding the difference that matters, the objective.
        if (typed(parsed, "--objective") && Objective.parse(o.objective) != t.objective()) {
            return;
        }
        o.objective = t.objective().spec();
        if (!typed(parsed, "--k") && t.objective() == Objective.IWAE) {
            o.k = t.samples();
        }
        if (!typed(parsed, "--beta")) {
            o.beta = t.beta();
        }
        if (!typed(parsed, "--free-bits")) {
            o.freeBits = t.freeBits();
        }
        // The schedule is one setting of several options. None typed: the checkpoint's. Its kind typed again
        // ('--kl-schedule linear'): the options left out are the checkpoint's, not the defaults (a linear schedule
        // without its --warmup would be refused). Another kind: the typed options are the schedule.
        if (SCHEDULE.stream().noneMatch(name -> typed(parsed, name))) {
            schedule(o, t.klSchedule(), name -> true);
        } else if (o.scheduleKind().equals(t.klSchedule().kind())) {
            schedule(o, t.klSchedule(), name -> !typed(parsed, name));
        }
    }

    /**
     * The data options: with {@code --dataset} typed, the command line's, as for any run (other data, or the same
     * moved, each checked by its hashes); without, the checkpoint's request, its file looked for beside the
     * checkpoint first as a model's is, each data option typed replacing the recorded one.
     */
    private static void fill(DatasetOptions o, RunOptions run, Path checkpoint, ParseResult parsed)
            throws RecordedDataset.Missing {
        if (typed(parsed, "--dataset")) {
            return;
        }
        DatasetRequest recorded = run.data();
        if (!typed(parsed, "--data-dir")) {
            o.dataDir = recorded.dataDir();
        }
        if (!typed(parsed, "--cache-dir") && run.cacheDir() != null) {
            o.cacheDir = Path.of(run.cacheDir());
        }
        DatasetRequest located = recorded.locatedAt(o.dataDir, o.cacheDir(), o.download, o.mirror);
        DatasetRequest found = RecordedDataset.find(checkpoint, "checkpoint", run.dataBesideCheckpoint(),
                RecordedDataset.dataDirBesideModel(checkpoint, run.dataBesideCheckpoint(), recorded, located),
                "give its new place with " + newPlace(recorded));
        // As recorded where that names the place found: the model file records the path as given, as the straight
        // run's does. Found elsewhere (beside the checkpoint, the working directory another), the path found, from
        // here where the recorded one was relative: a file never records a folder of this machine it was not given.
        o.dataset = samePlace(found.dataset(), recorded.dataset()) ? recorded.dataset()
                : asGiven(found.dataset(), recorded.dataset());
        o.dataDir = recorded.dataDir() != null && found.dataDir() != null
                && samePlace(found.dataDir().toString(), recorded.dataDir().toString()) ? recorded.dataDir()
                : found.dataDir() == null || recorded.dataDir() == null ? found.dataDir()
                : Path.of(asGiven(found.dataDir().toString(), recorded.dataDir().toString()));
        if (!typed(parsed, "--limit")) {
            o.limit = recorded.limit();
        }
        if (!typed(parsed, "--test-size")) {
            o.testSize = recorded.testSize();
        }
        if (!typed(parsed, "--csv-header")) {
            o.csvHeader = recorded.csv().header();
        }
        if (!typed(parsed, "--csv-label")) {
            o.csvLabel = recorded.csv().labelColumn();
        }
        if (!typed(parsed, "--shape")) {
            o.shape = recorded.csv().shape();
        }
        if (!typed(parsed, "--value-range")) {
            o.valueRange = recorded.csv().range();
        }
        if (!typed(parsed, "--resize")) {
            o.resize = recorded.resize();
        }
    }

    /** {@code found} from the working directory where {@code recorded} was relative, else as found. */
    private static String asGiven(String found, String recorded) {
        if (Path.of(recorded).isAbsolute()) {
            return found;
        }
        Path here = Path.of("").toAbsolutePath();
        Path there = Path.of(found).toAbsolutePath().normalize();
        return there.getRoot().equals(here.getRoot()) ? here.relativize(there).toString() : found;
    }

    private static boolean samePlace(String a, String b) {
        return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }

    /**
     * What continues {@code c} when a run's data differ from its: for a checkpoint that records its data options, to
     * leave out the ones given, or to put back data changed since; for an older one, to give them all again.
     *
     * @param dataTyped whether the run was given any data option
     */
    static String dataFix(Checkpoint c, boolean dataTyped) {
        RunOptions run;
        try {
            run = RunOptions.of(c);
        } catch (IOException e) { // read before, when the options were filled: not here
            run = null;
        }
        if (run == null) {
            return "give the --dataset, data options, --test-size, --limit and --seed of the checkpointed run (this"
                    + " checkpoint, older than those that record them, holds only the data's sizes and hashes)";
        }
        String own = String.join(" ", recordedOptions(run.data()));
        return dataTyped ? "leave out the data options for the checkpoint's own (" + own + ")"
                : "put back the data that the checkpoint's data options (" + own + ") read when it was written";
    }

    /** "--dataset PATH" and the other options that read {@code recorded}: --dataset given, none is the checkpoint's. */
    private static String newPlace(DatasetRequest recorded) {
        List<String> options = recordedOptions(recorded);
        options.set(0, "--dataset PATH");
        return String.join(" ", options);
    }

    /** The data options, as typed, that read {@code recorded} as the checkpointed run read it. */
    private static List<String> recordedOptions(DatasetRequest recorded) {
        List<String> words = new ArrayList<>(List.of("--dataset " + Words.shellWord(recorded.dataset())));
        if (recorded.dataDir() != null) {
            words.add("--data-dir " + Words.shellWord(recorded.dataDir().toString()));
        }
        words.addAll(recorded.readingOptions());
        if (recorded.limit() != null) {
            words.add("--limit " + recorded.limit());
        }
        return words;
    }

    private static final List<String> SCHEDULE = List.of("--kl-schedule", "--warmup", "--warmup-unit", "--beta-start",
            "--cycles", "--cycle-ratio");

    /** The options that make {@code s}, as {@link TrainingOptions} reads them back, each where {@code fill} says. */
    private static void schedule(TrainingOptions o, KlSchedule s, Predicate<String> fill) {
        switch (s.type()) {
            case LINEAR -> {
                o.klSchedule = fill.test("--kl-schedule") ? s.kind() : o.klSchedule;
                o.warmup = fill.test("--warmup") ? Integer.valueOf(s.warmup()) : o.warmup;
                o.warmupUnit = fill.test("--warmup-unit") ? (s.warmupInSteps() ? "steps" : "epochs") : o.warmupUnit;
                o.betaStart = fill.test("--beta-start") ? Double.valueOf(s.betaStart()) : o.betaStart;
            }
            case CYCLICAL -> {
                o.klSchedule = fill.test("--kl-schedule") ? s.kind() : o.klSchedule;
                o.cycles = fill.test("--cycles") ? Integer.valueOf(s.cycles()) : o.cycles;
                o.cycleRatio = fill.test("--cycle-ratio") ? Double.valueOf(s.ratio()) : o.cycleRatio;
            }
            case CONSTANT -> { } // the default: nothing to give
        }
    }

    /**
     * The model file a checkpoint's run writes when its checkpoint has the default name (OUTPUT with .ckpt before the
     * extension), or null for a checkpoint named otherwise.
     */
    static Path modelBeside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        int at = name.lastIndexOf(".ckpt");
        if (at <= 0) {
            return null;
        }
        Path model = checkpoint.resolveSibling(name.substring(0, at) + name.substring(at + ".ckpt".length()));
        return TrainCommand.defaultCheckpoint(model).equals(checkpoint) ? model : null;
    }

    /** Whether {@code option} was on the command line, as opposed to at its default. */
    static boolean typed(ParseResult parsed, String option) {
        return parsed.hasMatchedOption(option);
    }

    /** The command line, shell-quoted, that continues a run: {@code words} joined. */
    static String command(List<String> words) {
        return String.join(" ", words.stream().map(Words::shellWord).toList());
    }
}
