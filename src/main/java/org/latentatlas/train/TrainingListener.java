package org.latentatlas.train;

import java.util.List;

/** Hears about training as it happens: progress bars, logs, history. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /**
     * Before the first step of this run.
     *
     * @param stepsTaken Adam steps already taken: the checkpoint's for a resumed run, 0 for a fresh one
     * @param history    the epochs trained and evaluated before: the checkpoint's for a resumed run, empty for a
     *                   fresh one
     */
    default void onStart(int epochs, int stepsPerEpoch, long stepsTaken, List<EpochMetrics> history) {}

    /**
     * Before the first step of this run, with the KL weight β of the last step taken (a resumed run's), which a
     * fresh run has not: null.
     */
    default void onStart(int epochs, int stepsPerEpoch, long stepsTaken, List<EpochMetrics> history, Double beta) {
        onStart(epochs, stepsPerEpoch, stepsTaken, history);
    }

    /** After each Adam step, with the batch's sums. */
    default void onStep(int epoch, int step, Elbo.Terms batch) {}

    /** After each Adam step, with the batch's sums and the KL weight β the step used. */
    default void onStep(int epoch, int step, Elbo.Terms batch, double beta) {
        onStep(epoch, step, batch);
    }

    default void onEpoch(EpochMetrics metrics) {}

    default void onFinish() {}
}
