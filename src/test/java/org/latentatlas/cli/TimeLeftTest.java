package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.Objective;

/** The time left on a fake clock, set to the moments of a run rather than measured, so no test depends on speed. */
class TimeLeftTest {
    private long nanos; // the fake clock: what every TimeLeft here reads
    private final TimeLeft timeLeft = new TimeLeft(() -> nanos);

    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    private void at(long ms) {
        nanos = millis(ms).toNanos();
    }

    /** The run the estimate was reported on: the first step took 2 s while the JIT compiled, then 3 ms a step. */
    @Test
    void aSlowFirstStepDoesNotSetTheEstimate() {
        at(200);
        assertThat(timeLeft.estimate(0, 2400)).isEmpty();
        at(2000);
        assertThat(timeLeft.estimate(1, 2399)).as("at the end of the warm-up: the rate starts here").isEmpty();
        // 300 steps later at 3 ms each: 2099 steps left take 6.3 s, where the mean rate so far said 16 s.
        at(2900);
        assertThat(timeLeft.estimate(301, 2099)).hasValue(millis(3 * 2099));
    }

    @Test
    void nothingIsShownBeforeTheWarmUpOrAnEpochsEndEvenAfterManySteps() {
        nanos = TimeLeft.WARM_UP.minusMillis(1).toNanos();

        assertThat(timeLeft.estimate(500, 100)).isEmpty();
    }

    /** The digits default: its first epoch of 24 steps ends after 0.3 s, and a 3 s run showed "?" until 2 s. */
    @Test
    void theFirstEpochsEndStartsTheRateBeforeTheWarmUpEnds() {
        at(300);
        timeLeft.epochEnded(24);
        assertThat(timeLeft.estimate(24, 2376)).isEmpty();
        at(300 + 3 * TimeLeft.MIN_STEPS);
        assertThat(timeLeft.estimate(24 + TimeLeft.MIN_STEPS, 2376 - TimeLeft.MIN_STEPS))
                .hasValue(millis(3 * (2376 - TimeLeft.MIN_STEPS)));
    }

    @Test
    void laterEpochsAndTheWarmUpLeaveTheFirstMarkWhereItIs() {
        at(300);
        timeLeft.epochEnded(24);
        at(400);
        timeLeft.epochEnded(48); // no second mark: the rate is measured from the first
        at(2400);
        assertThat(timeLeft.estimate(124, 100)).as("100 steps in 2.1 s since the first epoch's end")
                .hasValue(millis(2100));
    }

    @Test
    void theWarmUpLeavesAnEpochThatEndsLaterNoMarkToMove() {
        at(2000);
        timeLeft.estimate(10, 90);
        at(2500);
        timeLeft.epochEnded(20);
        at(3000);
        assertThat(timeLeft.estimate(30, 70)).as("20 steps in 1 s since the warm-up").hasValue(millis(3500));
    }

    @Test
    void theRateNeedsAFewStepsAfterTheWarmUp() {
        at(2000);
        timeLeft.estimate(1, 99);

        at(60_000);
        assertThat(timeLeft.estimate(1 + TimeLeft.MIN_STEPS - 1, 100 - TimeLeft.MIN_STEPS)).isEmpty();
        at(2000 + 10_000 * TimeLeft.MIN_STEPS);
        assertThat(timeLeft.estimate(1 + TimeLeft.MIN_STEPS, 10)).hasValue(Duration.ofSeconds(100));
    }

    /** Both bars use it: the log line off a terminal, and the terminal's (which the library renders). */
    @Test
    void theLogLineAfterTheFirstStepSaysTheTimeLeftIsBeingEstimated() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);

        progress.onStart(1, 2400, 0, List.of());
        progress.onStep(1, 1, new Elbo.Terms(1, 1, 1), 1);
        progress.onFinish(); // draws the state once more: one step taken

        assertThat(lastLine(log)).contains("1/2400 steps").contains(" / estimating…)").doesNotContain("?");
    }

    /** Training's bar tells its time left when the first epoch ends: a few steps later the line has an estimate. */
    @Test
    void theLogLineAFewStepsAfterTheFirstEpochShowsAnEstimate() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);

        progress.onStart(2, 10, 0, List.of());
        for (int step = 1; step <= 10; step++) {
            progress.onStep(1, step, new Elbo.Terms(1, 1, 1), 1);
        }
        progress.onEpoch(new EpochMetrics(1, -150, 140, 10, -151, 141, 10));
        for (int step = 1; step <= TimeLeft.MIN_STEPS; step++) {
            progress.onStep(2, step, new Elbo.Terms(1, 1, 1), 1);
        }
        progress.onFinish(); // draws the state once more, before the run's last step

        assertThat(lastLine(log)).contains((10 + TimeLeft.MIN_STEPS) + "/20 steps").doesNotContain(" / ?)")
                .doesNotContain(TimeLeftBar.ESTIMATING);
    }

    @Test
    void aFinishedRunHasNoTimeLeft() {
        at(100);
        assertThat(timeLeft.estimate(1, 0)).hasValue(Duration.ZERO);
    }

    private static String lastLine(StringWriter log) {
        return log.toString().lines().reduce((a, b) -> b).orElseThrow();
    }
}
