package org.latentatlas.train;

import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Wording;

/**
 * Stops a run at the first non-finite loss term, gradient or weight, before anything non-finite can be written:
 * the message names the step, the epoch and the term or the tensor, and no checkpoint is written after it, so
 * the last good one stays intact.
 *
 * <p>The gradients and weights are not scanned here every step: Adam's step ({@link Adam.Step}) reads every
 * gradient and writes every weight anyway and reports whether all were finite (two flat passes over the parameters,
 * ~5 % of a step, saved). Only when it says no does {@link #afterUpdate} scan, to name the tensor; the gradients the
 * step took during the backward pass are not in the array, so the step keeps the first bad one's index itself.
 * Clipping cannot hide a bad gradient from Adam: a NaN makes the norm NaN and is left alone, an infinity turns into
 * a NaN.
 */
final class DivergenceGuard {
    private static final Wording.Mention LEARNING_RATE = new Wording.Mention(TrainConfig.class, "learningRate",
            "learning rate");
    private static final Wording.Mention CLIP_NORM = new Wording.Mention(TrainConfig.class, "clipNorm",
            "a clip norm");

    private DivergenceGuard() {}

    /** Checks the loss terms of a step, before its update is finished (most weights have moved by then). */
    static void checkLoss(BatchLoss.Result r, long step, int epoch) {
        String bad = !Double.isFinite(r.terms().recon()) ? "the reconstruction term is"
                : !Double.isFinite(r.terms().kl()) ? "the KL term is"
                : !Double.isFinite(r.loss()) ? "the loss is" : null;
        if (bad != null) {
            throw diverged(step, epoch, bad);
        }
    }

    /**
     * Acts on Adam's verdict: when {@code finite} is false, names the first gradient tensor holding a non-finite
     * value (Adam leaves the gradients as they were), or else the weight tensor the update broke, and throws.
     */
    static void afterUpdate(boolean finite, float[] grads, float[] params, ParameterLayout layout, long step,
                            int epoch) {
        afterUpdate(finite, grads, params, layout, step, epoch, null);
    }

    /**
     * As above for a step whose update took some weights' gradients during the backward pass: those are not in
     * {@code grads} (which holds an older step's there), so the step says where the first bad one was.
     */
    static void afterUpdate(boolean finite, float[] grads, float[] params, ParameterLayout layout, long step,
                            int epoch, Adam.Step update) {
        if (finite) {
            return;
        }
        int bad = firstNonFiniteGradient(grads, update);
        if (bad >= 0) {
            throw diverged(step, epoch, "the gradient of " + tensorAt(layout, bad) + " is");
        }
        String tensor = firstNonFinite(params, layout);
        throw diverged(step, epoch, "the update made " + (tensor == null ? "a weight" : tensor) + " (weights) ");
    }

    /** The index of the first non-finite gradient of the step, claimed by its update or in the array, or -1. */
    private static int firstNonFiniteGradient(float[] grads, Adam.Step update) {
        int claimed = update == null ? -1 : update.firstNonFiniteClaimedGradient();
        int end = claimed >= 0 ? claimed : grads.length; // only an earlier one in the array can come first
        for (int i = 0; i < end; i++) {
            if (!Float.isFinite(grads[i]) && (update == null || !update.isClaimed(i))) {
                return i;
            }
        }
        return claimed;
    }

    private static TrainingDivergedException diverged(long step, int epoch, String what) {
        return new TrainingDivergedException(Wording.of("training diverged at step " + step + " (epoch " + epoch
                + "): " + what + " not finite (try a smaller ", LEARNING_RATE, " or ", CLIP_NORM, "); no model was"
                + " written and the last checkpoint, if any, is left as it was"));
    }

    /** The tensor holding the first non-finite value, or null. */
    private static String firstNonFinite(float[] values, ParameterLayout layout) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return tensorAt(layout, i);
            }
        }
        return null;
    }

    private static String tensorAt(ParameterLayout layout, int index) {
        for (ParameterLayout.Slot s : layout.slots()) {
            if (index >= s.offset() && index < s.end()) {
                return s.name();
            }
        }
        return "index " + index;
    }
}
