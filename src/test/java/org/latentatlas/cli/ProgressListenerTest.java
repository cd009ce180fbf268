package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.Objective;

class ProgressListenerTest {
    @Test
    void offATerminalTheLogNeverRepeatsALineAndEndsAtTheLastStep() throws Exception {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);

        progress.onStart(1, 2, 0, List.of());
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
    /** The library filled a fixed line, so its bar shrank from 105 characters to 26 once test numbers joined it. */
    @Test
    void offATerminalTheBarHasOneWidthHoweverLongTheTextBesideIt() {
        StringWriter started = new StringWriter();
        ProgressListener justStarted = new ProgressListener(new PrintWriter(started, true), false, Objective.ELBO,
                false);
        justStarted.onStart(2, 2, 0, List.of());
        justStarted.onFinish(); // draws the state once more: no step, no test numbers

        StringWriter finished = new StringWriter();
        ProgressListener run = new ProgressListener(new PrintWriter(finished, true), false, Objective.ELBO, false);
        run.onStart(2, 2, 0, List.of());
        for (int epoch = 1; epoch <= 2; epoch++) {
            run.onStep(epoch, 1, new Elbo.Terms(1, 1, 1), 1);
            run.onStep(epoch, 2, new Elbo.Terms(1, 1, 1), 1);
            run.onEpoch(new EpochMetrics(epoch, -150, 140, 10, -151, 141, 10));
        }
        run.onFinish();

        String first = started.toString().lines().reduce((a, b) -> b).orElseThrow();
        String last = finished.toString().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(first).contains(" 0/4 steps").doesNotContain("test ELBO")
                .contains("[" + " ".repeat(FixedWidthBar.WIDTH) + "]");
        assertThat(last).contains("4/4 steps").contains("test ELBO -151.00")
                .contains("[" + "=".repeat(FixedWidthBar.WIDTH) + "]");
        assertThat(last.length() - first.length()).as("the text grew, the bar did not").isGreaterThan(50);
        for (String line : (started.toString() + finished).lines().toList()) {
            assertThat(line.indexOf(']') - line.indexOf('[') - 1).as(line).isEqualTo(FixedWidthBar.WIDTH);
        }
    }

    @Test
    void aResumedRunsBarStartsAtTheCheckpointsStepAndEpoch() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);

        progress.onStart(3, 2, 3, List.of()); // resumed after step 3 of 6: in the middle of epoch 2
        progress.onFinish();

        assertThat(log.toString().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(" 3/6 steps").contains("epoch 2/3"));
    }

    /** A resumed run's first line shows the β of the checkpoint's last step, as every later line shows its step's. */
    @Test
    void aResumedRunsFirstLineShowsTheBetaOfTheCheckpointsLastStep() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);

        progress.onStart(3, 2, 3, List.of(), 0.25);
        progress.onFinish();

        assertThat(log.toString().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(" 3/6 steps").contains("epoch 2/3  beta 0.25"));
    }

    /** Until its first epoch ends, a resumed run shows the checkpoint's last test numbers, said to be its. */
    @Test
    void aResumedRunsBarShowsTheCheckpointsLastTestNumbersUntilItsOwnFirstEpochEnds() {
        List<EpochMetrics> checkpointed = List.of(new EpochMetrics(1, -150, 140, 10, -151, 141, 10));
        StringWriter started = new StringWriter();
        ProgressListener justResumed = new ProgressListener(new PrintWriter(started, true), false, Objective.ELBO,
                false);
        justResumed.onStart(3, 2, 3, checkpointed);
        justResumed.onFinish();

        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);
        progress.onStart(3, 2, 3, checkpointed);
        progress.onStep(2, 2, new Elbo.Terms(1, 1, 1), 1);
        progress.onEpoch(new EpochMetrics(2, -140, 132, 8, -141, 133, 8));
        progress.onFinish();

        assertThat(started.toString().lines().toList()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains(" 3/6 steps").endsWith("epoch 2/3  after epoch 1 (from the checkpoint): test ELBO -151.00"
                        + "  recon 141.00  KL 10.00 nats  AU 0"));
        List<String> lines = log.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).contains("after epoch 2: test ELBO -141.00")
                .doesNotContain("checkpoint");
    }

    /** A test split of one example has no active units to count (μ cannot vary): the bar says n/a, not AU 0. */
    @Test
    void aOneExampleTestSplitsActiveUnitsAreNotApplicable() {
        List<EpochMetrics> checkpointed = List.of(new EpochMetrics(1, -150, 140, 10, -151, 141, 10, 1, null, null,
                null, null, 150, null));
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);
        progress.onStart(3, 2, 3, checkpointed);
        progress.onFinish();

        assertThat(log.toString().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith("KL 10.00 nats  AU n/a"));
    }

    /** A checkpoint from within the first epoch has no test numbers: the bar says so instead of leaving a blank. */
    @Test
    void aResumedRunWhoseCheckpointHasNoEvaluatedEpochSaysSo() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);

        progress.onStart(3, 4, 1, List.of());
        progress.onFinish();

        assertThat(log.toString().lines().toList()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains(" 1/12 steps").endsWith("epoch 1/3  no test numbers yet: the checkpoint is from before epoch"
                        + " 1 ended"));
    }

    @Test
    void atAnEpochsLastStepTheBarShowsThatEpochBesideTheLastOneEvaluated() {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, Objective.ELBO, false);
        Elbo.Terms batch = new Elbo.Terms(1, 1, 1);

        progress.onStart(2, 2, 0, List.of());
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

    @Test
    void onlyAnElboRunShowsBetaAndAnAutoencoderShowsItsReconstructionNotAnElbo() {
        assertThat(lastLine(Objective.ELBO)).contains("beta 0.5").contains("test ELBO -151.00  recon 141.00  KL 10.00");
        assertThat(lastLine(Objective.IWAE)).doesNotContain("beta").contains("test ELBO -151.00");
        assertThat(lastLine(Objective.AE)).doesNotContain("beta").doesNotContain("ELBO").doesNotContain("KL")
                .contains("after epoch 1: test recon 141.00 nats");
    }

    /** A β-VAE minimises recon + β·KL: the test ELBO beside its β is said to be the β = 1 bound, not that loss. */
    @Test
    void aWeightedKlRunSaysItsTestElboIsTheBetaOneBound() {
        assertThat(lastLine(Objective.ELBO, true)).contains("beta 0.5")
                .contains("test ELBO (the beta = 1 bound) -151.00  recon 141.00  KL 10.00");
    }

    private static String lastLine(Objective objective) {
        return lastLine(objective, false);
    }

    /** The log's last line after one evaluated epoch of a run of {@code objective}, its steps at β = 0.5. */
    private static String lastLine(Objective objective, boolean weightedKl) {
        StringWriter log = new StringWriter();
        ProgressListener progress = new ProgressListener(new PrintWriter(log, true), false, objective, weightedKl);
        progress.onStart(1, 1, 0, List.of());
        progress.onStep(1, 1, new Elbo.Terms(1, 1, 1), 0.5);
        progress.onEpoch(new EpochMetrics(1, -150, 140, 10, -151, 141, 10));
        progress.onFinish();
        return log.toString().lines().reduce((a, b) -> b).orElseThrow();
    }
}
