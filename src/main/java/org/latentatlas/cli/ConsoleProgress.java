package org.latentatlas.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import org.latentatlas.eval.Progress;

/**
 * A long computation's progress on the error stream, one bar per phase: redrawn in place on a terminal, and
 * elsewhere (pipes, CI, tests) a plain line every couple of seconds, as training's bar ({@link ProgressListener}).
 */
final class ConsoleProgress implements Progress {
    private final LogLines log;
    private final boolean interactive;
    private ProgressBar bar; // the current phase's, or null between phases

    ConsoleProgress(PrintWriter err, boolean interactive) {
        this.log = new LogLines(err);
        this.interactive = interactive;
    }

    @Override
    public void phase(String what, long total, String unit) {
        finish();
        bar = ProgressBars.build(ProgressBars.builder(what, total, unit, 120, interactive, log, () -> "", new TimeLeft()),
                interactive);
    }

    @Override
    public void advance(long done) {
        bar.stepTo(done);
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
