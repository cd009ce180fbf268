package org.latentatlas.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latentatlas.text.Words;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's other refusals of a command line, said as {@link BadValues} says a value not of its kind: what was
 * expected, then what was given. picocli's own ("Expected parameter for option '--epochs' but found '--lr'",
 * "Unmatched argument at index 1: 'x'") speak of parameters and indexes, which a student need not know.
 */
final class ParseRefusals {
    /** The word picocli found where an option's value should have been, which it leaves in its message only. */
    private static final Pattern FOUND = Pattern.compile(" but found '(.*)'$");

    private ParseRefusals() {}

    /** The refusal of {@code e}, or empty for one this class has no words for (the message is then picocli's). */
    static Optional<String> refusal(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            // picocli checks for missing arguments before it reports the words it did not match, so "atlas info
            // --jsn" would only hear that MODEL is missing: name the unknown option first, the likelier slip.
            List<String> stray = m.getCommandLine().getUnmatchedArguments();
            String first = stray.isEmpty() ? ""
                    : unmatched(new CommandLine.UnmatchedArgumentException(m.getCommandLine(), stray)) + "; ";
            return Optional.of(first + missing(m));
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return Optional.of(unmatched(u));
        }
        if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return Optional.of(option.longestName() + " must be given once, got it more than once");
        }
        return Optional.empty();
    }

    /** {@code atlas help trian}: "'trian' is not a command of atlas, whose commands are ...; did you mean train?" */
    static String unknownCommand(CommandLine cl, String word) {
        return "'" + word + "' is " + notTaken(cl) + Suggestions.of(word, cl.getSubcommands().keySet());
    }

    /**
     * "--epochs must be followed by a whole number like 100, got nothing after it" for an option given last without
     * its value, "..., got the option '--lr'" for one followed by another option; "MODEL is missing: give a model
     * file such as m.safetensors" for an argument not given.
     */
    private static String missing(CommandLine.MissingParameterException e) {
        List<ArgSpec> missing = e.getMissing();
        if (missing.size() == 1 && missing.get(0) instanceof OptionSpec option && option.arity().min() > 0) {
            Matcher found = FOUND.matcher(String.valueOf(e.getMessage()));
            String given = !found.find() ? "nothing after it"
                    : (e.getCommandLine().getCommandSpec().findOption(found.group(1)) != null ? "the option " : "")
                            + "'" + found.group(1) + "'";
            return option.longestName() + " must be followed by " + takes(option) + ", got " + given;
        }
        List<String> names = missing.stream().map(BadValues::name).toList();
        return Words.and(names) + (names.size() == 1 ? " is" : " are") + " missing: give "
                + Words.and(missing.stream().map(ParseRefusals::takes).toList());
    }

    /** What {@code arg} takes, in words: "a whole number like 100", "a model file such as m.safetensors". */
    private static String takes(ArgSpec arg) {
        String path = EmptyPaths.GIVE.get(EmptyPaths.key(arg));
        return path != null ? path : BadValues.expected(arg, "");
    }

    /**
     * "'--lrr' is not an option of atlas train; did you mean --lr?", "'x' is not taken: atlas info takes MODEL
     * and options", "'foo' is not a command of atlas: ...". The words after an unknown option that are no
     * options themselves are taken as its value, as picocli takes them, and not named again.
     */
    private static String unmatched(CommandLine.UnmatchedArgumentException e) {
        CommandLine cl = e.getCommandLine();
        String command = cl.getCommandSpec().qualifiedName();
        List<String> options = new ArrayList<>();
        List<String> others = new ArrayList<>();
        boolean afterOption = false;
        for (String word : e.getUnmatched()) {
            if (word.startsWith("-") && word.length() > 1) {
                options.add("'" + Suggestions.optionName(word) + "'");
                afterOption = true;
            } else if (!afterOption) {
                others.add("'" + word + "'");
            }
        }
        List<String> parts = new ArrayList<>();
        if (!options.isEmpty()) {
            parts.add(Words.and(options) + (options.size() == 1 ? " is not an option" : " are not options") + " of "
                    + command);
        }
        if (!others.isEmpty()) {
            parts.add(Words.and(others) + " " + (others.size() == 1 ? "is" : "are") + " " + notTaken(cl));
        }
        return String.join("; ", parts) + Suggestions.of(e);
    }

    /** What a command takes besides its options, said of words it does not: "not a command of atlas: ...". */
    private static String notTaken(CommandLine cl) {
        String command = cl.getCommandSpec().qualifiedName();
        if (!cl.getSubcommands().isEmpty()) {
            return "not a command of " + command + ", whose commands are "
                    + Words.and(List.copyOf(cl.getSubcommands().keySet()));
        }
        List<String> labels = cl.getCommandSpec().positionalParameters().stream().filter(p -> !p.hidden())
                .map(PositionalParamSpec::paramLabel).toList();
        return "not taken: " + command + " takes "
                + (labels.isEmpty() ? "options only" : Words.and(labels) + " and options");
    }
}
