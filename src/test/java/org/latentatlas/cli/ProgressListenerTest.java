package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.EpochMetrics;

class ProgressListenerTest {
    @Test
    void offATerminalTheLogNeverRepeatsALineAndEndsAtTheLastStep() throws Exception {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false);

        progress.onStart(1, 2, 0);
        progress.onStep(1, 1, new Elbo.Terms(1, 1, 1), 1);
        progress.onStep(1, 2, new Elbo.Terms(1, 1, 1), 1);
        progress.onEpoch(new EpochMetrics(1, -150, 140, 10, -151, 141, 10));
        Thread.sleep(2_500); // one of the bar's 2-second renders, of the final state, before it is closed
        progress.onFinish();

        List<String> lines = log.toString().lines().toList();
        assertThat(lines).isNotEmpty();
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d repeats the one before", i + 1).isNotEqualTo(lines.get(i - 1));
        }
        assertThat(lines.get(lines.size() - 1)).contains("2/2").contains("test ELBO -151.00");
    }
    @Test
    void aResumedRunsBarStartsAtTheCheckpointsStepAndEpoch() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false);

        progress.onStart(3, 2, 3); // resumed after step 3 of 6: in the middle of epoch 2
        progress.onFinish();

        assertThat(log.toString().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(" 3/6 steps").contains("epoch 2/3"));
    }

    @Test
    void atAnEpochsLastStepTheBarShowsThatEpochBesideTheLastOneEvaluated() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false);
        Elbo.Terms batch = new Elbo.Terms(1, 1, 1);

        progress.onStart(2, 2, 0);
        progress.onStep(1, 1, batch, 1);
        progress.onStep(1, 2, batch, 1);
        progress.onEpoch(new EpochMetrics(1, -150, 140, 10, -151, 141, 10));
        progress.onStep(2, 1, batch, 1);
        progress.onStep(2, 2, batch, 1); // epoch 2 is not evaluated yet
        progress.onFinish();

        List<String> lines = log.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).contains("4/4 steps").contains("epoch 2/2")
                .contains("after epoch 1: test ELBO -151.00");
    }
}
