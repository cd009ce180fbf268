package org.latentatlas.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/** One {@code atlas ...} invocation through picocli's {@code execute}, with its exit code and output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Main.execute(cl, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code atlas train} of a model that trains in a blink (one epoch, hidden 8, 50 digits), with {@code more}. */
    static CliRun trainTiny(String... more) {
        return of(Stream.concat(Stream.of("train", "--epochs", "1", "--hidden", "8", "--limit", "50", "--no-progress"),
                Stream.of(more)).toArray(String[]::new));
    }

    /** A {@link #trainTiny} model, with {@code more} options, written to {@code file}, which is returned. */
    static Path tinyModel(Path file, String... more) {
        CliRun run = trainTiny(Stream.concat(Stream.of(more), Stream.of("-o", file.toString())).toArray(String[]::new));
        if (run.exitCode() != 0) {
            throw new IllegalStateException("the tiny model was not trained: " + run.err());
        }
        return file;
    }

    /** The error stream's lines, for the "one line per error" rule. */
    long errLines() {
        return err.lines().filter(l -> !l.isBlank()).count();
    }
}
