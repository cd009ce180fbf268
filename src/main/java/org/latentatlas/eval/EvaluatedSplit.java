package org.latentatlas.eval;

import java.util.Objects;
import org.latentatlas.data.Dataset;

/**
 * The examples an evaluation scores, with what its protocol card says about them.
 *
 * @param data         the split's examples, binarized once where the model was trained on binarized pixels
 * @param name         "test" or "train"
 * @param provenance   where the examples came from (whose data, split, seed, limit)
 * @param binarization "none", or how the examples were binarized
 */
public record EvaluatedSplit(Dataset data, String name, String provenance, String binarization) {
    public EvaluatedSplit {
        Objects.requireNonNull(data, "data");
        if (!"test".equals(name) && !"train".equals(name)) {
            throw new IllegalArgumentException("the split must be test or train, got " + name);
        }
        if (provenance == null || provenance.isBlank()) {
            throw new IllegalArgumentException("a protocol needs the examples' provenance, got '" + provenance + "'");
        }
        if (binarization == null || binarization.isBlank()) {
            throw new IllegalArgumentException("binarization must be \"none\" or how the examples were binarized, got '"
                    + binarization + "'");
        }
    }
}
