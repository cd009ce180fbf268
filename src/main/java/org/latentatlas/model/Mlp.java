package org.latentatlas.model;

import java.util.List;
import org.latentatlas.math.SparseBatch;
import org.latentatlas.math.VectorOps;
import org.latentatlas.math.WeightUpdate;

/**
 * A stack of {@link Linear} layers with an {@link Activation} between them (and after the last, when
 * {@code activateLast}).
 *
 * <p>It keeps each layer's output for the backward pass in buffers sized for the largest batch seen, so a
 * training step allocates nothing. That makes an Mlp single-threaded: one instance per concurrent user.
 *
 * <p>Two shortcuts leave every number unchanged, bit for bit: a mostly-zero input (binarized pixels) is read
 * through a {@link SparseBatch} index in the first layer, and ReLU units that stayed silent for the whole batch
 * are left out of the next products ({@link LiveUnits}, {@link ThinLinear}; a thinned input that is still mostly
 * zeros is read through an index of its own). Between two thinned layers the gradient stays on the live units: the
 * later layer hands the earlier one its input gradient as the live block, not spread over the full width.
 *
 * <p>The Mlp adds its layers' biases itself: a ReLU layer's bias, ReLU and silent-unit scan are one sweep of its
 * output, and on the way back the ReLU's mask and the bias gradient one sweep of the output gradient.
 */
public final class Mlp {
    private final List<Linear> layers;
    private final boolean activateLast;
    private final Activation activation;
    private float[][] outputs = new float[0][]; // per layer: (batch, layer.out), activated where activated
    private float[][] pre = new float[0][];     // per layer: (batch, layer.out) before the activation; null if unneeded
    private float[][] deltas = new float[0][];  // per layer: (batch, layer.out), the gradient w.r.t. that output
    private int capacity;
    private float[] input; // (batch, in) the last forward input, kept by reference for backward
    /** The last input indexed by its non-zeros when it is mostly zeros (binarized images), for layer 0. */
    private final SparseBatch sparseInput = new SparseBatch();
    private final LiveUnits inputUnits = new LiveUnits(false); // the data's columns: all of them, never thinned
    private final LiveUnits[] live;  // per layer: the units of its output that fired in the last batch (ReLU)
    private final ThinLinear[] thin; // per layer: its products on the live units
    private float[] liveBiasGradient = new float[0]; // (live units) scratch of reluBackwardOnLiveUnits

    /**
     * The layers in order, the activation after each but the last, and after the last too when {@code activateLast}
     * (an encoder trunk feeding the heads; a decoder ends in the likelihood's parameters instead).
     */
    public Mlp(List<Linear> layers, boolean activateLast, Activation activation) {
        this(layers, activateLast, activation, LiveUnits.ENABLED);
    }

    /** With {@code skipSilentUnits} false every product runs on all units (tests compare the two). */
    Mlp(List<Linear> layers, boolean activateLast, Activation activation, boolean skipSilentUnits) {
        this.activation = activation;
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.activateLast = activateLast;
        this.live = new LiveUnits[layers.size()];
        this.thin = new ThinLinear[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            live[i] = new LiveUnits(skipSilentUnits);
            thin[i] = new ThinLinear();
        }
        inputUnits.clear(in());
    }

    public List<Linear> layers() {
        return layers;
    }

    public int in() {
        return layers.get(0).in();
    }

    public int out() {
        return layers.get(layers.size() - 1).out();
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        outputs = new float[layers.size()][];
        deltas = new float[layers.size()][];
        pre = new float[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            outputs[i] = new float[batch * layers.get(i).out()];
            pre[i] = activation.needsInput() && activated(i) ? new float[batch * layers.get(i).out()] : null;
            deltas[i] = new float[batch * layers.get(i).out()];
        }
        capacity = batch;
    }

    private boolean activated(int layer) {
        return layer < layers.size() - 1 || activateLast;
    }

    /**
     * Runs x (batch, in) through the stack. The returned (batch, out) buffer is owned by this MLP and is
     * overwritten by the next call; {@code x} must stay unchanged until {@link #backward} has run.
     */
    public float[] forward(float[] params, float[] x, int batch) {
        ensureCapacity(batch);
        input = x;
        float[] current = x;
        boolean sparse = sparseInput.index(x, batch, in());
        for (int i = 0; i < layers.size(); i++) {
            Linear layer = layers.get(i);
            int n = batch * layer.out();
            float[] y = activated(i) && pre[i] != null ? pre[i] : outputs[i];
            LiveUnits in = inputUnits(i);
            if (i == 0 && sparse) {
                layer.product(params, sparseInput, batch, y);
            } else if (in.isThin()) {
                thin[i].product(layer, params, current, in, batch, y);
            } else {
                layer.product(params, current, batch, y);
            }
            if (activated(i) && activation == Activation.RELU) {
                // Bias, ReLU (in place: a ReLU needs no pre-activation) and the scan for silent units, the only
                // exact zeros an activation makes, in one sweep of y.
                live[i].addBiasReluAndFind(y, batch, layer.out(), params, layer.biasOffset());
            } else {
                layer.addBias(params, y, batch);
                if (activated(i)) {
                    activation.forward(y, outputs[i], n);
                }
                live[i].clear(layer.out());
            }
            current = outputs[i];
        }
        return current;
    }

    private LiveUnits inputUnits(int layer) {
        return layer == 0 ? inputUnits : live[layer - 1];
    }

    /** Whether the last forward pass ran layer {@code i} on its live units only (tests). */
    boolean layerWasThin(int i) {
        return inputUnits(i).isThin() || live[i].isThin();
    }

    /** Whether the last forward pass read layer {@code i}'s thinned input through its sparse index (tests). */
    boolean layerReadSparseInput(int i) {
        return i > 0 && inputUnits(i).isThin() && thin[i].readSparseInput();
    }

    /** Whether the last forward pass read its input through the sparse index (mostly zeros, e.g. binarized). */
    boolean inputWasSparse() {
        return sparseInput.isIndexed();
    }

    /**
     * The (batch, out) buffer the caller fills with dL/d(output) before calling {@link #backward}; it is the
     * gradient before the last activation's mask is applied.
     */
    public float[] outputGradient(int batch) {
        ensureCapacity(batch);
        return deltas[layers.size() - 1];
    }

    /**
     * Backpropagates the gradient placed in {@link #outputGradient}: writes every layer's parameter gradients
     * into {@code grads} and dL/dx (batch, in) into {@code dx} unless it is null (added to it with
     * {@code accumulateDx}).
     */
    public void backward(float[] params, float[] grads, int batch, float[] dx, boolean accumulateDx) {
        backward(params, grads, batch, dx, accumulateDx, null);
    }

    /**
     * As above, with the layers that can hand their weight gradients to {@code update} as they come out doing so
     * (claiming their weights; see {@link WeightUpdate}), when it is not null; the rest still go to {@code grads}.
     */
    public void backward(float[] params, float[] grads, int batch, float[] dx, boolean accumulateDx,
                         WeightUpdate update) {
        float[] dyLive = null; // (batch, live[i].count) layer i's output gradient on its live units, when handed over
        for (int i = layers.size() - 1; i >= 0; i--) {
            Linear layer = layers.get(i);
            boolean dyIsLive = dyLive != null;
            float[] dy = dyIsLive ? dyLive : deltas[i];
            if (dyIsLive) {
                reluBackwardOnLiveUnits(i, dyLive, batch, grads);
            } else if (activated(i) && activation == Activation.RELU) {
                // The ReLU's mask and the bias gradient (the masked gradient's column sums) in one sweep of it.
                VectorOps.reluBackwardSumRows(deltas[i], outputs[i], batch, layer.out(), grads, layer.biasOffset());
            } else {
                if (activated(i)) {
                    activation.backward(pre[i], outputs[i], deltas[i], batch * layer.out());
                }
                layer.biasGradient(deltas[i], grads, batch);
            }
            if (i > 0 && inputUnits(i).isThin()) {
                // The layer before is a thinned ReLU layer: its gradient is needed on its live units only.
                dyLive = thin[i].backwardToLiveInputs(layer, params, grads, inputUnits(i), live[i], dy, dyIsLive,
                        batch);
                continue;
            }
            float[] layerInput = i == 0 ? input : outputs[i - 1];
            float[] layerDx = i == 0 ? dx : deltas[i - 1];
            SparseBatch sparseX = i == 0 && sparseInput.isIndexed() ? sparseInput : null;
            thin[i].backward(layer, params, grads, layerInput, sparseX, inputUnits(i), live[i], dy, dyIsLive, batch,
                    layerDx, i == 0 && accumulateDx, update);
            dyLive = null;
        }
    }

    /**
     * Layer i's ReLU mask and bias gradient on its live units only, for an output gradient handed over as the live
     * block: the mask reads the live columns of the layer's output, which layer i + 1 gathered for its product, and
     * every silent unit's bias gradient is +0, the sum of its masked zeros in the full sweep.
     */
    private void reluBackwardOnLiveUnits(int i, float[] dyLive, int batch, float[] grads) {
        LiveUnits units = live[i];
        if (liveBiasGradient.length < units.count()) {
            liveBiasGradient = new float[units.count()];
        }
        VectorOps.reluBackwardSumRows(dyLive, thin[i + 1].liveInput(), batch, units.count(), liveBiasGradient, 0);
        units.scatterColumns(liveBiasGradient, 1, grads, layers.get(i).biasOffset());
    }
}
