package org.latentatlas.train;

import org.latentatlas.model.ParameterLayout;

/**
 * Stops a run at the first non-finite loss term, gradient or weight, before anything non-finite can be written:
 * the message names the step, the epoch and the term or the tensor, and no checkpoint is written after it, so
 * the last good one stays intact.
 */
final class DivergenceGuard {
    private DivergenceGuard() {}

    static void check(BatchLoss.Result r, float[] grads, ParameterLayout layout, long step, int epoch) {
        String bad = !Double.isFinite(r.terms().recon()) ? "the reconstruction term is"
                : !Double.isFinite(r.terms().kl()) ? "the KL term is"
                : !Double.isFinite(r.loss()) ? "the loss is" : null;
        if (bad == null) {
            String tensor = firstNonFinite(grads, layout);
            bad = tensor == null ? null : "the gradient of " + tensor + " is";
        }
        if (bad != null) {
            throw diverged(step, epoch, bad);
        }
    }

    static void checkWeights(float[] params, ParameterLayout layout, long step, int epoch) {
        String tensor = firstNonFinite(params, layout);
        if (tensor != null) {
            throw diverged(step, epoch, "the update made " + tensor + " (weights) ");
        }
    }

    private static TrainingDivergedException diverged(long step, int epoch, String what) {
        return new TrainingDivergedException("training diverged at step " + step + " (epoch " + epoch + "): " + what
                + " not finite (try a smaller --lr or --clip-norm); no model was written and the last checkpoint,"
                + " if any, is left as it was");
    }

    /**
     * The tensor holding the first non-finite value, or null. Runs every step over every parameter, so the
     * common case is one flat pass; the tensor is looked up only once something is wrong.
     */
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
