package org.latentatlas.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.latentatlas.eval.Training;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainingListener;

/**
 * A progress bar over all training steps whose message shows the epoch the bar is in (with β for the ELBO) and the
 * last evaluated epoch's test numbers: the ELBO and its terms, or an autoencoder's reconstruction. A resumed run's
 * bar starts at the checkpoint's step, with the checkpoint's last test numbers (or word that it has none yet), and
 * its rate and time left count this run's steps only. On a terminal it redraws one line; elsewhere (pipes, CI, tests) it logs plain ASCII
 * lines to the error stream every couple of seconds, so logs stay readable, each with a bar of the same width
 * ({@link FixedWidthBar}).
 */
final class ProgressListener implements TrainingListener {
    private static final String UNIT = " steps";
    private final boolean interactive;
    private final Objective objective;
    private final boolean weightedKl;
    private ProgressBar bar;
    private int stepsPerEpoch;
    private int epochs;
    private int epoch;         // the epoch of the last step taken, or of the next one before any
    private Double beta;       // the KL weight of the last step, null before the first
    private EpochMetrics last; // the last epoch evaluated
    private boolean resumed;   // whether the run continues a checkpoint
    private boolean fromCheckpoint; // whether last is the checkpoint's, not an epoch of this run
    private long startStep;    // the step the bar started from: the checkpoint's, or 0
    private TimeLeft timeLeft; // the bar's, told when an epoch ends
    private final LogLines log; // the lines written to a non-terminal stream
    // What the bar shows beside the steps; the bar's own thread reads it, from its first line on.
    private volatile String message = "";

    /**
     * A bar for a run of {@code objective}, which decides what the message can say: only the ELBO has a β.
     *
     * @param weightedKl whether the run minimises another objective than the ELBO (β ≠ 1 or free bits), so the test
     *                   ELBO shown must say it is the β = 1 bound, not the loss the bar's β weighs
     */
    ProgressListener(PrintWriter err, boolean interactive, Objective objective, boolean weightedKl) {
        this.log = new LogLines(err);
        this.interactive = interactive;
        this.objective = objective;
        this.weightedKl = weightedKl;
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch, long stepsTaken, List<EpochMetrics> history) {
        onStart(epochs, stepsPerEpoch, stepsTaken, history, null);
    }

    /** @param beta the β of the checkpoint's last step, which a resumed run's first line shows as every later one */
    @Override
    public void onStart(int epochs, int stepsPerEpoch, long stepsTaken, List<EpochMetrics> history, Double beta) {
        this.beta = beta;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epoch = (int) (stepsTaken / stepsPerEpoch) + 1;
        this.resumed = stepsTaken > 0;
        // Until this run's first epoch ends, the numbers are the checkpoint's: shown, so the bar is not blank.
        this.last = history.isEmpty() ? null : history.get(history.size() - 1);
        this.fromCheckpoint = last != null;
        message = message(); // before the bar exists: it draws its first line as it is built
        this.startStep = stepsTaken;
        this.timeLeft = new TimeLeft();
        bar = ProgressBars.build(ProgressBars.builder("train", (long) epochs * stepsPerEpoch, UNIT, 160, interactive, log,
                () -> message, timeLeft).startsFrom(stepsTaken, Duration.ZERO), interactive);
        show();
    }

    /** The message after a change; off a terminal the renderer reads it itself, so no line can miss it. */
    private void show() {
        message = message();
        if (interactive) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void onStep(int epoch, int step, Elbo.Terms batch, double beta) {
        this.epoch = epoch;
        this.beta = beta;
        show(); // before the step: the bar's thread may draw the new step at once
        bar.stepTo((long) (epoch - 1) * stepsPerEpoch + step);
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        last = m;
        fromCheckpoint = false;
        timeLeft.epochEnded(bar.getCurrent() - startStep);
        show();
    }

    private String message() {
        String where = String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs)
                + (beta == null || objective != Objective.ELBO ? "" : String.format(Locale.ROOT, "  beta %.3g", beta));
        if (last == null) {
            return where + (resumed ? "  no test numbers yet: the checkpoint is from before epoch " + epoch + " ended"
                    : "");
        }
        // The autoencoder has no KL term and no bound: its test number is the reconstruction at z = mu.
        String test = objective == Objective.AE
                ? String.format(Locale.ROOT, "test recon %.2f nats", last.testRecon())
                : String.format(Locale.ROOT, "test ELBO%s %.2f  recon %.2f  KL %.2f nats",
                        weightedKl ? " (" + Training.BOUND + ")" : "", last.testElbo(),
                        last.testRecon(), last.testKl());
        return where + String.format(Locale.ROOT, "  after epoch %d%s: %s  AU %s", last.epoch(),
                fromCheckpoint ? " (from the checkpoint)" : "", test,
                last.activeUnits() == null ? "n/a" : last.activeUnits()); // null: one test example
    }

    @Override
    public void onFinish() {
        bar.close();
    }
}
