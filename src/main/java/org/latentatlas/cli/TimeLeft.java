package org.latentatlas.cli;

import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar's time left, shown only once it means something. A run's first steps are slow while the JIT
 * compiles the kernels (the first step of the digits model took 2 s, the next ones 3 ms), so the mean rate over
 * all steps so far said {@code 1/2400 steps (0:00:02 / 1:20:58)} for a run that took 8 s. Nothing is shown for the
 * first {@link #WARM_UP} of the run; then the rate is measured from that moment on, over at least
 * {@link #MIN_STEPS} steps. One instance per bar: it keeps the moment it started measuring.
 */
final class TimeLeft {
    static final Duration WARM_UP = Duration.ofSeconds(2);
    static final long MIN_STEPS = 5;

    private Duration markElapsed; // when the rate started to be measured, or null before
    private long markDone;        // steps done by then

    /** The library's estimate function: this run's steps only (a resumed bar starts at the checkpoint's step). */
    Optional<Duration> estimate(ProgressState s) {
        if (s.isIndefinite() || s.getMax() <= 0) {
            return Optional.empty();
        }
        return estimate(s.getElapsedAfterStart(), s.getCurrent() - s.getStart(), s.getMax() - s.getCurrent());
    }

    /**
     * @param elapsed   time since this run started
     * @param done      steps this run has taken
     * @param remaining steps still to take
     * @return the time left, or empty while no rate worth showing is known
     */
    synchronized Optional<Duration> estimate(Duration elapsed, long done, long remaining) {
        if (remaining <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (markElapsed == null) {
            if (elapsed.compareTo(WARM_UP) >= 0 && done > 0) {
                markElapsed = elapsed;
                markDone = done;
            }
            return Optional.empty();
        }
        long steps = done - markDone;
        if (steps < MIN_STEPS) {
            return Optional.empty();
        }
        return Optional.of(elapsed.minus(markElapsed).dividedBy(steps).multipliedBy(remaining));
    }
}
