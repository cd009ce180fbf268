package org.latentatlas.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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

    /** The error stream's lines, for the "one line per error" rule. */
    long errLines() {
        return err.lines().filter(l -> !l.isBlank()).count();
    }
}
