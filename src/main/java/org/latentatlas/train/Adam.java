package org.latentatlas.train;

import org.latentatlas.math.ElementwiseOps;
import org.latentatlas.math.Gemm;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, over the flat parameter array in one loop: the moments
 * share the parameters' layout, so no per-layer bookkeeping exists.
 */
public final class Adam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[] m; // first moment, same layout as the parameters
    private final float[] v; // second moment
    private long step;

    public Adam(int size, double learningRate) {
        this(size, learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[size];
        this.v = new float[size];
    }

    public long step() {
        return step;
    }

    /** The first moment, shared: the layout of the parameters (for checkpoints). */
    public float[] firstMoment() {
        return m;
    }

    /** The second moment, shared. */
    public float[] secondMoment() {
        return v;
    }

    /** Restores a checkpointed state: both moments and the step count that drives the bias correction. */
    public void restore(float[] firstMoment, float[] secondMoment, long steps) {
        if (firstMoment.length != m.length || secondMoment.length != v.length || steps < 0) {
            throw new IllegalArgumentException("Adam state of " + firstMoment.length + "/" + secondMoment.length
                    + " floats at step " + steps + " does not fit " + m.length + " parameters");
        }
        System.arraycopy(firstMoment, 0, m, 0, m.length);
        System.arraycopy(secondMoment, 0, v, 0, v.length);
        step = steps;
    }

    /**
     * One update of {@code params} from {@code grads}, as in PyTorch's {@code torch.optim.Adam}.
     *
     * @return whether every gradient and every updated parameter is finite (see {@link DivergenceGuard})
     */
    public boolean update(float[] params, float[] grads) {
        return update(params, grads, learningRate);
    }

    /**
     * One update with this step's learning rate (for a schedule); returns as {@link #update(float[], float[])}.
     * {@code grads} is left as it was: the next backward pass writes it whole ({@code Vae.backward}), so there is
     * no {@code zero_grad()} to run.
     */
    public boolean update(float[] params, float[] grads, double learningRate) {
        step++;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        double correction1 = 1 - StrictMath.pow(beta1, step);
        double correction2 = 1 - StrictMath.pow(beta2, step);
        float stepSize = (float) (learningRate / correction1);
        float rootCorrection2 = (float) Math.sqrt(correction2);
        float eps = (float) epsilon;
        if (Gemm.isVectorized() && params.length == m.length && grads.length == m.length) {
            return ElementwiseOps.adam(params, grads, m, v, b1, b2, stepSize, rootCorrection2, eps);
        }
        boolean finite = true;
        for (int i = 0; i < params.length; i++) {
            float g = grads[i];
            float mi = b1 * m[i] + (1 - b1) * g;
            float vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] -= stepSize * mi / ((float) Math.sqrt(vi) / rootCorrection2 + eps);
            finite &= Float.isFinite(g) && Float.isFinite(params[i]);
        }
        return finite;
    }
}
