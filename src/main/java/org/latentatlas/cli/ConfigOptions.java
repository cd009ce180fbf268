package org.latentatlas.cli;

import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.TrainConfig;
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
                    "decoderHidden", "--decoder-hidden", "likelihood", "--likelihood", "activation", "--activation")));

    private final Map<Class<? extends Record>, Map<String, String>> options;

    private ConfigOptions(Map<Class<? extends Record>, Map<String, String>> options) {
        this.options = options;
    }

    /** The option that sets {@code field} of {@code record}, if one does. */
    Optional<String> option(Class<? extends Record> record, String field) {
        return Optional.ofNullable(options.getOrDefault(record, Map.of()).get(field));
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
        return new IllegalArgumentException(e.restatedAs(option.get(), value), e);
    }
}
