package org.latentatlas.cli;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.latentatlas.eval.ModelEvaluator;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.model.Wording;
import org.latentatlas.text.Words;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingDivergedException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Which option of a command sets which field of a config record. The records check their own fields, since the
 * library has no options, and a refusal names the field; the command restates it naming the option, so each
 * range is written once, in its record, and the user reads the option they typed.
 */
final class ConfigOptions {
    /** {@code atlas train}: every option that feeds a field of the training config, KL schedule or architecture. */
    static final ConfigOptions TRAIN = new ConfigOptions(Map.of(
            TrainConfig.class, Map.ofEntries(entry("epochs", "--epochs"), entry("batchSize", "--batch"),
                    entry("learningRate", "--lr"), entry("beta", "--beta"), entry("seed", "--seed"),
                    entry("objective", "--objective"), entry("samples", "--k"), entry("klSchedule", "--kl-schedule"),
                    entry("freeBits", "--free-bits"), entry("lrSchedule", "--lr-schedule"),
                    entry("clipNorm", "--clip-norm"), entry("binarize", "--binarize"),
                    entry("validation", "--validation"), entry("patience", "--patience"),
                    entry("stopAfterSteps", "--stop-after-steps"), entry("recordTime", "--record-time")),
            KlSchedule.class, Map.of("kind", "--kl-schedule", "betaStart", "--beta-start", "warmup", "--warmup",
                    "warmupInSteps", "--warmup-unit", "cycles", "--cycles", "ratio", "--cycle-ratio"),
            VaeConfig.class, Map.of("encoderHidden", "--hidden", "latentDim", "--latent",
                    "decoderHidden", "--decoder-hidden", "likelihood", "--likelihood", "activation", "--activation"),
            Trainer.Checkpointing.class, Map.of("everySteps", "--checkpoint-every")));

    /** {@code atlas evaluate}: the estimator's settings. */
    static final ConfigOptions EVALUATE = new ConfigOptions(Map.of(ModelEvaluator.Settings.class,
            Map.of("k", "--k", "repeats", "--repeats", "seed", "--seed", "informationSamples", "--information-samples")));

    /** The dataset's identity in words: no one option sets it, the data options and the seed together do. */
    private static final Map<String, String> DATA_WORDS = Map.of("name", "dataset", "height", "image height",
            "width", "image width", "trainSize", "training examples", "testSize", "test examples",
            "trainSha256", "training split SHA-256", "testSha256", "test split SHA-256");

    private final Map<Class<? extends Record>, Map<String, String>> options;

    private ConfigOptions(Map<Class<? extends Record>, Map<String, String>> options) {
        this.options = options;
    }

    /** The option that sets {@code field} of {@code record}, if one does. */
    Optional<String> option(Class<? extends Record> record, String field) {
        return Optional.ofNullable(options.getOrDefault(record, Map.of()).get(field));
    }

    /** A setting a library message mentions: by the option that sets it where this command has one. */
    String name(Wording.Mention mention) {
        return option(mention.record(), mention.field()).orElse(mention.words());
    }

    /** Every record and field mapped, for the test that they exist. */
    Map<Class<? extends Record>, Map<String, String>> all() {
        return options;
    }

    /**
     * The refusal restated with the option that set the field and the value as typed ("--lr must be in (0, 1e12],
     * got -1"), or as it is when no option of this command sets the field.
     */
    IllegalArgumentException named(InvalidSettingException e, CommandSpec spec) {
        Optional<String> option = option(e.record(), e.field());
        if (option.isEmpty()) {
            return e;
        }
        OptionSpec typed = spec.findOption(option.get());
        List<String> given = typed == null ? List.of() : typed.originalStringValues();
        String value = given.isEmpty() ? String.valueOf(e.value()) : String.join(" ", given);
        return new IllegalArgumentException(e.restatedAs(option.get(), value, this::name), e);
    }

    /** A diverged run's advice, naming the options that set what it advises. */
    TrainingDivergedException named(TrainingDivergedException e) {
        return e.restatedAs(this::name);
    }

    /** A file refused in words that mention settings (a model given as a checkpoint), naming their options. */
    ModelFileException named(ModelFileException e) {
        return e.restatedAs(this::name);
    }

    /**
     * A checkpoint refused for this run, restated with the option whose value differs ("this run has --lr 0.002
     * where the checkpoint has 0.001; give --lr 0.001"), or, for the data, with what differs and which options
     * make the data. A KL schedule of another kind is told as the options that chose each: --warmup 3 alone makes
     * a linear one, and "this run has --kl-schedule linear" would name an option not typed, then advise one that
     * alone cannot continue a schedule of several options.
     *
     * @param checkpoint the checkpoint refused, which also says which options may differ from it
     * @param schedules  this run's schedule options as typed and the checkpoint's schedule, or null
     * @param dataFix    what continues the checkpoint when the data differ: which data options to give or leave out
     */
    IllegalArgumentException named(Checkpoint.MismatchException e, Checkpoint checkpoint, Schedules schedules,
                                   String dataFix) {
        return named(List.of(e), e, checkpoint, schedules, dataFix);
    }

    /** Several differences, all in one refusal: fixing one to hear of the next would take a run each. */
    IllegalArgumentException named(Checkpoint.MismatchesException e, Checkpoint checkpoint, Schedules schedules,
                                   String dataFix) {
        return named(e.all(), e, checkpoint, schedules, dataFix);
    }

    private IllegalArgumentException named(List<Checkpoint.MismatchException> all, IllegalArgumentException e,
                                           Checkpoint checkpoint, Schedules schedules, String dataFix) {
        boolean otherKind = schedules != null && all.stream().anyMatch(ConfigOptions::isScheduleKind);
        List<Checkpoint.MismatchException> data = all.stream()
                .filter(m -> m.record() == Checkpoint.DataIdentity.class).toList();
        List<Mismatch> told = new ArrayList<>();
        for (Checkpoint.MismatchException m : all) {
            if (otherKind && m.record() == KlSchedule.class && !isScheduleKind(m)) {
                continue; // a schedule of another kind differs in its other fields too, and is told as one
            }
            if (!data.isEmpty() && m.record() == VaeConfig.class && option(VaeConfig.class, m.field()).isEmpty()) {
                continue; // the image size, which no option sets: other data's, told as the data
            }
            if (m.record() == Checkpoint.DataIdentity.class) {
                if (m == data.get(0)) { // the name and what differs beyond it are one difference: other data
                    told.add(toldData(data, dataFix));
                }
                continue;
            }
            Mismatch t = told(m, schedules, dataFix);
            if (t == null) {
                return e; // a field no option sets: the library's words are all there is
            }
            told.add(t);
        }
        String refused = "cannot resume " + checkpoint.source() + ": ";
        String resumable = resumableChanges(checkpoint);
        if (told.size() == 1) {
            return new IllegalArgumentException(refused + told.get(0).alone(resumable), e);
        }
        List<String> give = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (Mismatch t : told) {
            if (t.give() != null) {
                give.add(t.give());
            } else {
                fixes.add(t.fix());
            }
        }
        if (!give.isEmpty()) {
            fixes.add(0, "give " + String.join(" ", give));
        }
        for (int i = 1; i < fixes.size(); i++) { // "give --lr 0.001 and --warmup 2 instead of ...": said once
            if (fixes.get(0).startsWith("give ") && fixes.get(i).startsWith("give ")) {
                fixes.set(i, fixes.get(i).substring("give ".length()));
            }
        }
        boolean listResumable = told.stream().anyMatch(t -> t.why().isEmpty());
        return new IllegalArgumentException(refused + "this run differs from it in " + told.size() + " ways: "
                + String.join("; ", told.stream().map(Mismatch::inList).toList()) + "; to continue it, "
                + Words.and(fixes) + (listResumable ? " (only " + resumable + " may differ)" : ""), e);
    }

    private static boolean isScheduleKind(Checkpoint.MismatchException m) {
        return m.record() == KlSchedule.class && m.field().equals("kind");
    }

    /**
     * One difference in words.
     *
     * @param clause what differs: "--lr 0.002 where the checkpoint has 0.001"
     * @param give   the option and value that continue the checkpoint ("--lr 0.001"), or null when {@code fix} says
     * @param fix    what continues the checkpoint, said whole ("leave out --warmup 3")
     * @param why    why a field that may usually differ may not here ("; its cosine learning rate spans ..."), or ""
     * @param data   whether it is the data that differ
     */
    private record Mismatch(String clause, String give, String fix, String why, boolean data) {
        /** The refusal when it is the only difference. */
        String alone(String resumable) {
            if (data) {
                return "this run's data differ from the checkpoint's: " + clause + "; " + fix;
            }
            String only = " (only " + resumable + " may differ)";
            if (!why.isEmpty()) { // a field that may usually differ says why not here, and the list would mislead
                return "this run has " + clause + why + " (--stop-after-steps N); " + fix + " to continue it";
            }
            return "this run has " + clause + "; " + fix + " to continue it" + only;
        }

        /** The same among others. */
        String inList() {
            if (data) {
                return "its data differ (" + clause + ")";
            }
            // why: "; its cosine learning rate spans the run's length, ..."; here only what spans it
            return clause + (why.isEmpty() ? "" : " (" + why.substring(2, why.indexOf(" spans")) + " spans the run's"
                    + " length: split a run with --stop-after-steps N instead)");
        }
    }

    private Mismatch told(Checkpoint.MismatchException e, Schedules schedules, String dataFix) {
        if (schedules != null && isScheduleKind(e)) {
            return new Mismatch(schedules.differ(e.run().asText()), null, schedules.fix(), "", false);
        }
        Optional<String> option = option(e.record(), e.field());
        if (option.isPresent()) {
            String saved = typed(option.get(), e.saved());
            String give = option.get() + " " + saved;
            return new Mismatch(option.get() + " " + typed(option.get(), e.run()) + " where the checkpoint has "
                    + saved, give, "give " + give, e.why(), false);
        }
        return null;
    }

    /**
     * The data's differences as one: "training examples 10 where the checkpoint has 12", or, read under another name,
     * with what differs beyond it on each side: "dataset b.csv (training split SHA-256 1a2b3c4d5e6f…) where the
     * checkpoint has a.csv (training split SHA-256 9f8e7d6c5b4a…)".
     */
    private static Mismatch toldData(List<Checkpoint.MismatchException> data, String dataFix) {
        Checkpoint.MismatchException first = data.get(0);
        List<Checkpoint.MismatchException> beyond = data.subList(1, data.size());
        return new Mismatch(DATA_WORDS.getOrDefault(first.field(), first.field()) + " " + shortened(first.run())
                + withData(beyond, Checkpoint.MismatchException::run) + " where the checkpoint has "
                + shortened(first.saved()) + withData(beyond, Checkpoint.MismatchException::saved), null, dataFix, "",
                true);
    }

    /** " (training split SHA-256 1a2b3c4d5e6f…)": each difference's words and one side's value, or "" for none. */
    private static String withData(List<Checkpoint.MismatchException> data,
                                   Function<Checkpoint.MismatchException, JsonNode> side) {
        return data.isEmpty() ? "" : " (" + String.join(", ", data.stream()
                .map(m -> DATA_WORDS.getOrDefault(m.field(), m.field()) + " " + shortened(side.apply(m))).toList())
                + ")";
    }

    /**
     * This run's KL schedule options and the checkpoint's schedule, to tell a schedule of another kind.
     *
     * @param typed this run's schedule options as typed ("--warmup 3"); none for the default constant schedule
     * @param saved the checkpoint's schedule
     */
    record Schedules(List<String> typed, KlSchedule saved) {
        /** "--warmup 3 (a linear KL schedule) where the checkpoint has a constant one". */
        String differ(String runKind) {
            return run() + " (a " + runKind + " KL schedule) where the checkpoint has a " + saved.kind() + " one";
        }

        /** "leave out --warmup 3", or "give --warmup 2 instead of --kl-schedule cyclical". */
        String fix() {
            List<String> give = TrainingOptions.scheduleOptions(saved);
            return give.isEmpty() ? "leave out " + run() : "give " + String.join(" ", give)
                    + (typed.isEmpty() ? "" : " instead of " + run());
        }

        private String run() {
            return typed.isEmpty() ? "no KL schedule options" : String.join(" ", typed);
        }
    }

    /**
     * The options whose fields a run resuming {@code checkpoint} may change, in the order of the config's fields: not
     * --epochs where a schedule spans the run, so that the list is true beside a refused --epochs.
     */
    private String resumableChanges(Checkpoint checkpoint) {
        List<String> names = Arrays.stream(TrainConfig.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(checkpoint.resumableChanges()::contains)
                .map(f -> option(TrainConfig.class, f).orElse(f)).toList();
        return Words.and(names);
    }

    /** A stored value as it is typed after its option: 128,64 for a list, steps for --warmup-unit, 2 for 2.0. */
    private static String typed(String option, JsonNode v) {
        if (v == null || v.isNull()) {
            return "(none)";
        }
        if (option.equals("--warmup-unit")) {
            return v.asBoolean() ? "steps" : "epochs";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(typed(option, item)));
            return String.join(",", items);
        }
        if (v.isFloatingPointNumber()) {
            return Words.number(v.asDouble());
        }
        return v.asText();
    }

    /** A data value, hashes cut to their first 12 hex digits. */
    private static String shortened(JsonNode v) {
        String text = v == null ? "(none)" : v.asText();
        return text.matches("[0-9a-f]{64}") ? text.substring(0, 12) + "…" : text;
    }
}
