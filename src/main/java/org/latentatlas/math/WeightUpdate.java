package org.latentatlas.math;

/**
 * The optimizer's update, applied to a weight matrix a block at a time while the backward pass produces its
 * gradient, instead of after the whole gradient has gone to memory and come back: a weight-gradient product hands
 * each block of dW here from its scratch (at most 256 KiB, so in L2), and the update streams the weights and the
 * optimizer's moments past it. The training step is bound by memory traffic, and this saves the gradient's round
 * trip (written, read back, for every weight; see docs/benchmark-history.md, sixteenth round).
 *
 * <p>A layer that hands its tiles here {@link #claim}s its weights first; whatever is not claimed (biases, thinned
 * layers, the Gaussian heads) is updated afterwards from the gradient array as usual. Every element goes through
 * the same float operations either way, so the result does not depend on which path it took.
 */
public interface WeightUpdate {

    /**
     * Declares that the weights [offset, offset + length) will be updated through {@link #apply}, every element once
     * in this step; called by the layer (from the calling thread), before its product runs.
     */
    void claim(int offset, int length);

    /**
     * Updates the weights at {@code p + row(r)·pStride + c} from the gradient at {@code g[gOff + r·gStride + c]}, for
     * r &lt; rows and c &lt; cols, where row(r) is {@code rowOf[rowOfOff + r]}, or r when {@code rowOf} is null. May be
     * called from any thread of the pool, for disjoint tiles at once.
     */
    void apply(float[] g, int gOff, int gStride, int p, int pStride, int rows, int cols, int[] rowOf, int rowOfOff);
}
