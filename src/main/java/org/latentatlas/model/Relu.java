package org.latentatlas.model;

/** The rectifier max(0, x), applied in place: the layer output doubles as the mask for the backward pass. */
public final class Relu {
    private Relu() {}

    /** y (n) = max(0, y), in place. */
    public static void forward(float[] y, int n) {
        for (int i = 0; i < n; i++) {
            if (y[i] < 0f) {
                y[i] = 0f;
            }
        }
    }

    /** dy (n) = y > 0 ? dy : 0, in place, where y is the activated output. */
    public static void backward(float[] y, float[] dy, int n) {
        for (int i = 0; i < n; i++) {
            if (y[i] <= 0f) {
                dy[i] = 0f;
            }
        }
    }
}
