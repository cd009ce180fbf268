package org.latentatlas.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each named tensor lives in the flat parameter array: parameters, gradients and both Adam moments are
 * four {@code float[]} of {@link #size()} floats, and a layer is a pair of offsets into them. The order is
 * {@link VaeConfig#tensorShapes()}'s, which is also the model file's, so the file's data section is the flat
 * array as little-endian bytes.
 *
 * @param slots every tensor in array order, contiguous from 0
 */
public record ParameterLayout(List<Slot> slots) {

    /** One tensor: {@code length} floats from {@code offset}, row-major with {@code shape}. */
    public record Slot(String name, int offset, List<Integer> shape) {
        public Slot {
            shape = List.copyOf(shape);
            if (offset < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' offset must be >= 0, got " + offset);
            }
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
            Slot weight = new Slot(l.name() + ".weight", offset, List.of(l.out(), l.in()));
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

    /** Offset of a linear layer's weight (out, in), by the layer's name, e.g. {@code "encoder.0"}. */
    public int weightOffset(String linearName) {
        return offset(linearName + ".weight");
    }

    /** Offset of a linear layer's bias (out), by the layer's name, e.g. {@code "decoder.2"}. */
    public int biasOffset(String linearName) {
        return offset(linearName + ".bias");
    }
}
