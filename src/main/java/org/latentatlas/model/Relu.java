package org.latentatlas.model;

import org.latentatlas.math.VectorOps;

/** The rectifier max(0, x), applied in place: the layer output doubles as the mask for the backward pass. */
public final class Relu {
    private Relu() {}

    /** y (n) = max(0, y), in place. */
    public static void forward(float[] y, int n) {
        VectorOps.reluInPlace(y, 0, n);
    }

    /** dy (n) = y > 0 ? dy : 0, in place, where y is the activated output. */
    public static void backward(float[] y, float[] dy, int n) {
        VectorOps.reluBackward(dy, 0, y, 0, n);
    }
}
