package org.latentatlas.cli;

import java.util.function.Supplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one look of the tool's progress bars, so training's bar and every other phase's draw alike: on a terminal a
 * coloured bar redrawn five times a second with an honest time left ({@link TimeLeft}); elsewhere (pipes, CI, tests)
 * a plain ASCII line of a fixed width ({@link FixedWidthBar}) every two seconds, through {@link LogLines}.
 */
final class ProgressBars {
    private ProgressBars() {}

    /**
     * Builds the bar; on a terminal then takes Ctrl-C back from JLine, which the library opens the terminal with
     * ({@link Interrupts}).
     */
    static ProgressBar build(ProgressBarBuilder builder, boolean interactive) {
        ProgressBar bar = builder.build();
        if (interactive) {
            Interrupts.keepJavas();
        }
        return bar;
    }

    /**
     * A bar over {@code max} {@code unit}s named {@code task}, at most {@code width} characters wide; off a terminal
     * {@code message} is read by the renderer itself at each line, so no line misses a change.
     *
     * @param timeLeft the bar's own time left, started as the bar is built, for a caller to tell of an epoch's end
     */
    static ProgressBarBuilder builder(String task, long max, String unit, int width, boolean interactive,
            LogLines log, Supplier<String> message, TimeLeft timeLeft) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, 1)
                .setMaxRenderedLength(width);
        if (interactive) {
            return builder.setRenderer(new TimeLeftBar(ProgressBarStyle.COLORFUL_UNICODE_BLOCK, unit, timeLeft))
                    .setUpdateIntervalMillis(200);
        }
        return builder.setRenderer(new FixedWidthBar(unit, message, timeLeft)).setUpdateIntervalMillis(2000)
                .setConsumer(new DelegatingProgressBarConsumer(log, width));
    }
}
