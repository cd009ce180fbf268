package org.latentatlas.cli;

import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar's log line off a terminal, with a bar of {@link #WIDTH} characters however long the text beside
 * it. The library's renderer fills a fixed line length, so its bar gets whatever the message leaves and its width
 * would change from line to line. Lines of a log are read one under another, and a bar that shrinks as the run goes
 * on reads like a run that slowed down.
 */
final class FixedWidthBar extends TimeLeftBar {
    static final int WIDTH = 30;
    /** Line length asked of the library: long enough that it never squeezes the bar, whose width is redrawn. */
    private static final int PROBE = 1000;

    private final Supplier<String> message;

    /**
     * @param message the text after the bar's times, read at every line; the bar's own extra message stays empty,
     *                so the text is never part of what is measured
     */
    FixedWidthBar(String unit, Supplier<String> message, TimeLeft timeLeft) {
        super(ProgressBarStyle.ASCII, unit, timeLeft);
        this.message = message;
    }

    /**
     * The library's line, rendered once, with its bar drawn again {@link #WIDTH} wide at the same filled fraction,
     * then the message. Once: training moves the state on while a line is drawn, so a render to measure the text
     * and another to draw it could disagree.
     */
    @Override
    public String render(ProgressState state, int maxLength) {
        String line = super.render(state, PROBE).stripTrailing() + " " + message.get();
        int open = line.indexOf('['); // the ASCII style's brackets; the task name before them holds none
        int close = line.indexOf(']', open + 1);
        if (open < 0 || close <= open + 1) {
            return line; // no bar to size: the text as it is
        }
        String bar = line.substring(open + 1, close);
        long filled = bar.chars().filter(c -> c == '=').count();
        int n = (int) (filled * WIDTH / bar.length());
        return line.substring(0, open + 1) + "=".repeat(n) + " ".repeat(WIDTH - n) + line.substring(close);
    }
}
