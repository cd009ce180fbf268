package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A value that is not of its option's kind ({@code --lr abc}) is refused as every other setting is: the command, the
 * option, what it takes in words ("a number like 0.003"), the value, exit 2, and where to read more; never picocli's
 * "Invalid value for option '--lr': 'abc' is not a double".
 */
class BadValuesTest {
    /** Types whose every text is a value: nothing to refuse. */
    private static final Set<Class<?>> ANY_TEXT = Set.of(String.class, Path.class, boolean.class, Boolean.class);

    /** An option of a command ({@code command} the words before it, none for the root) and a value not of its kind. */
    record Case(List<String> command, String option, String value) {
        @Override
        public String toString() {
            return String.join(" ", command) + " " + option + " " + value;
        }
    }

    static Stream<Case> everyTypedOptionOfEveryCommandRefusesAValueNotOfItsKind() {
        List<Case> cases = new ArrayList<>();
        collect(Main.commandLine(), List.of(), cases);
        return cases.stream();
    }

    private static void collect(CommandLine cl, List<String> command, List<Case> cases) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            Class<?> type = o.auxiliaryTypes()[0]; // a list's element type
            if (!ANY_TEXT.contains(type)) {
                cases.add(new Case(command, o.longestName(), notOfKind(type, o)));
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(command);
            deeper.add(name);
            collect(sub, deeper, cases);
        });
    }

    private static String notOfKind(Class<?> type, OptionSpec o) {
        if (type == URI.class) {
            return "a b"; // 'abc' is a relative URI
        }
        boolean ours = type.getPackageName().startsWith("org.latentatlas"); // Shape, ValueRange
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || ours) {
            return "abc";
        }
        throw new AssertionError(o.longestName() + " has a type this test has no bad value for: " + type.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyTypedOptionOfEveryCommandRefusesAValueNotOfItsKind(Case c) {
        List<String> args = new ArrayList<>(c.command());
        args.add(c.option());
        args.add(c.value());

        CliRun run = CliRun.of(args.toArray(String[]::new));

        String name = String.join(" ", Stream.concat(Stream.of("atlas"), c.command().stream()).toList());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith(name + ": invalid setting: " + c.option() + " must be ")
                .endsWith(", got '" + c.value() + "' (see '" + name + " --help')")
                .doesNotContain("Invalid value").doesNotContainPattern("\\b(int|long|double|Integer|URI)\\b");
    }

    /** A walk that found nothing would pass the test above for want of cases. */
    @Test
    void theTypedOptionsOfEveryCommandAreTried() {
        List<String> commands = everyTypedOptionOfEveryCommandRefusesAValueNotOfItsKind()
                .map(c -> String.join(" ", c.command()) + " " + c.option()).toList();

        assertThat(commands).contains(" --port", "train --lr", "train --hidden", "train --shape", "evaluate --repeats",
                "plot --grid-size", "serve --port", "export --limit", "explore --port", "datasets show --per-class",
                "train --mirror");
    }

    static Stream<Arguments> whatEachKindTakesIsSaidInWords() {
        return Stream.of(
                arguments(List.of("train", "--lr", "abc"), "atlas train: invalid setting: --lr must be a number like"
                        + " 0.003, got 'abc' (see 'atlas train --help')"),
                arguments(List.of("train", "--epochs", "x"), "atlas train: invalid setting: --epochs must be a whole"
                        + " number like 100, got 'x' (see 'atlas train --help')"),
                arguments(List.of("train", "--batch", "1.5"), "atlas train: invalid setting: --batch must be a whole"
                        + " number like 64, got '1.5' (see 'atlas train --help')"),
                arguments(List.of("train", "--seed", "-"), "atlas train: invalid setting: --seed must be a whole"
                        + " number like 42, got '-' (see 'atlas train --help')"),
                arguments(List.of("train", "--patience", "x"), "atlas train: invalid setting: --patience must be a"
                        + " whole number like 20, got 'x' (see 'atlas train --help')"),
                arguments(List.of("train", "--epochs", "99999999999"), "atlas train: invalid setting: --epochs must be"
                        + " a whole number like 100, got '99999999999', which is too large (see 'atlas train --help')"),
                arguments(List.of("train", "--lr", "0,001"), "atlas train: invalid setting: --lr must be a number"
                        + " like 0.003, written with a decimal point, not a comma, got '0,001' (see 'atlas train"
                        + " --help')"),
                arguments(List.of("train", "--hidden", "128,abc"), "atlas train: invalid setting: --hidden must be"
                        + " whole numbers separated by commas like 128,64, got 'abc' (see 'atlas train --help')"),
                arguments(List.of("evaluate", "--shape", "28"), "atlas evaluate: invalid setting: --shape must be"
                        + " rows x columns like 28x28, each a whole number of at least 1 (2^29 pixels at most), got"
                        + " '28' (see 'atlas evaluate --help')"),
                arguments(List.of("plot", "--value-range", "5:1"), "atlas plot: invalid setting: --value-range must"
                        + " be MIN:MAX like 0:255, two numbers with MIN below MAX, got '5:1' (see 'atlas plot"
                        + " --help')"),
                arguments(List.of("serve", "--mirror", "a b"), "atlas serve: invalid setting: --mirror must be a URL"
                        + " like http://localhost:8000/, got 'a b' (see 'atlas serve --help')"),
                arguments(List.of("--port", "x"), "atlas: invalid setting: --port must be a whole number like 8765,"
                        + " got 'x' (see 'atlas --help')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void whatEachKindTakesIsSaidInWords(List<String> args, String refusal) {
        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo(refusal + System.lineSeparator());
    }
}
