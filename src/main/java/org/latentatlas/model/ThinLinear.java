package org.latentatlas.model;

import java.util.Arrays;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.SparseBatch;
import org.latentatlas.math.WeightUpdate;

/**
 * One {@link Linear} layer's products run on the live units only ({@link LiveUnits}): the layer's input
 * columns that are non-zero somewhere in the batch, and its output units whose gradient is not masked to zero
 * for the whole batch. The operands are gathered into small dense blocks and handed to the same GEMMs, so the
 * numbers are bitwise those of the full layer (see LiveUnits for why) and the work shrinks with the live
 * fraction: on binarized Fashion-MNIST, a 784-512-256-20 VAE's second encoder layer runs on ~80 of its 512
 * inputs and ~80 of its 256 outputs.
 *
 * <p>The gathered input is a ReLU output, and within its live columns it can still be mostly zeros (on the
 * benchmark's random inputs a 784-512-256-20 VAE's first hidden layer is ~12 % non-zero in its ~195 live
 * columns): then the forward product and the weight gradient read it through a {@link SparseBatch} index, which
 * skips the zeros and leaves every number as the GEMMs give it. The input gradient stays on the GEMM: it is
 * dense.
 *
 * <p>Holds scratch sized for the largest batch seen, and the forward pass's gathered input (and its index) for
 * the backward pass: one instance per layer of one {@link Mlp}, not thread-safe.
 */
final class ThinLinear {
    private float[] x = new float[0];  // (batch, in.count) the input's live columns, from forward for backward
    private float[] w = new float[0];  // (out, in.count) W's live input columns, from forward for backward
    private float[] wLive = new float[0]; // (out.count, in.count) W's live block, for the input gradient
    private float[] dy = new float[0]; // (batch, out.count) the output gradient's live columns
    private float[] dw = new float[0]; // (out.count, in.count) the weight gradient's live block
    private float[] dx = new float[0]; // (batch, in.count) the input gradient's live columns
    private float[] zeros = new float[0]; // (in) the silent outputs' weight gradient, for a fused update
    private final SparseBatch xIndex = new SparseBatch(); // x's non-zeros, when the last product indexed them
    private boolean readSparse; // whether the last product read x through xIndex

    /**
     * y (batch, out) = x (batch, in) · Wᵀ without the bias (the caller adds it), summing over the live inputs only;
     * {@code in} must be thin.
     */
    void product(Linear layer, float[] params, float[] input, LiveUnits in, int batch, float[] y) {
        requireOutputMajor(layer);
        int li = in.count();
        int out = layer.out();
        x = ensure(x, batch * li);
        w = ensure(w, out * li);
        in.gatherColumns(input, 0, batch, x);
        in.gatherColumns(params, layer.weightOffset(), out, w);
        readSparse = xIndex.index(x, batch, li);
        if (readSparse) {
            xIndex.forward(w, 0, out, y);
        } else {
            Gemm.abT(x, 0, w, 0, y, 0, batch, out, li, false);
        }
    }

    /** Whether the last {@link #product} read its gathered input through the sparse index (tests). */
    boolean readSparseInput() {
        return readSparse;
    }

    /**
     * {@link Linear#backward} on the live block: dW only on live rows (output units) and live columns (inputs),
     * dx only on the live inputs (zero on the silent ones, which the previous ReLU masks anyway). Runs the full
     * layer when neither side is thin. {@code in} is the input's units (not thin for the data layer), {@code out}
     * the output's; when {@code in} is thin, {@link #product} must have run on this batch with these params. The
     * bias gradient is the caller's, as the bias is in the forward pass ({@code Mlp} fuses both with the ReLU).
     *
     * @param dy       (batch, out.width) the output gradient, or (batch, out.count) when {@code dyIsLive}: already on
     *                 the live outputs, as {@link #backwardToLiveInputs} hands it to the layer before
     */
    void backward(Linear layer, float[] params, float[] grads, float[] input, SparseBatch sparseX, LiveUnits in,
                  LiveUnits out, float[] dy, boolean dyIsLive, int batch, float[] dxOut, boolean accumulateDx,
                  WeightUpdate update) {
        if (!in.isThin() && !out.isThin()) {
            layer.weightAndInputGradients(params, grads, input, sparseX, dy, batch, dxOut, accumulateDx, update);
            return;
        }
        if (layer.inputMajor()) {
            requireFullInput(in);
            inputMajorWithSilentOutputs(layer, params, grads, input, sparseX, out, dy, dyIsLive, batch, dxOut,
                    accumulateDx, update);
            return;
        }
        if (update != null && !in.isThin()) {
            updateWithSilentOutputs(layer, params, input, sparseX, in, out, dy, dyIsLive, batch, dxOut, accumulateDx,
                    update);
            return;
        }
        if (in.isThin() && dxOut != null) {
            if (accumulateDx) {
                throw new IllegalStateException("a thin input's gradient is written, not accumulated");
            }
            float[] dxLive = backwardToLiveInputs(layer, params, grads, in, out, dy, dyIsLive, batch);
            in.scatterColumns(dxLive, batch, dxOut, 0);
            return;
        }
        float[] dyLive = liveOutputGradient(out, dy, dyIsLive, batch);
        weightGradient(layer, grads, in.isThin() ? x : input, sparseX, in, out, dyLive, batch);
        fullInputGradient(layer, params, in, out, dyLive, batch, dxOut, accumulateDx);
    }

    /**
     * dx (batch, in) [+]= dy · W on the live outputs' rows of W, for a full input, when dx is not null: the input is
     * not thin, so its gradient is the whole (batch, in) product.
     */
    private void fullInputGradient(Linear layer, float[] params, LiveUnits in, LiveUnits out, float[] dyLive,
                                   int batch, float[] dxOut, boolean accumulateDx) {
        if (dxOut != null) {
            wLive = ensure(wLive, out.count() * in.count());
            gatherBlock(params, layer.weightOffset(), out, in, wLive);
            Gemm.ab(dyLive, 0, wLive, 0, dxOut, 0, batch, in.count(), out.count(), accumulateDx);
        }
    }

    /**
     * {@link #backward} for a full input and silent outputs, the weights updated as their gradient comes out: the
     * input gradient first (it reads the weights), then the live rows of dW go to the update a block at a time and
     * the silent rows with their zero gradient. (A thin input keeps writing dW to the gradient array: its live block
     * would need a column map in {@link WeightUpdate}.)
     */
    private void updateWithSilentOutputs(Linear layer, float[] params, float[] input, SparseBatch sparseX,
                                         LiveUnits in, LiveUnits out, float[] dy, boolean dyIsLive, int batch,
                                         float[] dxOut, boolean accumulateDx, WeightUpdate update) {
        float[] dyLive = liveOutputGradient(out, dy, dyIsLive, batch);
        fullInputGradient(layer, params, in, out, dyLive, batch, dxOut, accumulateDx);
        int off = layer.weightOffset();
        update.claim(off, layer.out() * layer.in());
        if (sparseX != null) {
            sparseX.weightGradient(dyLive, out.count(), update, off, out.units());
        } else {
            Gemm.aTb(dyLive, 0, input, 0, update, off, out.units(), out.count(), layer.in(), batch);
        }
        zeros = ensure(zeros, layer.in());
        out.updateSilentRows(update, off, layer.in(), zeros);
    }

    /**
     * {@link #backward} for an input-major layer (W stored (in, out): the data layer, whose input is never thin) with
     * silent outputs. The silent outputs are columns of Wᵀ, so each row of dWᵀ is written whole, or handed whole to the
     * update, with their zeros in place; and the input gradient, which the data layer never needs, runs on the full
     * width with the silent columns of dy zero (the same sums: a zero term leaves a chain from +0 unchanged).
     */
    private void inputMajorWithSilentOutputs(Linear layer, float[] params, float[] grads, float[] input,
                                             SparseBatch sparseX, LiveUnits out, float[] dy, boolean dyIsLive,
                                             int batch, float[] dxOut, boolean accumulateDx, WeightUpdate update) {
        float[] dyLive = liveOutputGradient(out, dy, dyIsLive, batch);
        int lo = out.count();
        int off = layer.weightOffset();
        if (dxOut != null) {
            this.dx = ensure(this.dx, batch * layer.out()); // (batch, out.width) dy with its silent columns zero
            out.scatterColumns(dyLive, batch, this.dx, 0);
            layer.inputGradient(params, this.dx, batch, dxOut, accumulateDx);
        }
        if (update != null) {
            update.claim(off, layer.out() * layer.in());
        }
        if (sparseX != null) {
            if (update != null) {
                sparseX.weightGradientInputMajor(dyLive, lo, out.units(), layer.out(), update, off);
            } else {
                sparseX.weightGradientInputMajor(dyLive, lo, out.units(), layer.out(), grads, off);
            }
            return;
        }
        dw = ensure(dw, layer.in() * lo);
        Gemm.aTb(input, 0, dyLive, 0, dw, 0, layer.in(), lo, batch, false); // (in, out.count): dWᵀ's live columns
        out.expandColumns(dw, layer.in(), grads, off, update);
    }

    private static void requireOutputMajor(Linear layer) {
        if (layer.inputMajor()) {
            throw new IllegalStateException("layer " + layer.name() + " stores W input-major, as only the data layer"
                    + " does, whose input is never thinned");
        }
    }

    private static void requireFullInput(LiveUnits in) {
        if (in.isThin()) {
            throw new IllegalStateException("an input-major layer reads the data, whose columns are never thinned");
        }
    }

    /**
     * {@link #backward} for a thin input, with the input gradient returned as its live block (batch, in.count)
     * instead of scattered into a (batch, in.width) array: the layer before is then a thinned ReLU layer, and
     * {@code Mlp} masks and sums only that block for it and hands it on as that layer's live output gradient,
     * which saves writing the silent columns' zeros and gathering the live ones back. The block is this layer's
     * scratch, valid until its next backward pass.
     */
    float[] backwardToLiveInputs(Linear layer, float[] params, float[] grads, LiveUnits in, LiveUnits out, float[] dy,
                                 boolean dyIsLive, int batch) {
        if (!in.isThin()) {
            throw new IllegalStateException("only a thin input's gradient is handed over as its live block");
        }
        float[] dyLive = liveOutputGradient(out, dy, dyIsLive, batch);
        weightGradient(layer, grads, x, null, in, out, dyLive, batch);
        return liveInputGradient(out, dyLive, in.count(), batch);
    }

    /** The live block of the input this layer's last product read: (batch, in.count), kept for the backward pass. */
    float[] liveInput() {
        return x;
    }

    /** dy on the live outputs: (batch, out.count), gathered from (batch, out.width) unless it is already. */
    private float[] liveOutputGradient(LiveUnits out, float[] dy, boolean dyIsLive, int batch) {
        if (dyIsLive || !out.isThin()) {
            return dy;
        }
        this.dy = ensure(this.dy, batch * out.count());
        out.gatherColumns(dy, 0, batch, this.dy);
        return this.dy;
    }

    /**
     * dW written: (out.count, in.count) = dyᵀ (out.count, batch) · x (batch, in.count) on the live block, and exactly
     * zero on the silent units' rows and columns (a silent input is zero in every row, a silent output's gradient is
     * masked to zero in every row), as the full product would write them.
     */
    private void weightGradient(Linear layer, float[] grads, float[] xLive, SparseBatch sparseX, LiveUnits in,
                                LiveUnits out, float[] dyLive, int batch) {
        int li = in.count();
        int lo = out.count();
        int off = layer.weightOffset();
        if (sparseX != null) {
            // The data layer: its input is never thin; SparseBatch writes the live outputs' rows of dW in place.
            sparseX.weightGradient(dyLive, lo, grads, off, out.isThin() ? out.units() : null);
            out.zeroSilentRows(grads, off, layer.in());
            return;
        }
        dw = ensure(dw, lo * li);
        if (in.isThin() && readSparse) {
            xIndex.weightGradient(dyLive, lo, dw, 0); // the index of xLive, from this batch's product
        } else {
            Gemm.aTb(dyLive, 0, xLive, 0, dw, 0, lo, li, batch, false);
        }
        if (in.isThin()) {
            // The block fills only the live columns of the live rows.
            Parallel.shared().forEachRange(layer.out(), (long) layer.out() * layer.in(),
                    (j0, j1) -> Arrays.fill(grads, off + j0 * layer.in(), off + j1 * layer.in(), 0f));
        } else {
            out.zeroSilentRows(grads, off, layer.in());
        }
        putBlock(dw, out, in, grads, off);
    }

    /** dx (batch, in.count) = dy · W on the live block, for a thin input: this layer's scratch. */
    private float[] liveInputGradient(LiveUnits out, float[] dyLive, int li, int batch) {
        float[] block = w; // (out.width, li): the forward pass gathered W's live columns
        if (out.isThin()) {
            // Its live rows are contiguous runs of that copy.
            wLive = ensure(wLive, out.count() * li);
            copyRows(w, li, out, wLive);
            block = wLive;
        }
        dx = ensure(dx, batch * li);
        Gemm.ab(dyLive, 0, block, 0, dx, 0, batch, li, out.count(), false);
        return dx;
    }

    /** dst (rows.count, width) = the rows' units' rows of src (rows.width, width). */
    private static void copyRows(float[] src, int width, LiveUnits rows, float[] dst) {
        int rc = rows.count();
        int[] units = rows.units();
        Parallel.shared().forEachRange(rc, (long) rc * width, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(src, units[r] * width, dst, r * width, width);
            }
        });
    }

    /**
     * block (rows.count, cols.count) = full (rows.width, cols.width) at {@code off} on the rows' and columns' units.
     */
    private static void gatherBlock(float[] full, int off, LiveUnits rows, LiveUnits cols, float[] block) {
        cols.copyColumns(full, off, rows.count(), rows.units(), block, true);
    }

    /** The inverse of {@link #gatherBlock}: the block's entries written back to their places in full. */
    private static void putBlock(float[] block, LiveUnits rows, LiveUnits cols, float[] full, int off) {
        cols.copyColumns(full, off, rows.count(), rows.units(), block, false);
    }

    private static float[] ensure(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }
}
