package org.latentatlas.data;

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
 */
final class CsvLabelCheck {
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
        boolean[] seen = new boolean[classes.size()];
        int distinct = 0;
        for (int label : labels) {
            if (!seen[label]) {
                seen[label] = true;
                distinct++;
            }
        }
        String problem;
        if (n >= 2 && distinct == 1) {
            problem = "holds one value ('" + classes.get(labels[0]) + "') in all " + n + " rows: one class, which"
                    + " tells no image from another";
        } else if (distinct * 2 < classes.size()) { // only class indices can leave classes empty; names cannot
            problem = "holds " + distinct + " distinct values as class indices 0.." + (classes.size() - 1) + ": "
                    + (classes.size() - distinct) + " of its " + classes.size() + " classes would have no example";
        } else {
            return Optional.empty();
        }
        int col = columns.label();
        String header = columns.headerName(col);
        String name = header != null ? header + ", " : "";
        return Optional.of(columns.file() + ": warning: the label column, column " + (col + 1) + " (" + name
                + "--csv-label " + spec + "), " + problem + "; expected a class column: each class's index 0..K-1 or its name, every"
                + " class occurring" + offByOne(columns, spec, rows));
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
