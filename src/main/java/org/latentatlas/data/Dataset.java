package org.latentatlas.data;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of grayscale images with labels.
 *
 * @param name        what the user calls it ("digits", "fashion-mnist", a path)
 * @param height      image rows
 * @param width       image columns
 * @param pixels      (size, height*width) row-major, scaled to [0, 1]
 * @param labels      (size) class index per example, in 0..classNames.size()-1
 * @param classNames  one display name per class
 * @param levels      the pixels were integers 0..levels before scaling (16 for the digits, 255 for 8-bit
 *                    images), so {@code pixel * levels} recovers the count a Binomial likelihood needs
 * @param sha256      hex SHA-256 of the source content, for the protocol card and model metadata
 */
public record Dataset(String name, int height, int width, float[] pixels, int[] labels,
                      List<String> classNames, int levels, String sha256) {

    public Dataset {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got " + height + "x" + width);
        }
        int dim = height * width;
        if (pixels.length % dim != 0 || pixels.length / dim != labels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixels do not make "
                    + labels.length + " images of " + height + "x" + width);
        }
        classNames = List.copyOf(classNames);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
                        + " is outside 0.." + (classNames.size() - 1));
            }
        }
        if (levels < 1) {
            throw new IllegalArgumentException(name + ": levels must be positive, got " + levels);
        }
    }

    public int size() {
        return labels.length;
    }

    public int dim() {
        return height * width;
    }

    /** The examples at {@code indices}, in that order, as a new dataset. */
    public Dataset subset(int[] indices, String suffix) {
        int dim = dim();
        float[] px = new float[indices.length * dim]; // (indices.length, dim)
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * dim, px, i * dim, dim);
            lb[i] = labels[indices[i]];
        }
        return new Dataset(name + suffix, height, width, px, lb, classNames, levels, sha256);
    }

    /** Count of examples per class. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " x " + height + "x" + width + ", classes "
                + Arrays.toString(classCounts()) + "]";
    }
}
