package org.latentatlas.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atlas help [COMMAND]}: the help of atlas or of one of its commands. Not picocli's {@code HelpCommand}:
 * picocli parses a help command as a request for help, which skips the checks of its words, so {@code atlas help
 * --zz} and {@code atlas help train extra} printed help and exited 0. An ordinary command is refused like the others.
 */
@Command(name = "help", header = "Print the help of atlas or of one of its commands.",
        description = "Print the help of atlas, or with COMMAND the help of that command (as 'atlas COMMAND --help').")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "0..1", description = "The command whose help to print.")
    String command;

    @Override
    public Integer call() {
        CommandLine atlas = spec.commandLine().getParent();
        CommandLine shown = command == null ? atlas : atlas.getSubcommands().get(command);
        if (shown == null) {
            // Said of atlas, as a mistyped command is: "'trian' is not a command of atlas, ...; did you mean train?"
            throw new CommandLine.ParameterException(atlas, ParseRefusals.unknownCommand(atlas, command));
        }
        shown.usage(spec.commandLine().getOut());
        return 0;
    }
}
