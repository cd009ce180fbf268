package org.latentatlas.model;

import org.latentatlas.math.Gemm;
import org.latentatlas.math.SparseBatch;
import org.latentatlas.math.VectorOps;
import org.latentatlas.math.WeightUpdate;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}, PyTorch's {@code nn.Linear}: the weight is stored (out, in) at
 * {@code weightOffset} and the bias (out) right after it, both inside one flat parameter array. The layer
 * owns no numbers, only where its numbers live, so parameters, gradients and Adam moments share one layout.
 *
 * <p>An input-major layer stores W transposed, (in, out), as {@link ParameterLayout} keeps the data layer: the
 * same numbers from the same products, each element of y, dW and dx one fma chain in the same order, so the results
 * are bitwise those of the (out, in) layer.
 */
public final class Linear {
    private final String name;
    private final int in;
    private final int out;
    private final int weightOffset;
    private final int biasOffset;
    private final boolean inputMajor;

    /**
     * A layer whose weight starts at {@code weightOffset} of the flat arrays: the caller ({@link ParameterLayout},
     * through {@link Mlp}) lays layers out one after another, so two layers never overlap.
     *
     * @param name the PyTorch-style prefix of its tensors ({@code "encoder.0"}), for messages and the file
     */
    public Linear(String name, int in, int out, int weightOffset) {
        this(name, in, out, weightOffset, false);
    }

    /** As above, with W stored (in, out) when {@code inputMajor}. */
    public Linear(String name, int in, int out, int weightOffset, boolean inputMajor) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.weightOffset = weightOffset;
        this.biasOffset = weightOffset + in * out;
        this.inputMajor = inputMajor;
    }

    /** The tensors' name prefix, {@code name + ".weight"} and {@code name + ".bias"} in the model file. */
    public String name() {
        return name;
    }

    /** Input width: the columns of x and of W. */
    public int in() {
        return in;
    }

    /** Output width: the columns of y, the rows of W. */
    public int out() {
        return out;
    }

    /** Whether W is stored (in, out), not (out, in). */
    public boolean inputMajor() {
        return inputMajor;
    }

    /** Where W (out, in), or (in, out) when input-major, starts in the flat arrays (parameters, gradients, moments). */
    public int weightOffset() {
        return weightOffset;
    }

    /** Where b (out) starts: right after W. */
    public int biasOffset() {
        return biasOffset;
    }

    /** One past this layer's last parameter. */
    public int end() {
        return biasOffset + out;
    }

    /**
     * y (batch, out) = x (batch, in) · Wᵀ + b: the whole layer in one call. {@link Mlp} runs the same numbers in
     * pieces ({@link #product}, then the bias fused with the activation), so this pair, forward and
     * {@link #backward}, is what the tests hold those pieces to.
     */
    public void forward(float[] params, float[] x, int batch, float[] y) {
        product(params, x, batch, y);
        addBias(params, y, batch);
    }

    /** y (batch, out) = x (batch, in) · Wᵀ, without the bias (which {@code Mlp} adds together with the ReLU). */
    void product(float[] params, float[] x, int batch, float[] y) {
        if (inputMajor) {
            Gemm.ab(x, 0, params, weightOffset, y, 0, batch, out, in, false);
        } else {
            Gemm.abT(x, 0, params, weightOffset, y, 0, batch, out, in, false);
        }
    }

    /** y (batch, out) = x · Wᵀ for an x indexed in {@code sparseX}, without the bias: the same numbers, zeros skipped. */
    void product(float[] params, SparseBatch sparseX, int batch, float[] y) {
        if (inputMajor) {
            sparseX.forwardInputMajor(params, weightOffset, out, y);
        } else {
            sparseX.forward(params, weightOffset, out, y);
        }
    }

    /** y (batch, out) += b on every row. */
    void addBias(float[] params, float[] y, int batch) {
        VectorOps.addBiasRows(y, 0, params, biasOffset, batch, out);
    }

    /**
     * Writes this layer's parameter gradients (over whatever {@code grads} held there) and, when {@code dx} is not
     * null, writes the input gradient, or adds it with {@code accumulateDx} (for an input that feeds more than one
     * layer). Written rather than added, so a training step never has to clear the gradient array first.
     *
     * @param x  (batch, in) the input the forward pass saw
     * @param dy (batch, out) the loss gradient with respect to y
     * @param dx (batch, in) output: the loss gradient with respect to x, or null when nobody needs it
     */
    public void backward(float[] params, float[] grads, float[] x, float[] dy, int batch,
                         float[] dx, boolean accumulateDx) {
        biasGradient(dy, grads, batch);
        weightAndInputGradients(params, grads, x, null, dy, batch, dx, accumulateDx);
    }

    /**
     * {@link #backward} but for the bias gradient, which {@code Mlp} writes together with the ReLU's; with the weight
     * gradient read from {@code sparseX} (x indexed) when it is not null.
     */
    void weightAndInputGradients(float[] params, float[] grads, float[] x, SparseBatch sparseX, float[] dy, int batch,
                                 float[] dx, boolean accumulateDx) {
        weightAndInputGradients(params, grads, x, sparseX, dy, batch, dx, accumulateDx, null);
    }

    /**
     * As above, with the weight gradient handed a block at a time to {@code update} (the weights updated as it comes
     * out, see {@link WeightUpdate}) instead of written to {@code grads}, when {@code update} is not null.
     */
    void weightAndInputGradients(float[] params, float[] grads, float[] x, SparseBatch sparseX, float[] dy, int batch,
                                 float[] dx, boolean accumulateDx, WeightUpdate update) {
        if (update != null) {
            // dx first: it reads the weights the update is about to change
            inputGradient(params, dy, batch, dx, accumulateDx);
            update.claim(weightOffset, out * in);
            if (inputMajor && sparseX != null) {
                sparseX.weightGradientInputMajor(dy, out, null, out, update, weightOffset);
            } else if (inputMajor) {
                Gemm.aTb(x, 0, dy, 0, update, weightOffset, in, out, batch);
            } else if (sparseX != null) {
                sparseX.weightGradient(dy, out, update, weightOffset, null);
            } else {
                Gemm.aTb(dy, 0, x, 0, update, weightOffset, out, in, batch);
            }
            return;
        }
        if (inputMajor && sparseX != null) {
            sparseX.weightGradientInputMajor(dy, out, null, out, grads, weightOffset);
        } else if (inputMajor) {
            // dWᵀ (in, out) = xᵀ (in, batch) · dy (batch, out), every sum the same chain as the (out, in) product's
            Gemm.aTb(x, 0, dy, 0, grads, weightOffset, in, out, batch, false);
        } else if (sparseX != null) {
            sparseX.weightGradient(dy, out, grads, weightOffset);
        } else {
            // dW (out, in) = dyᵀ (out, batch) · x (batch, in): written, so nobody has to clear it between steps and the
            // product need not load it (every sum starts from +0 either way: the same bits as adding onto zeros)
            Gemm.aTb(dy, 0, x, 0, grads, weightOffset, out, in, batch, false);
        }
        inputGradient(params, dy, batch, dx, accumulateDx);
    }

    /** dx (batch, in) [+]= dy (batch, out) · W (out, in), W read as it is stored, when dx is not null. */
    void inputGradient(float[] params, float[] dy, int batch, float[] dx, boolean accumulateDx) {
        if (dx == null) {
            return;
        }
        if (inputMajor) {
            Gemm.abT(dy, 0, params, weightOffset, dx, 0, batch, in, out, accumulateDx);
        } else {
            Gemm.ab(dy, 0, params, weightOffset, dx, 0, batch, in, out, accumulateDx);
        }
    }

    /** db (out) = the column sums of dy (batch, out), written. */
    void biasGradient(float[] dy, float[] grads, int batch) {
        VectorOps.sumRows(dy, 0, grads, biasOffset, batch, out);
    }
}
