package org.latentatlas.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar's time left, shown as soon as it means something. A run's first steps are slow while the JIT
 * compiles the kernels (the first step of the digits model took 2 s, the next ones 3 ms), so the mean rate over
 * all steps so far said {@code 1/2400 steps (0:00:02 / 1:20:58)} for a run that took 8 s. The rate is measured
 * from a mark past those steps: the end of the run's first epoch, or {@link #WARM_UP} into the run, whichever
 * comes first, over at least {@link #MIN_STEPS} steps; until then the bar shows "?". Waiting for the warm-up alone
 * hid the estimate for most of a 3 s run whose first epoch ends in a fraction of a second. One instance per bar: it
 * keeps the moment it started measuring.
 */
final class TimeLeft {
    static final Duration WARM_UP = Duration.ofSeconds(2);
    static final long MIN_STEPS = 5;

    private final LongSupplier nanoTime;
    private final long startNanos;
    private Duration markElapsed; // when the rate started to be measured, or null before
    private long markDone;        // steps done by then

    TimeLeft() {
        this(System::nanoTime);
    }

    /** A bar's time left on {@code nanoTime}'s clock, which starts now (a test's clock, say). */
    TimeLeft(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** The library's estimate function: this run's steps only (a resumed bar starts at the checkpoint's step). */
    Optional<Duration> estimate(ProgressState s) {
        if (s.isIndefinite() || s.getMax() <= 0) {
            return Optional.empty();
        }
        return estimate(s.getCurrent() - s.getStart(), s.getMax() - s.getCurrent());
    }

    /**
     * The run's first epoch has ended (or the first a resumed run completes), {@code done} steps into the run: the
     * steps that warm the JIT are behind it, so the rate is measured from here if the warm-up has not set the mark.
     */
    synchronized void epochEnded(long done) {
        if (markElapsed == null && done > 0) {
            mark(done);
        }
    }

    /**
     * @param done      steps this run has taken
     * @param remaining steps still to take
     * @return the time left, or empty while no rate worth showing is known
     */
    synchronized Optional<Duration> estimate(long done, long remaining) {
        if (remaining <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (markElapsed == null) {
            if (elapsed().compareTo(WARM_UP) >= 0 && done > 0) {
                mark(done);
            }
            return Optional.empty();
        }
        long steps = done - markDone;
        if (steps < MIN_STEPS) {
            return Optional.empty();
        }
        return Optional.of(elapsed().minus(markElapsed).dividedBy(steps).multipliedBy(remaining));
    }

    private void mark(long done) {
        markElapsed = elapsed();
        markDone = done;
    }

    private Duration elapsed() {
        return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
    }
}
