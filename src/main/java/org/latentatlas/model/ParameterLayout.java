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
 * (docs/benchmark-history.md, twenty-first round).
 *
 * <p>The memory array also starts {@link #head} floats in ({@link #HEAD} for a config's layout), so that the
 * data layer's weight begins on a cache line. So the file's data section is the flat array in file order,
 * {@link #toFileOrder}, {@link #parameterCount} floats, and a file's tensors come back through
 * {@link #toMemoryOrder}, {@link #size} floats; a slot's {@code offset} is where it lies in memory.
 *
 * @param head  unused floats before the first tensor in memory (zeros: the optimizer leaves a zero gradient's
 *              weight where it is)
 * @param slots every tensor in array order, contiguous from {@code head}
 */
public record ParameterLayout(int head, List<Slot> slots) {

    /** The linear layer whose weight is stored input-major: the first layer of the encoder, which reads the data. */
    public static final String DATA_LAYER = "encoder.0";

    /**
     * Where a config's memory array puts its first tensor: 12 floats (48 bytes) in. A model of any size worth the
     * speed (784 → 512: 4.3 MB of parameters) is a humongous object for G1 with the heaps {@code ./atlas} and
     * {@code bench/run} give it, which starts on a region boundary with its data 16 bytes (the array header) after
     * it; 48 bytes more put the data layer's weight, and every row of it the sparse forward pass reads (a multiple
     * of 16 floats long at 784 → 512), on cache lines, so its 64-byte loads no longer straddle two lines: that pass
     * took 201 → 134 µs a step on two threads (docs/benchmark-history.md, twenty-fifth round). The gradient and the
     * optimizer's moments, arrays of the same size, are aligned alike. Where an array lands elsewhere the offset is
     * as good as any other.
     */
    public static final int HEAD = 12;

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
        if (head < 0) {
            throw new IllegalArgumentException("head must be >= 0 floats, got " + head);
        }
        int expected = head;
        for (Slot s : slots) {
            if (s.offset() != expected) {
                throw new IllegalArgumentException("tensor '" + s.name() + "' starts at " + s.offset()
                        + ", expected " + expected + " (slots must be contiguous from the head, " + head + ")");
            }
            expected = s.end();
        }
    }

    /** A layout whose first tensor starts at 0 in memory, as in the file. */
    public ParameterLayout(List<Slot> slots) {
        this(0, slots);
    }

    /**
     * The layout of a config's parameters: per linear layer, {@code weight (out, in)} then {@code bias (out)};
     * then {@code likelihood.logsigma} when the likelihood learns σ.
     */
    public static ParameterLayout of(VaeConfig config) {
        config.parameterCount(); // rejects configs too large for one array before offsets can overflow
        List<Slot> slots = new ArrayList<>();
        int offset = HEAD;
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
        return new ParameterLayout(HEAD, slots);
    }

    /**
     * The flat array {@code memory} ({@link #size} floats) as the file has it: every tensor in the file's order,
     * without the head; a new array of {@link #parameterCount} floats.
     */
    public float[] toFileOrder(float[] memory) {
        requireLength(memory, size(), "toFileOrder", "this layout's size in memory");
        float[] file = new float[parameterCount()];
        for (Slot s : slots) {
            copy(s, memory, s.offset(), file, fileOffset(s), true);
        }
        return file;
    }

    /** The inverse of {@link #toFileOrder}: a flat array in the file's order as this layout keeps it; a new array. */
    public float[] toMemoryOrder(float[] file) {
        requireLength(file, parameterCount(), "toMemoryOrder", "this layout's parameter count");
        float[] memory = new float[size()];
        for (Slot s : slots) {
            copy(s, file, fileOffset(s), memory, s.offset(), false);
        }
        return memory;
    }

    private static void requireLength(float[] values, int expected, String what, String which) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " needs " + expected + " floats (" + which + "), got "
                    + values.length);
        }
    }

    /** A slot's floats from src to dst, a transposed slot turned: (in, out) to (out, in) {@code toFile}, else back. */
    private static void copy(Slot s, float[] src, int from, float[] dst, int to, boolean toFile) {
        if (!s.transposed()) {
            System.arraycopy(src, from, dst, to, s.length());
            return;
        }
        int rows = toFile ? s.shape().get(1) : s.shape().get(0);
        int cols = toFile ? s.shape().get(0) : s.shape().get(1);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[to + c * rows + r] = src[from + r * cols + c];
            }
        }
    }

    /** Floats in the whole flat array in memory: the head and every tensor. */
    public int size() {
        return slots.isEmpty() ? head : slots.get(slots.size() - 1).end();
    }

    /** Floats in all tensors together, the file's data section: {@link #size} less the head. */
    public int parameterCount() {
        return size() - head;
    }

    /** Where a slot's tensor starts in the file's order ({@link #toFileOrder}): its memory offset less the head. */
    public int fileOffset(Slot slot) {
        return slot.offset() - head;
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
