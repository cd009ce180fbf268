package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.Objective;

/** The time left, fed the durations of a run rather than measured, so no test depends on the machine's speed. */
class TimeLeftTest {
    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    /** The run the estimate was reported on: the first step took 2 s while the JIT compiled, then 3 ms a step. */
    @Test
    void aSlowFirstStepDoesNotSetTheEstimate() {
        TimeLeft timeLeft = new TimeLeft();

        assertThat(timeLeft.estimate(millis(200), 0, 2400)).isEmpty();
        assertThat(timeLeft.estimate(millis(2000), 1, 2399)).as("at the end of the warm-up: the rate starts here")
                .isEmpty();
        // 300 steps later at 3 ms each: 2099 steps left take 6.3 s, where the mean rate so far said 16 s.
        assertThat(timeLeft.estimate(millis(2900), 301, 2099)).hasValue(millis(3 * 2099));
    }

    @Test
    void nothingIsShownBeforeTheWarmUpEvenAfterManySteps() {
        TimeLeft timeLeft = new TimeLeft();

        assertThat(timeLeft.estimate(TimeLeft.WARM_UP.minusMillis(1), 500, 100)).isEmpty();
    }

    @Test
    void theRateNeedsAFewStepsAfterTheWarmUp() {
        TimeLeft timeLeft = new TimeLeft();
        timeLeft.estimate(millis(2000), 1, 99);

        assertThat(timeLeft.estimate(millis(60_000), 1 + TimeLeft.MIN_STEPS - 1, 100 - TimeLeft.MIN_STEPS)).isEmpty();
        assertThat(timeLeft.estimate(millis(2000 + 10_000 * TimeLeft.MIN_STEPS), 1 + TimeLeft.MIN_STEPS, 10))
                .hasValue(Duration.ofSeconds(100));
    }

    /** Both bars use it: the log line off a terminal, and the terminal's (which the library renders). */
    @Test
    void theLogLineAfterTheFirstStepShowsNoEstimate() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO);

        progress.onStart(1, 2400, 0, List.of());
        progress.onStep(1, 1, new Elbo.Terms(1, 1, 1), 1);
        progress.onFinish(); // draws the state once more: one step taken

        assertThat(log.toString().lines().reduce((a, b) -> b).orElseThrow()).contains("1/2400 steps").contains(" / ?)");
    }

    @Test
    void aFinishedRunHasNoTimeLeft() {
        assertThat(new TimeLeft().estimate(millis(100), 1, 0)).hasValue(Duration.ZERO);
    }
}
