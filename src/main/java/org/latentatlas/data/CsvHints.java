package org.latentatlas.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CSV layouts that a missing option would read, told before they fail as something else: a header line without
 * {@code --csv-header} (which would fail as "not a square number of columns", or as a cell that is not a number)
 * and a column of class names without {@code --csv-label}. Each is told only where it is the likely cause: a first
 * line of text over numbers, a column of text beside numbers in the first two data lines. Both are the command
 * line's fault, so settings (exit 2).
 */
final class CsvHints {
    /** Header names that say "this column is the class". */
    private static final Set<String> LABEL_NAMES = Set.of("label", "labels", "class", "classes", "target", "y",
            "digit", "category", "class_name", "classname");

    private CsvHints() {}

    /**
     * Refuses a file read without {@code --csv-header} whose line 1 holds only text where line 2 holds numbers, and
     * one read without {@code --csv-label} whose first two data lines hold text in one column, numbers in the others.
     *
     * @param lines the file's non-blank lines
     */
    static void refuseMissingOptions(Path file, Csv.Options options, List<Csv.Line> lines) throws DatasetException {
        int first = options.header() ? 1 : 0;
        if (!options.header() && lines.size() == 1) {
            refuseHeaderAlone(file, lines.get(0));
        }
        if (lines.size() < first + 2) {
            return; // one data line: nothing to compare it with
        }
        String[] a = Csv.cells(lines.get(first));
        String[] b = Csv.cells(lines.get(first + 1));
        String[] names = options.header() ? Csv.cells(lines.get(0)) : null;
        if (a.length < 2 || a.length != b.length || (names != null && names.length != a.length)) {
            return; // ragged rows: the usual check reports them
        }
        if (!options.header()) {
            refuseUnflaggedHeader(file, options, lines.get(0), a, lines.get(1), b);
        }
        List<Integer> text = textColumns(a);
        if (options.labelColumn() == null && text.size() == 1 && text.equals(textColumns(b))) {
            int j = text.get(0);
            String spec = names != null ? Csv.unquoted(names[j].strip())
                    : j == a.length - 1 ? "last" : Integer.toString(j);
            throw DatasetException.settingIn(file, "lines " + lines.get(first).number() + " and "
                    + lines.get(first + 1).number() + " hold text in column " + (j + 1)
                    + (names != null ? " (" + spec + ")" : "") + " ('" + a[j].strip() + "', '" + b[j].strip()
                    + "') and numbers in the others: if it is the class label, give --csv-label " + spec
                    + (names == null && !spec.equals("last") ? " (the option counts columns from 0)" : ""));
        }
    }

    /**
     * Line 1 is a header read as data: it holds only text (outside a label column given) where line 2 holds numbers,
     * or, as pandas writes a frame with the default column names ({@code 0,1,...,63,label}), numbers with a cell named
     * like a class column ({@code label}, {@code target}, ...) over a number, or the column numbers 0..N-1 alone. A
     * line 1 of numbers with some other cell that does not parse (a file changed since its model trained, say) is no
     * header: that cell's error is located as any other's.
     */
    private static void refuseUnflaggedHeader(Path file, Csv.Options options, Csv.Line first, String[] names,
                                              Csv.Line second, String[] cells) throws DatasetException {
        int labelCol = givenLabelIndex(options.labelColumn(), names.length);
        List<Integer> textBelow = textColumns(cells);
        boolean allText = true;
        boolean numbersBelow = false;
        boolean classNamed = false;
        for (int j = 0; j < names.length; j++) {
            // A word like "digit" over a number names a column; over text it is a class name (a label), not a header.
            classNamed |= namesAClass(names[j]) && !textBelow.contains(j);
            if (j == labelCol) {
                continue;
            }
            if (isNumber(names[j])) {
                allText = false;
                continue;
            }
            numbersBelow |= !textBelow.contains(j);
        }
        boolean numbered = !allText && !classNamed && numberedColumns(names);
        if (!(allText ? numbersBelow : classNamed || numbered)) {
            return;
        }
        // A column of class names below the header is the label; else a column named like one.
        String label = options.labelColumn() != null ? null
                : textBelow.size() == 1 ? Csv.unquoted(names[textBelow.get(0)].strip()) : labelColumnByName(names);
        String holds = numbered ? "holds the column numbers pandas writes for a frame's unnamed columns ("
                + preview(names) + "), not data" : "holds names, not numbers (" + preview(names) + ")";
        throw DatasetException.settingIn(file, "line " + first.number() + " " + holds + ", while line "
                + second.number() + " holds numbers: it looks like a header"
                + " line; give --csv-header to read it as the column names" + (label == null ? ""
                        : ", and --csv-label " + label + " if column '" + label + "' is the class label"));
    }

    /**
     * The integers 0, 1, 2, ..., N-1 in order, N >= 3, but for at most one cell named like a class column: pandas'
     * {@code to_csv(index=False)} of a frame with default column names. As data, that line would add an image and
     * set the inferred value range by its largest number; a line of two values is too short to tell.
     */
    private static boolean numberedColumns(String[] names) {
        int next = 0;
        boolean classNamed = false;
        for (String n : names) {
            if (n.strip().equals(Integer.toString(next))) {
                next++;
            } else if (!classNamed && namesAClass(n)) {
                classNamed = true;
            } else {
                return false;
            }
        }
        return next >= 3;
    }

    /**
     * Which column is likely the class label of a file with one column more than its image takes, read without
     * {@code --csv-label}, and the option that reads it: a header name that says "class" (label, target, y, ...), else
     * the first or the last column where it holds class indices, whole numbers 0..K-1 each occurring (as the label of
     * a label-first or label-last file does, and a border pixel, nearly always 0, does not). Null where none is.
     *
     * @param names the header's names, or null without a header
     * @param data  the data lines
     * @param count values per line
     */
    static String labelColumnHint(String[] names, List<Csv.Line> data, int count) {
        String named = names != null ? labelColumnByName(names) : null;
        if (named != null) {
            int j = indexOfName(names, named);
            return "column " + (j + 1) + " is named '" + named + "': if it holds the class labels, give --csv-label "
                    + named;
        }
        List<String> columns = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        for (int j : count > 1 ? new int[] {0, count - 1} : new int[] {0}) {
            int max = classIndices(data, j);
            if (max >= 1) {
                String header = names != null ? Csv.unquoted(names[j].strip()) : null;
                columns.add((j + 1) + (header != null ? " (" + header + ")" : ""));
                options.add("--csv-label " + (header != null ? header : j == count - 1 ? "last" : "0"));
                ranges.add("0.." + max);
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        boolean one = columns.size() == 1;
        boolean fromZero = names == null && options.contains("--csv-label 0");
        return (one ? "column " : "columns ") + String.join(" and ", columns) + (one ? " holds" : " hold")
                + " the whole numbers " + String.join(" and ", ranges) + ", each occurring, as class indices do: if "
                + (one ? "it holds" : "one holds") + " the class labels, give " + String.join(" or ", options)
                + (fromZero ? " (the option counts columns from 0)" : "");
    }

    private static int indexOfName(String[] names, String unquoted) {
        for (int j = 0; j < names.length; j++) {
            if (Csv.unquoted(names[j].strip()).equals(unquoted)) {
                return j;
            }
        }
        throw new IllegalArgumentException("no column named '" + unquoted + "'");
    }

    /** The largest value of column {@code j} where each line holds a class index there, 0..max all occurring; or -1. */
    private static int classIndices(List<Csv.Line> data, int j) {
        double[][] column = new double[data.size()][1]; // (n, 1)
        for (int i = 0; i < column.length; i++) {
            String[] cells = Csv.cells(data.get(i));
            if (j >= cells.length || !isNumber(cells[j])) {
                return -1; // a ragged row or a bad cell: the usual checks report it once the option is given
            }
            column[i][0] = Double.parseDouble(cells[j].strip());
        }
        return CsvLabelCheck.classIndices(column, 0);
    }

    /**
     * Refuses a first line that holds no comma but values separated by ';', tabs or spaces (a spreadsheet's export in
     * a locale whose decimal mark is the comma, a TSV, a text matrix): read as one column, its whole line would be
     * quoted as a cell that is no number. The file's fault, not an option's: no option reads another separator.
     */
    static void refuseOtherSeparator(Path file, Csv.Line first) throws DatasetException {
        String separator = first.text().contains(",") ? null : otherSeparator(first.text());
        if (separator != null) {
            throw DatasetException.in(file, "line " + first.number() + ": values are separated by " + separator
                    + " ('" + shortened(first.text()) + "'): only commas separate values in a CSV read here; save the"
                    + " file with commas between values");
        }
    }

    /**
     * What a cell that is no number says where it holds values separated by something else than commas: ", values
     * separated by ';': only commas separate values here", or "" for any other cell.
     */
    static String separatorNote(String cell) {
        String separator = otherSeparator(cell);
        return separator == null ? "" : " (values separated by " + separator + "): only commas separate values here";
    }

    /** The cell as a message quotes it: a line read as one cell may be thousands of characters. */
    static String shortened(String cell) {
        return cell.length() <= 40 ? cell : cell.substring(0, 40) + "...";
    }

    /** "';'", "tabs" or "spaces" where {@code text} holds numbers separated so, else null. */
    private static String otherSeparator(String text) {
        if (text.contains(";")) {
            return "';'";
        }
        if (text.contains("\t")) {
            return "tabs";
        }
        String[] words = text.strip().split(" +");
        for (String w : words) {
            if (!isNumber(w)) {
                return null;
            }
        }
        return words.length >= 2 ? "spaces" : null;
    }

    /** A lone line of names is a header with no data under it, whatever shape its column count suggests. */
    private static void refuseHeaderAlone(Path file, Csv.Line line) throws DatasetException {
        String[] names = Csv.cells(line);
        if (names.length >= 2 && textColumns(names).size() == names.length) {
            throw DatasetException.in(file, "line " + line.number() + " holds names, not numbers (" + preview(names)
                    + "), and no line follows it: a header line with no data rows");
        }
    }

    /** The columns whose cell is not a number. */
    private static List<Integer> textColumns(String[] cells) {
        List<Integer> text = new ArrayList<>();
        for (int j = 0; j < cells.length; j++) {
            if (!isNumber(cells[j])) {
                text.add(j);
            }
        }
        return text;
    }

    /** The label column --csv-label names without a header ("last", an index), or -1 (a name, or none). */
    private static int givenLabelIndex(String spec, int columns) {
        if (spec == null) {
            return -1;
        }
        if (spec.equals("last")) {
            return columns - 1;
        }
        try {
            return Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The first header name that says "class" (label, class, target, y, ...), unquoted as --csv-label takes it. */
    private static String labelColumnByName(String[] names) {
        for (String n : names) {
            if (namesAClass(n)) {
                return Csv.unquoted(n.strip());
            }
        }
        return null;
    }

    /** A header name that says "this column is the class". */
    private static boolean namesAClass(String name) {
        return LABEL_NAMES.contains(Csv.unquoted(name.strip()).toLowerCase(Locale.ROOT));
    }

    /** "p0, p1, p2, ..., label": enough of a long header to recognize it. */
    private static String preview(String[] names) {
        List<String> shown = new ArrayList<>();
        for (String n : names) {
            shown.add(n.strip());
        }
        return shown.size() <= 5 ? String.join(", ", shown)
                : String.join(", ", shown.subList(0, 3)) + ", ..., " + shown.get(shown.size() - 1);
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
