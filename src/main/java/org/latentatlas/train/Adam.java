package org.latentatlas.train;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.latentatlas.math.ElementwiseOps;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.WeightUpdate;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, over the flat parameter array: the moments share the
 * parameters' layout. A training step may hand the update to the backward pass ({@link #begin}), which applies it
 * to a layer's weights a block at a time as their gradients come out, and then updates the rest in one loop
 * ({@link Step#finish}); {@link #update} is that loop over everything.
 */
public final class Adam {
    /**
     * Whether training hands the update to the backward pass ({@link #begin}); {@code -Datlas.fusedUpdate=false}
     * keeps it after the pass, to compare (the same bits either way).
     */
    public static final boolean FUSED = !"false".equalsIgnoreCase(System.getProperty("atlas.fusedUpdate"));

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final float b1; // β₁, β₂ and ε as the float loops use them
    private final float b2;
    private final float eps;
    private final float[] m; // (size) first moment, in the parameters' layout (ParameterLayout's memory order)
    private final float[] v; // (size) second moment, likewise
    private long step;
    private final Step current = new Step();

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
        this.b1 = (float) beta1;
        this.b2 = (float) beta2;
        this.eps = (float) epsilon;
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
     * One update of {@code params} from {@code grads} by PyTorch's formula ({@code torch.optim.Adam}: the step
     * lr / (1 − β₁ᵗ), the denominator √v / √(1 − β₂ᵗ) + ε), in float. Not torch's bits: 1 − β₁ and 1 − β₂ are rounded
     * here from the float β's (torch rounds them from doubles), which moves each step by up to ~6e-6 of itself
     * ({@code AdamTest.matchesPyTorchOverSeveralSteps}); changing that would change every trained model's bits.
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
        return begin(params, learningRate).finish(grads);
    }

    /**
     * Starts one update with this step's learning rate, to be handed to the backward pass as its
     * {@link WeightUpdate} and then {@link Step#finish finished}: the layers that can update their weights a block at
     * a time as their gradients come out do, and {@code finish} updates the rest from the gradient array. The step
     * is counted here. The same bits as {@link #update}: every element goes through the same operations. A step
     * whose backward pass throws stays open, and the weights and moments it reached have moved: the run it belongs
     * to is over (the trainer writes nothing after a failed step).
     */
    public Step begin(float[] params, double learningRate) {
        if (params.length != m.length) {
            throw new IllegalArgumentException("Adam holds moments for " + m.length + " parameters, got "
                    + params.length);
        }
        if (current.open) {
            throw new IllegalStateException("the previous Adam step was begun and never finished");
        }
        step++;
        double correction1 = 1 - StrictMath.pow(beta1, step);
        double correction2 = 1 - StrictMath.pow(beta2, step);
        current.start(params, (float) (learningRate / correction1), (float) Math.sqrt(correction2));
        return current;
    }

    /**
     * One Adam step in progress: the weights claimed by layers are updated as their gradient blocks arrive, the rest
     * by {@link #finish}. Reused from step to step, so a step allocates nothing here.
     */
    public final class Step implements WeightUpdate {
        private float[] params; // (size) the model's flat parameters this step updates, in m's and v's layout
        private float stepSize;
        private float rootCorrection2;
        private boolean open;
        private int[] claimed = new int[16]; // ([from, to) pairs) the weights updated through apply, in claim order
        private int claims;
        private int[] sorted = new int[16];  // ([from, to) pairs) the claims by offset
        private int[] rest = new int[16];    // ([from, to) pairs) what finish updates from the gradient array
        private volatile boolean appliedFinite;
        /** The lowest weight index whose applied gradient was not finite, for the divergence guard's message. */
        private final AtomicInteger firstBadGradient = new AtomicInteger(Integer.MAX_VALUE);

        private Step() {}

        private void start(float[] params, float stepSize, float rootCorrection2) {
            this.params = params;
            this.stepSize = stepSize;
            this.rootCorrection2 = rootCorrection2;
            claims = 0;
            appliedFinite = true;
            firstBadGradient.set(Integer.MAX_VALUE);
            open = true;
        }

        @Override
        public void claim(int offset, int length) {
            requireOpen();
            if (offset < 0 || length < 0 || offset + length > params.length) {
                throw new IllegalArgumentException("cannot claim weights [" + offset + ", " + (offset + length)
                        + ") of " + params.length + " parameters");
            }
            for (int c = 0; c < claims; c++) {
                if (offset < claimed[2 * c + 1] && claimed[2 * c] < offset + length) {
                    throw new IllegalStateException("weights [" + offset + ", " + (offset + length) + ") overlap ["
                            + claimed[2 * c] + ", " + claimed[2 * c + 1] + "), claimed before in this step");
                }
            }
            if (2 * claims + 2 > claimed.length) {
                claimed = Arrays.copyOf(claimed, 2 * claimed.length);
            }
            claimed[2 * claims] = offset;
            claimed[2 * claims + 1] = offset + length;
            claims++;
        }

        @Override
        public void apply(float[] g, int gOff, int gStride, int p, int pStride, int rows, int cols, int[] rowOf,
                          int rowOfOff) {
            boolean finite;
            if (Gemm.isVectorized()) {
                finite = ElementwiseOps.adam(params, p, pStride, rowOf, rowOfOff, g, gOff, gStride, rows, cols, m, v,
                        b1, b2, stepSize, rootCorrection2, eps);
            } else {
                finite = true;
                for (int r = 0; r < rows; r++) {
                    finite &= scalarAdam(params, rowStart(p, pStride, rowOf, rowOfOff, r), g, gOff + r * gStride,
                            cols, stepSize, rootCorrection2);
                }
            }
            if (!finite) {
                noteNonFinite(g, gOff, gStride, p, pStride, rows, cols, rowOf, rowOfOff);
            }
        }

        /** Records where a tile went wrong: the first weight whose gradient was not finite, if any. */
        private void noteNonFinite(float[] g, int gOff, int gStride, int p, int pStride, int rows, int cols,
                                   int[] rowOf, int rowOfOff) {
            appliedFinite = false;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (!Float.isFinite(g[gOff + r * gStride + c])) {
                        int at = rowStart(p, pStride, rowOf, rowOfOff, r) + c;
                        firstBadGradient.accumulateAndGet(at, Math::min);
                    }
                }
            }
        }

        /**
         * Updates every weight not claimed from {@code grads} and ends the step.
         *
         * @return whether every gradient and every updated parameter, claimed or not, is finite
         */
        public boolean finish(float[] grads) {
            requireOpen();
            open = false;
            if (grads.length != params.length) {
                throw new IllegalArgumentException("Adam got " + grads.length + " gradients for " + params.length
                        + " parameters");
            }
            int count = unclaimed();
            boolean finite;
            if (Gemm.isVectorized()) {
                finite = ElementwiseOps.adam(params, grads, m, v, rest, count, b1, b2, stepSize, rootCorrection2,
                        eps);
            } else {
                finite = true;
                for (int r = 0; r < count; r++) {
                    finite &= scalarAdam(params, rest[2 * r], grads, rest[2 * r], rest[2 * r + 1] - rest[2 * r],
                            stepSize, rootCorrection2);
                }
            }
            return finite && appliedFinite;
        }

        /**
         * The index of the first weight, among those claimed, whose gradient was not finite in this step, or -1: the
         * gradient array does not hold the claimed weights' gradients.
         */
        public int firstNonFiniteClaimedGradient() {
            int at = firstBadGradient.get();
            return at == Integer.MAX_VALUE ? -1 : at;
        }

        /** Whether the parameter at {@code index} was claimed in this step (its gradient is not in the array). */
        public boolean isClaimed(int index) {
            for (int c = 0; c < claims; c++) {
                if (index >= claimed[2 * c] && index < claimed[2 * c + 1]) {
                    return true;
                }
            }
            return false;
        }

        /** Fills {@code rest} with the complement of the claims in [0, params.length); returns its pair count. */
        private int unclaimed() {
            if (sorted.length < 2 * claims) {
                sorted = new int[claimed.length];
            }
            System.arraycopy(claimed, 0, sorted, 0, 2 * claims);
            // Claims come in backward order (last layer first); a handful per step, so insertion order suffices.
            for (int i = 1; i < claims; i++) {
                for (int j = i; j > 0 && sorted[2 * j] < sorted[2 * j - 2]; j--) {
                    swapPairs(sorted, j, j - 1);
                }
            }
            if (rest.length < 2 * claims + 2) {
                rest = new int[2 * claims + 2];
            }
            int count = 0;
            int at = 0;
            for (int c = 0; c <= claims; c++) {
                int end = c < claims ? sorted[2 * c] : params.length;
                if (end > at) {
                    rest[2 * count] = at;
                    rest[2 * count + 1] = end;
                    count++;
                }
                at = c < claims ? sorted[2 * c + 1] : at;
            }
            return count;
        }

        private void requireOpen() {
            if (!open) {
                throw new IllegalStateException("no Adam step in progress: call Adam.begin first");
            }
        }
    }

    /** Where row r of a handed-over block starts among the weights (see {@link WeightUpdate#apply}). */
    private static int rowStart(int p, int pStride, int[] rowOf, int rowOfOff, int r) {
        return p + (rowOf == null ? r : rowOf[rowOfOff + r]) * pStride;
    }

    private static void swapPairs(int[] a, int i, int j) {
        int from = a[2 * i];
        int to = a[2 * i + 1];
        a[2 * i] = a[2 * j];
        a[2 * i + 1] = a[2 * j + 1];
        a[2 * j] = from;
        a[2 * j + 1] = to;
    }

    /** The reference loop: params, m, v from {@code p}, gradients from {@code gi}; whether all stayed finite. */
    private boolean scalarAdam(float[] params, int p, float[] grads, int gi, int n, float stepSize,
                               float rootCorrection2) {
        boolean finite = true;
        for (int e = 0; e < n; e++) {
            int i = p + e;
            float g = grads[gi + e];
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
