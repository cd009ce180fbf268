package org.latentatlas.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.latentatlas.math.Parallel;

/**
 * An immutable set of grayscale images with labels.
 *
 * @param name        what the user calls it ("digits", "fashion-mnist", a path)
 * @param height      image rows
 * @param width       image columns
 * @param pixels      (size, height*width) row-major, scaled to [0, 1]
 * @param labels      (size) class index per example, in 0..classNames.size()-1
 * @param classNames  one display name per class
 * @param levels      every pixel is a count k/levels (16 for the digits, 255 for 8-bit images, 1 once
 *                    binarized), so {@code pixel * levels} recovers the count a Binomial likelihood needs; 0 when
 *                    the pixels are not counts (a CSV of real numbers, float images)
 * @param range       the raw values mapped onto [0, 1], for protocols: [0, levels] for counts from 0
 * @param sha256      hex SHA-256 of the source content, for the protocol card and model metadata
 * @param baseName    the name of the whole set these examples were cut from: {@code name} without the suffixes
 *                    {@link #subset} added ("digits" for "digits (first 100)"). What the classes are called ("digit
 *                    3") depends on which set this is, and a subset's name no longer says so.
 */
public record Dataset(String name, int height, int width, float[] pixels, int[] labels,
                      List<String> classNames, int levels, ValueRange range, String sha256, String baseName) {

    public Dataset {
        Objects.requireNonNull(baseName, "baseName");
        if (!name.startsWith(baseName)) {
            throw new IllegalArgumentException("a dataset's name begins with its base name, got name '" + name
                    + "' and base name '" + baseName + "'");
        }
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
        if (levels < 0) {
            throw new IllegalArgumentException(name + ": levels must be >= 0 (0: not counts), got " + levels);
        }
        Objects.requireNonNull(range, "range");
    }

    /** A whole set: its own base name. */
    public Dataset(String name, int height, int width, float[] pixels, int[] labels, List<String> classNames,
                   int levels, ValueRange range, String sha256) {
        this(name, height, width, pixels, labels, classNames, levels, range, sha256, name);
    }

    /** Pixels that are counts k/levels of raw values 0..levels (levels >= 1), or values in [0, 1] (levels 0). */
    public Dataset(String name, int height, int width, float[] pixels, int[] labels, List<String> classNames,
                   int levels, String sha256) {
        this(name, height, width, pixels, labels, classNames, levels, new ValueRange(0, Math.max(1, levels)), sha256);
    }

    /**
     * Whether every pixel times n is a whole number, as a Binomial(n) likelihood needs of its data: the pixels are
     * counts k/levels and levels divides n.
     */
    public boolean countsOutOf(int n) {
        return levels > 0 && n % levels == 0;
    }

    /** What the pixels are, for messages: "k/255", "0 or 1", "not counts but (x + 3.09)/8.09 in [0,1], ...". */
    public String pixelValues() {
        return levels == 1 ? "0 or 1" : levels > 0 ? "k/" + levels : "not counts but " + range.describe();
    }

    /**
     * Why a Binomial(n) likelihood does not fit these pixels ("needs pixel values that are counts out of 16;
     * fashion-mnist's pixels are k/255"), or empty where they are counts out of n: on other pixels it would round
     * x·n to counts the data never held, and its nats would bound nothing.
     */
    public Optional<String> binomialMismatch(int n) {
        return countsOutOf(n) ? Optional.empty() : Optional.of("needs pixel values that are counts out of " + n + "; "
                + possessive(name) + " pixels are " + pixelValues());
    }

    /** "fashion-mnist's", "digits'": a name as the owner of what follows. */
    public static String possessive(String name) {
        return name + (name.endsWith("s") ? "'" : "'s");
    }

    public int size() {
        return labels.length;
    }

    public int dim() {
        return height * width;
    }

    /** The same images under another name, as a whole set of that name. */
    public Dataset named(String newName) {
        return new Dataset(newName, height, width, pixels, labels, classNames, levels, range, sha256);
    }

    /**
     * The same examples with {@code newBaseName} for the whole set's name, any suffix {@link #subset} added kept:
     * the same file named as typed rather than where it was found.
     */
    public Dataset rebased(String newBaseName) {
        return new Dataset(newBaseName + name.substring(baseName.length()), height, width, pixels, labels, classNames,
                levels, range, sha256, newBaseName);
    }

    /**
     * The examples at {@code indices}, in that order, as a new dataset named {@code name + suffix} (" (first 100)",
     * or "" for a split), cut from the same base set.
     */
    public Dataset subset(int[] indices, String suffix) {
        int dim = dim();
        float[] px = new float[indices.length * dim]; // (indices.length, dim)
        gatherRows(indices, 0, indices.length, px);
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            lb[i] = labels[indices[i]];
        }
        return new Dataset(name + suffix, height, width, px, lb, classNames, levels, range, sha256, baseName);
    }

    /** Copies the examples {@code order[first]}, … {@code order[first + count − 1]} into x (count, dim). */
    public void gatherRows(int[] order, int first, int count, float[] x) {
        gatherRows(pixels, dim(), order, first, count, x);
    }

    /**
     * x (count, dim) = the rows {@code order[first]}, … of {@code pixels} (·, dim): a minibatch. Each row lies far
     * from the last, so the copy waits on memory (~1 ns per float for a 784-pixel batch of 128): a batch that large
     * is split over the pool, whose threads wait in parallel ({@link Parallel#forEachRangeOfCopies}).
     */
    public static void gatherRows(float[] pixels, int dim, int[] order, int first, int count, float[] x) {
        Parallel.shared().forEachRangeOfCopies(count, (long) count * dim, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                System.arraycopy(pixels, order[first + i] * dim, x, i * dim, dim);
            }
        });
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
