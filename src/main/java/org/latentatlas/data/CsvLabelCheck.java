package org.latentatlas.data;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A label column that does not read as one, told as a warning: its column is named, with its count of distinct
 * values and what a class column holds. The likely cause is {@code --csv-label} counting columns from 1 (editors do,
 * the option does not), which takes the first pixel column as the label and reads the real one as a pixel; nothing
 * would fail, and the model would train with meaningless classes.
 *
 * <p>Only two things are told, both of which a class column of real data almost never shows: one value in every
 * row (no class tells any image from another; a border pixel, which a label-first image file's column 1 is, is
 * usually always 0), and class indices 0..max of which fewer than half occur (pixel intensities, not classes). Many
 * distinct values alone are no sign: sets of hundreds of classes exist, so a column of 0..255 each occurring is
 * taken as given. A warning, not a refusal: a file of one class, or a subset of a set's classes, is legitimate.
 *
 * <p>A third sign needs a second column to compare with, since uneven classes alone are legitimate (a rare disease
 * in 1 image of 50): class indices in very uneven numbers, the largest class at least {@value #UNEVEN} times the
 * smallest, while the first or last column holds class indices 0..K-1 each in a fair share of the rows (within a
 * factor 2 of the mean). That is a pixel taken as the label in a file whose label is at an end: a pixel is mostly
 * background (85 % zeros in column 2 of the digits, with classes of 2 examples), a labelled set's classes are about
 * even, and an end pixel of real images is never even class indices, being background too.
 */
final class CsvLabelCheck {
    /** How many times the smallest class the largest holds in a label column that reads as a pixel's values. */
    static final int UNEVEN = 10;

    private CsvLabelCheck() {}

    /**
     * The warning for the label column of {@code columns}, chosen by {@code spec} and read as {@code classes}, or
     * empty where it reads as a class column.
     *
     * @param rows   (n, columns) the parsed values, the label column's as 0
     * @param labels (n) the class of each row
     */
    static Optional<String> warning(Csv.Columns columns, String spec, double[][] rows, int[] labels,
                                    List<String> classes) {
        int n = labels.length;
        int[] counts = new int[classes.size()]; // (K) rows of each class
        for (int label : labels) {
            counts[label]++;
        }
        int distinct = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        int col = columns.label();
        String header = columns.headerName(col);
        String name = header != null ? header + ", " : "";
        String column = columns.file() + ": warning: the label column, column " + (col + 1) + " (" + name
                + "--csv-label " + spec + "), ";
        Optional<EvenColumn> end = evenEndColumn(columns, rows);
        String problem;
        if (n >= 2 && distinct == 1) {
            problem = "holds one value ('" + classes.get(labels[0]) + "') in all " + n + " rows: one class, which"
                    + " tells no image from another";
        } else if (distinct * 2 < classes.size()) { // only class indices can leave classes empty; names cannot
            problem = "holds " + distinct + " distinct values as class indices 0.." + (classes.size() - 1) + ": "
                    + (classes.size() - distinct) + " of its " + classes.size() + " classes would have no example";
        } else if (end.isPresent() && areIndices(classes) && uneven(counts)) {
            return Optional.of(column + "holds the class indices 0.." + (classes.size() - 1) + " in very uneven"
                    + " numbers, from " + describe(counts, largest(counts)) + " down to "
                    + describe(counts, smallest(counts)) + ", as a pixel's values are. " + end.get().offer(columns));
        } else {
            return Optional.empty();
        }
        String before = offByOne(columns, spec, rows);
        return Optional.of(column + problem + "; expected a class column: each class's index 0..K-1 or its name,"
                + " every class occurring" + (!before.isEmpty() ? before
                        : end.map(e -> ". " + e.offer(columns)).orElse("")));
    }

    /** The first or last column, other than the label column, where it holds class indices each in a fair share. */
    private static Optional<EvenColumn> evenEndColumn(Csv.Columns columns, double[][] rows) {
        for (int c : new int[] {0, columns.count() - 1}) {
            if (c == columns.label()) {
                continue;
            }
            int max = classIndices(rows, c);
            if (max < 1) {
                continue;
            }
            int[] counts = new int[max + 1]; // (K) rows of each class index in column c
            for (double[] row : rows) {
                counts[(int) row[c]]++;
            }
            double mean = (double) rows.length / counts.length;
            int least = counts[smallest(counts)];
            int most = counts[largest(counts)];
            if (least >= 2 && least * 2 >= mean && most <= mean * 2) {
                return Optional.of(new EvenColumn(c, max, least, most));
            }
        }
        return Optional.empty();
    }

    /** A column of class indices 0..{@code max}, each in {@code least}..{@code most} rows. */
    private record EvenColumn(int index, int max, int least, int most) {
        /** "Column 65, the last, holds ...: if it is the label, give --csv-label last". */
        String offer(Csv.Columns columns) {
            boolean first = index == 0;
            String header = columns.headerName(index);
            String option = header != null ? header : first ? "0" : "last";
            return "Column " + (index + 1) + (header != null ? " (" + header + ")" : "") + ", the "
                    + (first ? "first" : "last") + ", holds the class indices 0.." + max + ", each in " + least
                    + (least == most ? "" : ".." + most) + " rows, about evenly as classes are: if it is the label, give"
                    + " --csv-label " + option + (header == null && first ? " (the option counts columns from 0)" : "");
        }
    }

    private static boolean areIndices(List<String> classes) {
        for (int k = 0; k < classes.size(); k++) {
            if (!classes.get(k).equals(Integer.toString(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean uneven(int[] counts) {
        return (long) counts[smallest(counts)] * UNEVEN <= counts[largest(counts)];
    }

    /** "1531 rows (class 0)". */
    private static String describe(int[] counts, int k) {
        return counts[k] + " row" + (counts[k] == 1 ? "" : "s") + " (class " + k + ")";
    }

    private static int largest(int[] counts) {
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return best;
    }

    private static int smallest(int[] counts) {
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] < counts[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The column before a label column chosen by number, where it holds class indices: what --csv-label counted
     * from 1, as editors count, would have meant.
     */
    private static String offByOne(Csv.Columns columns, String spec, double[][] rows) {
        int before = columns.label() - 1;
        if (before < 0 || !spec.equals(Integer.toString(columns.label()))) {
            return "";
        }
        int max = classIndices(rows, before);
        if (max < 1) {
            return "";
        }
        return ". Column " + (before + 1) + ", just before it, holds the class indices 0.." + max + ", each"
                + " occurring: if it is the label, give --csv-label " + before + " (the option counts columns from 0)";
    }

    /** The largest value of column {@code c} where it holds whole numbers 0..max each occurring, else -1. */
    static int classIndices(double[][] rows, int c) {
        boolean[] seen = new boolean[Idx.MAX_INFERRED_CLASSES];
        int max = -1;
        for (double[] row : rows) {
            double v = row[c];
            if (v != Math.rint(v) || v < 0 || v >= seen.length) {
                return -1;
            }
            seen[(int) v] = true;
            max = Math.max(max, (int) v);
        }
        for (int k = 0; k <= max; k++) {
            if (!seen[k]) {
                return -1;
            }
        }
        return max;
    }
}
