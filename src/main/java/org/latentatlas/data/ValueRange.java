package org.latentatlas.data;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The raw pixel range mapped onto [0, 1], written MIN:MAX on the command line ("0:255"): a raw value x becomes
 * (x - min)/(max - min).
 *
 * @param min      the raw value shown as 0
 * @param max      the raw value shown as 1
 * @param inferred read off the data (a CSV without --value-range) rather than given or fixed by the format
 */
public record ValueRange(double min, double max, boolean inferred) {
    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max <= min) {
            throw new IllegalArgumentException("value range must be finite with min < max, got " + min + ":" + max);
        }
    }

    /** A range given (--value-range) or fixed by the format (0..255 for 8-bit images). */
    public ValueRange(double min, double max) {
        this(min, max, false);
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

    /**
     * [0, max] for non-negative integers, else [min, max]; a constant column set still gets a valid range.
     *
     * @param whole whether every value outside {@code skipColumn} is a whole number ({@link #wholeNumbers})
     */
    static ValueRange infer(double[][] rows, int skipColumn, boolean whole) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                if (j != skipColumn) {
                    lo = Math.min(lo, row[j]);
                    hi = Math.max(hi, row[j]);
                }
            }
        }
        if (whole && lo >= 0) {
            return new ValueRange(0, Math.max(1, hi), true);
        }
        return new ValueRange(lo, hi > lo ? hi : lo + 1, true);
    }

    /** Whether every value outside {@code skipColumn} is a whole number. */
    static boolean wholeNumbers(double[][] rows, int skipColumn) {
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                if (j != skipColumn && row[j] != Math.rint(row[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * L when whole-number values span a whole range of L steps, so every pixel is a count k/L (what a Binomial
     * likelihood needs); 0 when the pixels are not counts (real values, or a range with a fractional end).
     */
    int levels(boolean wholeValues) {
        double span = max - min;
        boolean counts = wholeValues && min == Math.rint(min) && max == Math.rint(max) && span <= Integer.MAX_VALUE;
        return counts ? (int) span : 0;
    }

    boolean contains(double v) {
        return v >= min && v <= max;
    }

    /** v mapped onto [0, 1]; v must lie in the range ({@link #contains}). */
    float scale(double v) {
        return (float) ((v - min) / (max - min));
    }

    /**
     * The mapping with its numbers, for protocols, so nats of a density on [0, 1] can be converted back to the raw
     * values: "x/255 in [0,1]", "(x + 3.09)/8.09 in [0,1], from the data's range -3.09..5".
     */
    public String describe() {
        String offset = min == 0 ? "x" : "(x " + (min < 0 ? "+ " + fmt(-min) : "- " + fmt(min)) + ")";
        return offset + "/" + fmt(max - min) + " in [0,1]"
                + (inferred ? ", from the data's range " + fmt(min) + ".." + fmt(max) : "");
    }

    /** As --value-range takes it: "0:255". */
    public String option() {
        return fmt(min) + ":" + fmt(max);
    }

    @Override
    public String toString() {
        return "[" + fmt(min) + ", " + fmt(max) + "]";
    }

    /** Ten significant digits, no trailing zeros: 5 + 3.09 prints as 8.09, not 8.090000000000002. */
    private static String fmt(double v) {
        return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }
}
