package org.latentatlas.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.TrainingListener;

/**
 * A progress bar over all training steps whose message shows the epoch and the last test ELBO, recon and KL.
 * On a terminal it redraws one line; elsewhere (pipes, CI, tests) it logs plain ASCII lines to the error
 * stream every couple of seconds, so logs stay readable.
 */
final class ProgressListener implements TrainingListener {
    private final PrintWriter err;
    private final boolean interactive;
    private ProgressBar bar;
    private int stepsPerEpoch;
    private int epochs;
    private double beta;
    private EpochMetrics last;
    private String lastLogged; // the last line written to a non-terminal stream

    ProgressListener(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax((long) epochs * stepsPerEpoch)
                .setUnit(" steps", 1)
                .setMaxRenderedLength(160);
        if (interactive) {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200);
        } else {
            builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2000)
                    .setConsumer(new DelegatingProgressBarConsumer(this::logLine, 160));
        }
        bar = builder.build();
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch 1/%d", epochs));
    }

    /** One log line, unless it repeats the last: closing the bar renders the final state once more. */
    private void logLine(String line) {
        String stripped = line.strip();
        if (!stripped.equals(lastLogged)) {
            err.println(stripped);
            err.flush();
            lastLogged = stripped;
        }
    }

    @Override
    public void onStep(int epoch, int step, Elbo.Terms batch, double beta) {
        this.beta = beta;
        bar.stepTo((long) (epoch - 1) * stepsPerEpoch + step);
        if (last != null) {
            bar.setExtraMessage(message(last));
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        last = m;
        bar.setExtraMessage(message(m));
    }

    private String message(EpochMetrics m) {
        return String.format(Locale.ROOT, "epoch %d/%d  beta %.3g  test ELBO %.2f  recon %.2f  KL %.2f nats  AU %d",
                m.epoch(), epochs, beta, m.testElbo(), m.testRecon(), m.testKl(), m.activeUnits());
    }

    @Override
    public void onFinish() {
        bar.close();
    }
}
