package org.latentatlas.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hidden-layer nonlinearity. ReLU and tanh can recover their derivative from their output, so they run in
 * place; SiLU and GELU need the pre-activation, so {@link Mlp} keeps it for them.
 *
 * <p>GELU is the tanh approximation (Hendrycks &amp; Gimpel 2016, eq. 2; PyTorch's
 * {@code GELU(approximate="tanh")}): {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}. It is chosen over the erf
 * form because the browser has {@code Math.tanh} but no erf, and the explorer must decode exactly as Java does.
 */
public enum Activation {
    RELU("relu", false),
    TANH("tanh", false),
    /** x·σ(x) (Elfwing et al. 2018; also "swish"). */
    SILU("silu", true),
    GELU("gelu", true);

    private static final double GELU_C = Math.sqrt(2 / Math.PI);
    private static final double GELU_A = 0.044715;

    private final String spec;
    private final boolean needsInput;

    Activation(String spec, boolean needsInput) {
        this.spec = spec;
        this.needsInput = needsInput;
    }

    public static final List<String> NAMES = Arrays.stream(values()).map(Activation::spec).toList();

    public String spec() {
        return spec;
    }

    /** Whether {@link #backward} needs the pre-activation (else the output suffices and forward runs in place). */
    public boolean needsInput() {
        return needsInput;
    }

    public static Activation parse(String name) {
        String s = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.spec.equals(s)) {
                return a;
            }
        }
        throw new InvalidSettingException(VaeConfig.class, "activation", "activation", "must be one of "
                + String.join(", ", NAMES), name);
    }

    /** f(v) in double: the oracle the float paths round from. */
    public double apply(double v) {
        return switch (this) {
            case RELU -> Math.max(0, v);
            case TANH -> StrictMath.tanh(v);
            case SILU -> v / (1 + StrictMath.exp(-v));
            case GELU -> 0.5 * v * (1 + StrictMath.tanh(GELU_C * (v + GELU_A * v * v * v)));
        };
    }

    /** f'(v) in double. */
    public double derivative(double v) {
        return switch (this) {
            case RELU -> v > 0 ? 1 : 0;
            case TANH -> {
                double t = StrictMath.tanh(v);
                yield 1 - t * t;
            }
            case SILU -> {
                double s = 1 / (1 + StrictMath.exp(-v));
                yield s * (1 + v * (1 - s));
            }
            case GELU -> {
                double u = GELU_C * (v + GELU_A * v * v * v);
                double t = StrictMath.tanh(u);
                yield 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * v * v);
            }
        };
    }

    /** out (n) = f(pre (n)); {@code out} may be {@code pre} when {@link #needsInput()} is false. */
    public void forward(float[] pre, float[] out, int n) {
        if (this == RELU && pre == out) {
            Relu.forward(out, n); // vectorized, in place (Mlp itself fuses its ReLUs with the bias: LiveUnits)
            return;
        }
        if (this == RELU) {
            for (int i = 0; i < n; i++) {
                out[i] = pre[i] < 0f ? 0f : pre[i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = (float) apply(pre[i]);
        }
    }

    /**
     * dy (n) ← dy ⊙ f'(·), in place.
     *
     * @param pre the pre-activation (read only when {@link #needsInput()})
     * @param out the activated output
     */
    public void backward(float[] pre, float[] out, float[] dy, int n) {
        switch (this) {
            case RELU -> Relu.backward(out, dy, n);
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    dy[i] *= 1f - out[i] * out[i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dy[i] = (float) (dy[i] * derivative(pre[i]));
                }
            }
        }
    }
}
