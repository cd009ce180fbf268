package org.latentatlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.latentatlas.data.DatasetException;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** {@code atlas}: with no subcommand it trains the default digits model (or reuses it) and serves the explorer. */
@Command(name = "atlas", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Train variational autoencoders and explore their latent space in the browser.",
            "",
            "With no command: train the default 2-D VAE on the embedded scikit-learn digits (a few seconds, or"
                    + " reuse the cached model for the same config), serve the explorer on --host (default 127.0.0.1,"
                    + " this machine only) and print its URL."},
        subcommands = {TrainCommand.class, EvaluateCommand.class, InfoCommand.class, PlotCommand.class,
            ServeCommand.class, ExportCommand.class, ExploreCommand.class, DatasetsCommand.class,
            HelpCommand.class})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ExploreCommand.Options explore = new ExploreCommand.Options();

    @Override
    public Integer call() throws Exception {
        ExploreCommand command = new ExploreCommand();
        command.spec = spec;
        command.options = explore;
        return command.call();
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        cl.setExecutionStrategy(Main::runRefusingOptionsBeforeACommand);
        return cl;
    }

    /**
     * Runs the command as picocli's default strategy does, but refuses the explorer's own options (--port, --host,
     * --cache-dir, --retrain) placed before a command: picocli accepts {@code atlas --port 0 serve m} and the
     * serve command never sees that --port. An empty path is refused here too ({@link EmptyPaths}), before any
     * command reads it as the working directory.
     */
    private static int runRefusingOptionsBeforeACommand(CommandLine.ParseResult parsed) {
        if (parsed.hasSubcommand()) {
            List<String> misplaced = parsed.matchedOptions().stream()
                    .filter(o -> !o.usageHelp() && !o.versionHelp()).map(OptionSpec::longestName).toList();
            if (!misplaced.isEmpty()) {
                String command = parsed.subcommand().commandSpec().name();
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), String.join(", ", misplaced)
                        + " before the command '" + command + "' does nothing there: put it after the command,"
                        + " as in 'atlas " + command + " " + misplaced.get(0) + " ...'");
            }
        }
        EmptyPaths.refuse(parsed);
        return new CommandLine.RunLast().execute(parsed);
    }

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs {@code cl}, turning a full Java heap into a one-line message: picocli handles exceptions but lets errors
     * through, and a model or contact sheet too large for the heap would otherwise end in a stack trace. Whatever
     * the command was writing is not lost: every file is written atomically, so nothing was half-written.
     */
    static int execute(CommandLine cl, String[] args) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            PrintWriter err = cl.getErr();
            err.println(commandName(cl) + ": error: out of memory: the Java heap (at most "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB) cannot hold this model or data; use a"
                    + " smaller model or --limit, or a larger heap with ATLAS_JAVA_OPTS=-Xmx8g (it replaces the default"
                    + " -Xmx4g); no file was left half-written");
            err.flush();
            return EXIT_FAILURE;
        }
    }

    /** The subcommand that was running ("atlas train"), or "atlas" when the command line was not parsed. */
    private static String commandName(CommandLine cl) {
        CommandLine.ParseResult parsed = cl.getParseResult();
        if (parsed == null) {
            return cl.getCommandSpec().qualifiedName();
        }
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().qualifiedName();
    }

    /**
     * Exit codes: 0 success, 1 the work failed (a file there but unreadable or malformed, a diverged run), 2 the
     * command line was wrong (a bad option, a file of the wrong kind, a path naming no file: {@link InputFiles}).
     */
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String refusal = BadValues.refusal(e).or(() -> ParseRefusals.refusal(e)).orElse(e.getMessage());
        err.println(cl.getCommandSpec().qualifiedName() + ": " + refusal + seeHelp(cl));
        err.flush();
        return EXIT_USAGE;
    }

    /** The ending of every refusal of the command line (exit 2): " (see 'atlas train --help')". */
    private static String seeHelp(CommandLine cl) {
        return " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        boolean usage = isSettingError(e);
        // A setting refused by the command's own checks ends as one refused while parsing does: where to read more.
        err.println(name + ": " + (usage ? "invalid setting: " + oneLine(e) + seeHelp(cl) : "error: " + oneLine(e)));
        if (System.getenv("ATLAS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return usage ? EXIT_USAGE : EXIT_FAILURE;
    }

    /** A bad option, or an option that does not fit the data (exit 2), as opposed to a failure of the work (exit 1). */
    static boolean isSettingError(Exception e) {
        return e instanceof IllegalArgumentException
                || unwrapped(e) instanceof DatasetException d && d.isSetting()
                || unwrapped(e) instanceof ModelFileException m && m.isSetting();
    }

    private static Throwable unwrapped(Throwable e) {
        return e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    }

    private static String oneLine(Throwable e) {
        Throwable t = unwrapped(e);
        String message = t.getMessage();
        boolean expected = t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof TrainingDivergedException || t instanceof IllegalStateException;
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (!expected) {
            message = t.getClass().getSimpleName() + ": " + message;
        } else if (t instanceof ModelFileException m && m.isCheckpointGiven()) {
            message += ": " + continueTheRun(m.source());
        }
        return message.replace('\n', ' ').strip();
    }

    /**
     * What to do with a checkpoint given where a model file is expected: the reader says what the file is, and the
     * command that continues its run is this layer's to name.
     */
    private static String continueTheRun(String checkpoint) {
        // The checkpoint holds the run's options, its data's too, except where older than that record.
        return "continue the run with 'atlas train --resume " + checkpoint + "' (for a checkpoint older than those"
                + " that record their data, with its data options, --dataset ..., if it had any), or use the model"
                + " file the run wrote (its -o)";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"Latent Atlas " + (v == null ? "development build" : v),
                "JVM " + Runtime.version() + ", GEMM kernels: " + kernels()};
        }

        /** Which kernels run, and when it is the scalar fallback, why: chosen on purpose, or the module missing. */
        static String kernels() {
            if (org.latentatlas.math.Gemm.isVectorized()) {
                return "Vector API (jdk.incubator.vector)";
            }
            return "scalar".equalsIgnoreCase(System.getProperty("atlas.gemm"))
                    ? "scalar, chosen by -Datlas.gemm=scalar" : "scalar fallback (run with --add-modules jdk.incubator.vector)";
        }
    }
}
