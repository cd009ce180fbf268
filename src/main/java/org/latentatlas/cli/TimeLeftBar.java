package org.latentatlas.cli;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The library's bar with its time left from {@link TimeLeft}, which knows none for a phase's first seconds: a
 * t-SNE's neighbours and affinities, or UMAP's graph, end within them, so their bars showed "(0:00:01 / ?)" all
 * their lives, which reads as a fault. Until an estimate is known the bar says it is {@link #ESTIMATING}.
 */
class TimeLeftBar extends DefaultProgressBarRenderer {
    static final String ESTIMATING = "estimating…";

    TimeLeftBar(ProgressBarStyle style, String unit, TimeLeft timeLeft) {
        super(style, unit, 1, false, null, ChronoUnit.SECONDS, true, timeLeft::estimate);
    }

    /** The library's time left, which it writes "?" when the estimate is empty: then "estimating…", if it can be. */
    @Override
    protected String etaString(ProgressState state) {
        String left = super.etaString(state);
        boolean estimable = state.getMax() > 0 && !state.isIndefinite(); // a bar of no known length never will be
        return left.equals("?") && estimable ? ESTIMATING : left;
    }
}
