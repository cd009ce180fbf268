package org.latentatlas.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each named tensor lives in the flat parameter array: parameters, gradients and both Adam moments are
 * four {@code float[]} of {@link #size()} floats, and a layer is a pair of offsets into them. The order is
 * {@link VaeConfig#tensorShapes()}'s, which is also the model file's.
 *
 * <p>One tensor is stored transposed in memory: the data layer's weight ({@value #DATA_LAYER}), kept input-major,
 * (in, out), where the file and PyTorch have (out, in). Its input is mostly zeros for binarized images, and
 * input-major, each non-zero input's contribution to the forward pass is one contiguous run of weights, and the
 * weight gradient's rows are contiguous runs too; stored (out, in), both passes had to transpose it every step
 * (docs/benchmark-history.md, twenty-first round). So the file's data section is the flat array in file order,
 * {@link #toFileOrder}, and a file's tensors come back through {@link #toMemoryOrder}.
 *
 * @param slots every tensor in array order, contiguous from 0
 */
public record ParameterLayout(List<Slot> slots) {

    /** The linear layer whose weight is stored input-major: the first layer of the encoder, which reads the data. */
    public static final String DATA_LAYER = "encoder.0";

    /**
     * One tensor: {@code length} floats from {@code offset}, row-major with {@code shape} (its shape in the file), or,
     * when {@code transposed} (a matrix only), row-major with the shape reversed: (in, out) for a weight (out, in).
     */
    public record Slot(String name, int offset, List<Integer> shape, boolean transposed) {
        public Slot {
            shape = List.copyOf(shape);
            if (offset < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' offset must be >= 0, got " + offset);
            }
            if (transposed && shape.size() != 2) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + shape
                        + "; only a matrix can be stored transposed");
            }
        }

        /** A tensor stored in the file's order. */
        public Slot(String name, int offset, List<Integer> shape) {
            this(name, offset, shape, false);
        }

        /**
         * Where the file's element {@code index} of this tensor (row-major in {@link #shape()}, from 0) lies in the flat
         * array: {@code offset + index} unless the tensor is stored transposed.
         */
        public int memoryIndex(int index) {
            if (!transposed) {
                return offset + index;
            }
            int cols = shape.get(1);
            return offset + (index % cols) * shape.get(0) + index / cols;
        }

        /** Floats in this tensor: the product of its shape. */
        public int length() {
            return shape.stream().reduce(1, Math::multiplyExact);
        }

        /** One past the last float. */
        public int end() {
            return offset + length();
        }
    }

    public ParameterLayout {
        slots = List.copyOf(slots);
        int expected = 0;
        for (Slot s : slots) {
            if (s.offset() != expected) {
                throw new IllegalArgumentException("tensor '" + s.name() + "' starts at " + s.offset()
                        + ", expected " + expected + " (slots must be contiguous from 0)");
            }
            expected = s.end();
        }
    }

    /**
     * The layout of a config's parameters: per linear layer, {@code weight (out, in)} then {@code bias (out)};
     * then {@code likelihood.logsigma} when the likelihood learns σ.
     */
    public static ParameterLayout of(VaeConfig config) {
        config.parameterCount(); // rejects configs too large for one array before offsets can overflow
        List<Slot> slots = new ArrayList<>();
        int offset = 0;
        for (VaeConfig.LinearSpec l : config.linears()) {
            Slot weight = new Slot(l.name() + ".weight", offset, List.of(l.out(), l.in()),
                    l.name().equals(DATA_LAYER));
            Slot bias = new Slot(l.name() + ".bias", weight.end(), List.of(l.out()));
            slots.add(weight);
            slots.add(bias);
            offset = bias.end();
        }
        int learned = config.learnedLikelihoodCount();
        if (learned > 0) {
            slots.add(new Slot(Likelihood.LEARNED_TENSOR, offset, List.of(learned)));
        }
        return new ParameterLayout(slots);
    }

    /** The flat array {@code memory} (this layout's size) with every tensor in the file's order: a new array. */
    public float[] toFileOrder(float[] memory) {
        return reordered(memory, true, "toFileOrder");
    }

    /** The inverse of {@link #toFileOrder}: a flat array in the file's order as this layout keeps it; a new array. */
    public float[] toMemoryOrder(float[] file) {
        return reordered(file, false, "toMemoryOrder");
    }

    /** A copy of {@code values} with every transposed slot turned: (in, out) to (out, in) {@code toFile}, else back. */
    private float[] reordered(float[] values, boolean toFile, String what) {
        if (values.length != size()) {
            throw new IllegalArgumentException(what + " needs " + size() + " floats (this layout's size), got "
                    + values.length);
        }
        float[] result = values.clone();
        for (Slot s : slots) {
            if (s.transposed()) {
                int out = s.shape().get(0);
                int in = s.shape().get(1);
                transpose(values, s.offset(), toFile ? in : out, toFile ? out : in, result);
            }
        }
        return result;
    }

    /** dst (cols, rows) at off = src (rows, cols) at off, transposed. */
    private static void transpose(float[] src, int off, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[off + c * rows + r] = src[off + r * cols + c];
            }
        }
    }

    /** Floats in the whole flat array. */
    public int size() {
        return slots.isEmpty() ? 0 : slots.get(slots.size() - 1).end();
    }

    /** The slot of a tensor by its file name, e.g. {@code "encoder.0.weight"}. */
    public Slot slot(String tensorName) {
        for (Slot s : slots) {
            if (s.name().equals(tensorName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no tensor named '" + tensorName + "'; the layout has "
                + slots.stream().map(Slot::name).toList());
    }

    /** Offset of a tensor by its file name, e.g. {@code "mu.bias"}. */
    public int offset(String tensorName) {
        return slot(tensorName).offset();
    }

    /**
     * Offset of a linear layer's weight, by the layer's name, e.g. {@code "encoder.0"}: (out, in) from there, or
     * (in, out) for the {@link #DATA_LAYER} ({@link Slot#transposed()}).
     */
    public int weightOffset(String linearName) {
        return offset(linearName + ".weight");
    }

    /** Offset of a linear layer's bias (out), by the layer's name, e.g. {@code "decoder.2"}. */
    public int biasOffset(String linearName) {
        return offset(linearName + ".bias");
    }
}
