package org.latentatlas.data;

/**
 * The raw pixel range mapped onto [0, 1], written MIN:MAX on the command line ("0:255").
 *
 * @param min the raw value shown as 0
 * @param max the raw value shown as 1
 */
public record ValueRange(double min, double max) {
    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max <= min) {
            throw new IllegalArgumentException("value range must be finite with min < max, got " + min + ":" + max);
        }
    }

    public static ValueRange parse(String text) {
        String[] parts = text.strip().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected a value range like 0:255, got '" + text + "'");
        }
        try {
            return new ValueRange(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a value range like 0:255, got '" + text + "'");
        }
    }

    /** [0, max] for non-negative integers, else [min, max]; a constant column set still gets a valid range. */
    static ValueRange infer(double[][] rows, int skipColumn) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean integers = true;
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                if (j != skipColumn) {
                    lo = Math.min(lo, row[j]);
                    hi = Math.max(hi, row[j]);
                    integers &= row[j] == Math.rint(row[j]);
                }
            }
        }
        if (integers && lo >= 0) {
            return new ValueRange(0, Math.max(1, hi));
        }
        return new ValueRange(lo, hi > lo ? hi : lo + 1);
    }

    /** The integer count a Binomial likelihood sees: max for a 0-based integer range, else 1. */
    public int levels() {
        boolean integral = min == 0 && max == Math.rint(max) && max <= Integer.MAX_VALUE;
        return integral ? (int) max : 1;
    }

    boolean contains(double v) {
        return v >= min && v <= max;
    }

    /** v mapped onto [0, 1]; v must lie in the range ({@link #contains}). */
    float scale(double v) {
        return (float) ((v - min) / (max - min));
    }

    @Override
    public String toString() {
        return "[" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
