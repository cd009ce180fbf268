package org.latentatlas.model;

import org.latentatlas.math.Gemm;
import org.latentatlas.math.VectorOps;

/**
 * The encoder's two heads, μ = h·W_μᵀ + b_μ and logσ² = h·W_logσ²ᵀ + b_logσ², computed as one product with
 * [W_μ; W_logσ²] (2·latent, in). The parameter file keeps the two layers apart, PyTorch's way, with μ's bias between
 * them, so their weights are copied side by side by each forward pass (2·latent·in floats, a few microseconds; Adam
 * changes them every step), and the backward pass uses that copy; in exchange one product of 2·latent
 * columns replaces two of latent each, which for latent 20 leave most of a panel (16 columns with AVX2, 32 with
 * AVX-512) empty, and the input gradient is one product instead of a product and an accumulating one. With the Vector API every element is the
 * same chain of fmas as with the separate layers (the input gradient's runs over μ's rows, then on over logσ²'s),
 * so the numbers are bitwise theirs. The scalar fallback sums each element of that gradient in double and rounds
 * it once, where the two separate products would round twice, so there it agrees within float tolerance.
 */
final class GaussianHeads {
    private final Linear mu;
    private final Linear logvar;
    private final int latent;
    private final int in;
    private final float[] weights;         // (2·latent, in) W_μ's rows, then W_logσ²'s, as the last forward read them
    private final float[] weightGradient;  // (2·latent, in)
    private float[] both = new float[0];  // (batch, 2·latent) the product, then the output gradients side by side
    private boolean gathered;              // whether a forward pass has filled weights

    GaussianHeads(Linear mu, Linear logvar) {
        if (mu.in() != logvar.in() || mu.out() != logvar.out()) {
            throw new IllegalArgumentException("the μ head is " + mu.in() + "→" + mu.out() + " but the logσ² head "
                    + logvar.in() + "→" + logvar.out());
        }
        this.mu = mu;
        this.logvar = logvar;
        this.latent = mu.out();
        this.in = mu.in();
        this.weights = new float[2 * latent * in];
        this.weightGradient = new float[2 * latent * in];
    }

    /** μ (batch, latent) and logσ² (batch, latent) of h (batch, in). */
    void forward(float[] params, float[] h, int batch, float[] outMu, float[] outLogvar) {
        int width = 2 * latent;
        float[] y = buffer(batch); // (batch, 2·latent) each row's μ, then its logσ²
        gatherWeights(params);
        gathered = true;
        Gemm.abT(h, 0, weights, 0, y, 0, batch, width, in, false);
        split(y, latent, batch, outMu, outLogvar);
        mu.addBias(params, outMu, batch);
        logvar.addBias(params, outLogvar, batch);
    }

    /**
     * Writes both heads' parameter gradients and, when {@code dh} is not null, dh (batch, in) = dμ·W_μ + dlogσ²·W_logσ²
     * with the weights of the last {@link #forward}: those its μ and logσ², and so this gradient, were computed with.
     *
     * @param h       (batch, in) the input the forward pass saw
     * @param dMu     (batch, latent) the loss gradient with respect to μ
     * @param dLogvar (batch, latent) the loss gradient with respect to logσ²
     */
    void backward(float[] params, float[] grads, float[] h, float[] dMu, float[] dLogvar, int batch, float[] dh) {
        int width = 2 * latent;
        float[] dy = buffer(batch); // (batch, 2·latent) each row's dμ, then its dlogσ²
        join(dMu, dLogvar, latent, batch, dy);
        mu.biasGradient(dMu, grads, batch);
        logvar.biasGradient(dLogvar, grads, batch);
        // dW (2·latent, in) = dyᵀ · h, then each head's rows to its own place
        Gemm.aTb(dy, 0, h, 0, weightGradient, 0, width, in, batch, false);
        System.arraycopy(weightGradient, 0, grads, mu.weightOffset(), latent * in);
        System.arraycopy(weightGradient, latent * in, grads, logvar.weightOffset(), latent * in);
        if (dh != null) {
            if (!gathered) {
                throw new IllegalStateException("the heads' input gradient needs a forward pass first: none has run");
            }
            Gemm.ab(dy, 0, weights, 0, dh, 0, batch, in, width, false);
        }
    }

    /**
     * The product's rows (batch, 2·latent) split into μ (batch, latent) and logσ² (batch, latent). The row loops live
     * here, not in {@link #forward}/{@link #backward}: a loop in those once-per-step methods made the JIT compile each
     * of them on stack replacement and again, with the products they call inlined (86 ms of C2 for the forward pass,
     * in the middle of a benchmark's timed epochs, taking a core from the step); this small method compiles in a
     * millisecond, and the callers, loop-free, stay in C1 code, which costs nothing at one call per step.
     */
    private static void split(float[] both, int latent, int batch, float[] outMu, float[] outLogvar) {
        int width = 2 * latent;
        for (int i = 0; i < batch; i++) {
            System.arraycopy(both, i * width, outMu, i * latent, latent);
            System.arraycopy(both, i * width + latent, outLogvar, i * latent, latent);
        }
    }

    /** The inverse of {@link #split}: dμ and dlogσ² (batch, latent) side by side in dy (batch, 2·latent). */
    private static void join(float[] dMu, float[] dLogvar, int latent, int batch, float[] dy) {
        int width = 2 * latent;
        for (int i = 0; i < batch; i++) {
            System.arraycopy(dMu, i * latent, dy, i * width, latent);
            System.arraycopy(dLogvar, i * latent, dy, i * width + latent, latent);
        }
    }

    private void gatherWeights(float[] params) {
        System.arraycopy(params, mu.weightOffset(), weights, 0, latent * in);
        System.arraycopy(params, logvar.weightOffset(), weights, latent * in, latent * in);
    }

    private float[] buffer(int batch) {
        if (both.length < batch * 2 * latent) {
            both = new float[batch * 2 * latent];
        }
        return both;
    }
}
