package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The config records refuse bad values in their own words ("batch size must be in 1..65536"); atlas train says
 * them with the option the user typed and the value as typed, in one line, exit 2, before any file is written.
 */
class SettingErrorsTest {
    @TempDir
    Path dir;

    /** Every option of atlas train that feeds a validated config field, with a value its record refuses. */
    static Stream<Arguments> aRefusedSettingNamesTheOptionThatSetIt() {
        return Stream.of(
                arguments(List.of("--epochs", "0"), "--epochs must be in 1..1000000, got 0"),
                arguments(List.of("--batch", "0"), "--batch must be in 1..65536, got 0"),
                arguments(List.of("--lr", "-1"), "--lr must be in (0, 1e12], got -1"),
                arguments(List.of("--beta", "1e4"), "--beta must be in [0, 1000], got 1e4"),
                arguments(List.of("--objective", "vae"), "--objective must be elbo, iwae or ae, got 'vae'"),
                arguments(List.of("--objective", "iwae", "--k", "0"), "--k must be in 1..5000, got 0"),
                arguments(List.of("--objective", "iwae", "--beta", "2"),
                        "--beta must be 1 with the iwae objective, which has no KL term to weight, got 2"),
                arguments(List.of("--objective", "ae", "--free-bits", "0.5"),
                        "--free-bits must be 0 with the ae objective, which has no KL term to floor, got 0.5"),
                // A schedule's options with an objective that has no KL term are named as typed, all at once: the
                // records alone would name an option not given (--warmup 3 as --kl-schedule ... 'linear').
                arguments(List.of("--objective", "iwae", "--kl-schedule", "cyclical"),
                        "--kl-schedule cyclical: the iwae objective has no KL term to schedule; leave it out, or train"
                                + " with --objective elbo"),
                arguments(List.of("--objective", "iwae", "--kl-schedule", "linear"),
                        "--kl-schedule linear: the iwae objective has no KL term to schedule; leave it out, or train"
                                + " with --objective elbo"),
                arguments(List.of("--objective", "iwae", "--warmup", "3"),
                        "--warmup 3: the iwae objective has no KL term to schedule; leave it out, or train with"
                                + " --objective elbo"),
                arguments(List.of("--objective", "ae", "--beta", "2", "--free-bits", "0.5", "--cycles", "2"),
                        "--beta 2, --cycles 2, --free-bits 0.5: the ae objective has no KL term to weight, schedule"
                                + " or floor; leave them out, or train with --objective elbo"),
                // An option of another schedule names what chose this run's: --warmup alone makes it linear.
                arguments(List.of("--warmup", "3", "--cycles", "2"),
                        "--cycles 2 is for --kl-schedule cyclical (this run's is linear, from --warmup 3)"),
                arguments(List.of("--cycle-ratio", "0.3"),
                        "--cycle-ratio 0.3 is for --kl-schedule cyclical (this run's is constant, the default)"),
                arguments(List.of("--kl-schedule", "warm"),
                        "--kl-schedule must be constant, linear or cyclical, got 'warm'"),
                // 0 is refused as -2 is: read as "no warm-up" it would silently train another objective.
                arguments(List.of("--warmup", "-2"), "--warmup must be at least 1 for a linear schedule (epochs, or"
                        + " steps), got -2; without a warm-up the --kl-schedule is constant"),
                arguments(List.of("--warmup", "0"), "--warmup must be at least 1 for a linear schedule (epochs, or"
                        + " steps), got 0; without a warm-up the --kl-schedule is constant"),
                arguments(List.of("--kl-schedule", "cyclical", "--cycles", "1000000", "--epochs", "1"),
                        "--cycles must be at most the run's 24 Adam steps (1 epoch of 24), got 1000000"),
                arguments(List.of("--warmup", "2", "--warmup-unit", "batches"),
                        "--warmup-unit must be epochs or steps, got 'batches'"),
                arguments(List.of("--warmup", "2", "--beta-start", "-1"), "--beta-start must be in [0, 1000], got -1"),
                arguments(List.of("--kl-schedule", "cyclical", "--cycles", "0"), "--cycles must be in 1..1000000, got 0"),
                arguments(List.of("--kl-schedule", "cyclical", "--cycle-ratio", "1.5"),
                        "--cycle-ratio must be in (0, 1], got 1.5"),
                arguments(List.of("--free-bits", "-0.1"), "--free-bits must be in [0, 100] nats, got -0.1"),
                arguments(List.of("--lr-schedule", "step"), "--lr-schedule must be constant or cosine, got 'step'"),
                arguments(List.of("--clip-norm", "-1"), "--clip-norm must be >= 0 (0 = off), got -1"),
                arguments(List.of("--binarize", "yes"), "--binarize must be none, static or dynamic, got 'yes'"),
                arguments(List.of("--validation", "0.9999"), "--validation must hold out 1..1496 of the 1497 training"
                        + " examples (0.9999 holds out 1497), got 0.9999"),
                arguments(List.of("--patience", "-1"), "--patience must be >= 0 (0 = off), got -1"),
                arguments(List.of("--patience", "3"),
                        "--patience 3 needs --validation N|FRACTION: early stopping watches the validation ELBO"),
                arguments(List.of("--stop-after-steps", "-5"), "--stop-after-steps must be >= 0 (0 = off), got -5"),
                arguments(List.of("--checkpoint-every", "-5"),
                        "--checkpoint-every must be a number of steps >= 1 (0 = no checkpoints), got -5"),
                arguments(List.of("--latent", "600"), "--latent must be in 1..512, got 600"),
                arguments(List.of("--hidden", "64,0"), "--hidden sizes must each be in 1..16384, got 64,0"),
                arguments(List.of("--decoder-hidden", "99999"),
                        "--decoder-hidden sizes must each be in 1..16384, got 99999"),
                arguments(List.of("--likelihood", "poisson"), "--likelihood must be one of bernoulli, binomial(N),"
                        + " gaussian(SIGMA), gaussian(learned), gaussian(learned-pixel), continuous-bernoulli,"
                        + " got 'poisson'"),
                arguments(List.of("--likelihood", "gaussian(1e30)"),
                        "--likelihood gaussian(1e30): gaussian sigma must be a number in (0, 1000000), got 1.0E30"),
                arguments(List.of("--likelihood", "gaussian(NaN)"),
                        "--likelihood gaussian(NaN): gaussian sigma must be a number in (0, 1000000), got NaN"),
                arguments(List.of("--likelihood", "binomial(0)"),
                        "--likelihood binomial(0): binomial n must be in 1..65535, got 0"),
                arguments(List.of("--activation", "sigmoid"),
                        "--activation must be one of relu, tanh, silu, gelu, got 'sigmoid'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aRefusedSettingNamesTheOptionThatSetIt(List<String> options, String says) {
        List<String> args = new ArrayList<>(List.of("train", "--no-progress", "-o",
                dir.resolve("m.safetensors").toString()));
        args.addAll(options);

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("atlas train: invalid setting: " + says
                + " (see 'atlas train --help')");
        assertThat(dir).isEmptyDirectory();
    }

    /** No option that feeds a checked field is left out of the test above, whatever is added to the mapping. */
    @Test
    void theTestAboveCoversEveryOptionMappedToAFieldThatCanBeRefused() {
        Set<String> tested = new HashSet<>();
        aRefusedSettingNamesTheOptionThatSetIt().forEach(a -> tested.add(((List<?>) a.get()[0]).get(
                ((List<?>) a.get()[0]).size() - 2).toString()));
        Set<String> mapped = new HashSet<>();
        ConfigOptions.TRAIN.all().values().forEach(fields -> mapped.addAll(fields.values()));
        mapped.removeAll(Set.of("--seed", "--record-time")); // every long is a seed; a flag has no bad value
        assertThat(tested).containsAll(mapped);
    }

    /** A renamed record component or option would silently lose its name in the messages: both must exist. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsWithConfigOptions")
    void everyMappedFieldIsAComponentOfItsRecordAndEveryOptionIsTheCommands(String command, ConfigOptions options) {
        CommandLine.Model.CommandSpec spec = Main.commandLine().getSubcommands().get(command).getCommandSpec();
        for (Map.Entry<Class<? extends Record>, Map<String, String>> record : options.all().entrySet()) {
            List<String> components = Arrays.stream(record.getKey().getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName).toList();
            assertThat(components).as(record.getKey().getSimpleName()).containsAll(record.getValue().keySet());
            for (String option : record.getValue().values()) {
                assertThat(spec.findOption(option)).as(option).isNotNull();
            }
        }
    }

    static Stream<Arguments> commandsWithConfigOptions() {
        return Stream.of(arguments("train", ConfigOptions.TRAIN), arguments("evaluate", ConfigOptions.EVALUATE));
    }

    /** The estimator's settings are refused before the model is read, naming evaluate's options. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void evaluateNamesItsOptionsToo(String option, String value, String says) {
        CliRun run = CliRun.of("evaluate", dir.resolve("not-read.safetensors").toString(), option, value);

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("atlas evaluate: invalid setting: " + says + " (see 'atlas evaluate"
                + " --help')");
    }

    static Stream<Arguments> evaluateNamesItsOptionsToo() {
        return Stream.of(arguments("--k", "0", "--k must be in 1..1000000, got 0"),
                arguments("--repeats", "1001", "--repeats must be in 1..1000, got 1001"),
                arguments("--information-samples", "0", "--information-samples must be >= 1, got 0"));
    }

    @Test
    void datasetsShowNamesPerClassBeforeReadingTheData() {
        CliRun run = CliRun.of("datasets", "show", "digits", "--per-class", "0", "--out",
                dir.resolve("x.png").toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("atlas datasets show: invalid setting: --per-class must be at least 1,"
                + " got 0 (see 'atlas datasets show --help')");
        assertThat(run.out()).isEmpty();
    }

    /**
     * picocli labels an option's value with its Java field ("--lr=<learningRate>") unless told otherwise, in the help
     * and where an option's value is missing ("--likelihood must be followed by <likelihood>").
     */
    @Test
    void noOptionIsLabelledWithItsJavaField() {
        List<String> fieldLabels = new ArrayList<>();
        collectFieldLabels(Main.commandLine(), fieldLabels);
        assertThat(fieldLabels).isEmpty();

        CliRun missing = CliRun.of("train", "--likelihood");
        assertThat(missing.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err()).contains("--likelihood must be followed by SPEC,");
    }

    private static void collectFieldLabels(CommandLine command, List<String> found) {
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            if (option.arity().max() > 0 && option.paramLabel().startsWith("<")) {
                found.add(command.getCommandSpec().qualifiedName() + " " + option.longestName() + " "
                        + option.paramLabel());
            }
        }
        command.getSubcommands().values().forEach(sub -> collectFieldLabels(sub, found));
    }
}
