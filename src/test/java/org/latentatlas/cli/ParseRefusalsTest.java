package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's own refusals of a command line (a value missing, an unknown option, a word too many, an argument not
 * given) said in the form of every other: the command, what was expected, what was given, exit 2, and where to read
 * more; never picocli's "Expected parameter for option", "Unmatched argument at index 1" or "Unknown option".
 */
class ParseRefusalsTest {
    /** picocli's words, none of which a refusal may keep. */
    private static final List<String> PICOCLI = List.of("parameter", "Unmatched", "Unknown", "index",
            "should be specified");

    /** A command line ({@code command} the words naming the command, none for the root) and what it gets. */
    record Case(List<String> command, List<String> args, String begins, String ends) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    static Stream<Case> everyCommandRefusesWhatPicocliRefusesInTheProjectsWords() {
        List<Case> cases = new ArrayList<>();
        collect(Main.commandLine(), List.of(), cases);
        return cases.stream();
    }

    private static void collect(CommandLine cl, List<String> command, List<Case> cases) {
        String name = String.join(" ", Stream.concat(Stream.of("atlas"), command.stream()).toList());
        List<String> given = new ArrayList<>(command);
        given.addAll(requiredWords(cl)); // so that no missing argument is refused first
        cases.add(new Case(command, with(given, "--no-such-option"),
                name + ": '--no-such-option' is not an option of " + name, ""));
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.arity().min() > 0) {
                cases.add(new Case(command, with(given, o.longestName()),
                        name + ": " + o.longestName() + " must be followed by ", ", got nothing after it"));
                cases.add(new Case(command, with(given, o.longestName(), "--help"),
                        name + ": " + o.longestName() + " must be followed by ", ", got the option '--help'"));
            }
        }
        if (!cl.getSubcommands().isEmpty()) {
            cases.add(new Case(command, with(command, "zzz"), name + ": 'zzz' is not a command of " + name
                    + ", whose commands are ", ""));
        } else if (cl.getCommandSpec().positionalParameters().stream().allMatch(p -> !p.arity().isVariable())) {
            List<String> full = new ArrayList<>(command);
            cl.getCommandSpec().positionalParameters().forEach(p -> {
                for (int i = 0; i < p.arity().max(); i++) {
                    full.add("x" + i);
                }
            });
            cases.add(new Case(command, with(full, "zzz"), name + ": 'zzz' is not taken: " + name + " takes ", ""));
        }
        if (!requiredWords(cl).isEmpty()) {
            cases.add(new Case(command, command, name + ": ", ""));
            cases.add(new Case(command, with(command, "--no-such-option"),
                    name + ": '--no-such-option' is not an option of " + name + "; ", ""));
        }
        cl.getSubcommands().forEach((sub, subCl) -> {
            List<String> deeper = new ArrayList<>(command);
            deeper.add(sub);
            collect(subCl, deeper, cases);
        });
    }

    /** A word for each argument the command requires. */
    private static List<String> requiredWords(CommandLine cl) {
        List<String> words = new ArrayList<>();
        for (PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
            for (int i = 0; i < p.arity().min(); i++) {
                words.add("x" + words.size());
            }
        }
        return words;
    }

    private static List<String> with(List<String> words, String... more) {
        List<String> all = new ArrayList<>(words);
        all.addAll(List.of(more));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyCommandRefusesWhatPicocliRefusesInTheProjectsWords(Case c) {
        CliRun run = CliRun.of(c.args().toArray(String[]::new));

        String name = String.join(" ", Stream.concat(Stream.of("atlas"), c.command().stream()).toList());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith(c.begins()).endsWith(c.ends() + " (see '" + name + " --help')");
        for (String word : PICOCLI) {
            assertThat(run.err()).doesNotContain(word);
        }
    }

    /** A walk that found nothing would pass the test above for want of cases. */
    @Test
    void theOptionsAndArgumentsOfEveryCommandAreTried() {
        List<String> tried = everyCommandRefusesWhatPicocliRefusesInTheProjectsWords().map(Case::toString).toList();

        assertThat(tried).contains("--no-such-option", "zzz", "train --epochs", "train --lr --help", "train zzz",
                "evaluate", "evaluate --no-such-option", "evaluate x0 --repeats", "info x0 zzz", "datasets zzz",
                "datasets show --per-class", "export x0 x1 --limit --help", "serve x0 --no-such-option",
                "help --no-such-option", "help x0 zzz");
    }

    static Stream<Arguments> whatWasExpectedIsSaidThenWhatWasGiven() {
        return Stream.of(
                arguments(List.of("train", "--epochs", "--lr", "3"), "atlas train: --epochs must be followed by a whole"
                        + " number like 100, got the option '--lr' (see 'atlas train --help')"),
                arguments(List.of("train", "--epochs"), "atlas train: --epochs must be followed by a whole number like"
                        + " 100, got nothing after it (see 'atlas train --help')"),
                arguments(List.of("plot", "m.safetensors", "--out"), "atlas plot: --out must be followed by a folder"
                        + " such as figures, got nothing after it (see 'atlas plot --help')"),
                arguments(List.of("evaluate"), "atlas evaluate: MODEL is missing: give a model file such as"
                        + " m.safetensors (see 'atlas evaluate --help')"),
                arguments(List.of("info", "--jsn"), "atlas info: '--jsn' is not an option of atlas info; MODEL is"
                        + " missing: give a model file such as m.safetensors (see 'atlas info --help')"),
                arguments(List.of("train", "--lrr", "3"), "atlas train: '--lrr' is not an option of atlas train; did"
                        + " you mean --lr? (see 'atlas train --help')"),
                arguments(List.of("train", "x"), "atlas train: 'x' is not taken: atlas train takes options only (see"
                        + " 'atlas train --help')"),
                arguments(List.of("info", "m.safetensors", "x"), "atlas info: 'x' is not taken: atlas info takes MODEL"
                        + " and options (see 'atlas info --help')"),
                arguments(List.of("datasets", "shwo"), "atlas datasets: 'shwo' is not a command of atlas datasets,"
                        + " whose commands are show; did you mean show? (see 'atlas datasets --help')"),
                arguments(List.of("help", "trian"), "atlas: 'trian' is not a command of atlas, whose commands are"
                        + " train, evaluate, info, plot, serve, export, explore, datasets and help; did you mean"
                        + " train? (see 'atlas --help')"),
                arguments(List.of("train", "--lr", "0.1", "--lr", "0.2"), "atlas train: --lr must be given once, got"
                        + " it more than once (see 'atlas train --help')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void whatWasExpectedIsSaidThenWhatWasGiven(List<String> args, String refusal) {
        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo(refusal + System.lineSeparator());
    }
}
