package org.latentatlas.text;

import java.util.List;
import java.util.regex.Pattern;

/** Lists and numbers as a sentence says them. */
public final class Words {
    // Characters no POSIX shell gives a meaning inside a word, so a word of only these needs no quotes.
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

    private Words() {}

    /** "a", "a and b", "a, b and c". */
    public static String and(List<String> items) {
        return joined(items, " and ");
    }

    /** "a", "a or b", "a, b or c". */
    public static String or(List<String> items) {
        return joined(items, " or ");
    }

    private static String joined(List<String> items, String last) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a list in words needs at least one item, got none");
        }
        int end = items.size() - 1;
        return end == 0 ? items.get(0) : String.join(", ", items.subList(0, end)) + last + items.get(end);
    }

    /**
     * A number as the user typed it: a whole number without a fraction (2, not 2.0), anything else as Java prints a
     * double (0.5, 1.0E-4). Whole numbers from 10¹⁵ up stay in Java's form, where a long would print digits the
     * double does not hold.
     */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * {@code word} as a shell takes it back unchanged, for a command line the user can copy: as is when it holds only
     * letters, digits and {@code _./=:,+@%-}, else in single quotes, each quote inside written {@code '\''}.
     */
    public static String shellWord(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
