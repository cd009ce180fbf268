package org.latentatlas.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * A progress bar's lines off a terminal, each written once: closing a bar renders its final state once more, and
 * a log that repeats its last line reads like a stall.
 */
final class LogLines implements Consumer<String> {
    private final PrintWriter err;
    private String last; // the last line written

    LogLines(PrintWriter err) {
        this.err = err;
    }

    /** One line, stripped of the padding a terminal would need, unless it repeats the last. */
    @Override
    public synchronized void accept(String line) {
        String stripped = line.strip();
        if (!stripped.equals(last)) {
            err.println(stripped);
            err.flush();
            last = stripped;
        }
    }
}
