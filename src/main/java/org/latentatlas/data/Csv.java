package org.latentatlas.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Images stored as CSV: one image per row, pixel values row-major, optionally a header line and a label
 * column. Values are scaled to [0, 1] by a range that is given or inferred; the image shape is given or,
 * for a square number of pixel columns, inferred.
 *
 * <p>A problem in a cell is located as an editor shows it: {@code FILE: line 202, column 6 (p5): ...}, lines and
 * columns counted from 1 (blank lines too), with the column's header name when the file has a header.
 */
public final class Csv {
    private static final int MAX_BYTES = Integer.MAX_VALUE - 16; // the largest byte[] a JVM allocates

    private Csv() {}

    /**
     * How to read a CSV file.
     *
     * @param header      the first line holds column names
     * @param labelColumn column holding the labels (class indices or class names), by header name or index counted
     *                    from 0 ("last" for the last column); null when the file has no labels. Messages count
     *                    columns from 1 as editors do, and name the label column's cells with this index too
     * @param range       pixel value range, or null to infer it: [0, max] for non-negative integers, else
     *                    [min, max]; whole numbers over a whole range of L steps are counts k/L (levels L)
     * @param shape       {rows, cols}, or null to infer a square
     */
    public record Options(boolean header, String labelColumn, ValueRange range, Shape shape) {
        public static final Options DEFAULT = new Options(false, null, null, null);
    }

    /** Loads {@code file} (plain or gzip-compressed), dropping {@link #load(Path, Options, Consumer) warnings}. */
    public static Dataset load(Path file, Options options) throws DatasetException {
        return load(file, options, warning -> {});
    }

    /**
     * Loads {@code file} (plain or gzip-compressed); a label column that reads as no class column (the option
     * counted from 1, say) is told to {@code warnings}, one line naming the file, since the data still loads.
     */
    public static Dataset load(Path file, Options options, Consumer<String> warnings) throws DatasetException {
        return read(file, options, warnings).dataset();
    }

    /**
     * A loaded CSV and, for a summary, the column its labels came from: "column 1 (label)" by its header name, else
     * "column 65 (--csv-label last)" by the option, counted from 1 as messages count columns; null without labels.
     */
    public record Read(Dataset dataset, String labelColumn) {}

    /** {@link #load(Path, Options, Consumer)}, telling the label column too. */
    public static Read read(Path file, Options options, Consumer<String> warnings) throws DatasetException {
        byte[] bytes = readAll(file);
        List<Line> lines = lines(decode(file, bytes));
        if (lines.isEmpty() || (options.header() && lines.size() == 1)) {
            throw DatasetException.in(file, "expected at least one data row, got none");
        }
        CsvHints.refuseOtherSeparator(file, lines.get(0));
        CsvHints.refuseMissingOptions(file, options, lines);
        String[] names = options.header() ? cells(lines.get(0)) : null;
        List<Line> data = lines.subList(options.header() ? 1 : 0, lines.size());
        int count = cells(data.get(0)).length;
        if (names != null && names.length != count) { // else a name is paired with the wrong column's values
            throw DatasetException.in(file, "line " + lines.get(0).number() + " (the header) holds " + names.length
                    + " names, line " + data.get(0).number() + " (the first data line) holds " + count
                    + " values: expected one name per column");
        }
        int labelCol = labelIndex(file, options.labelColumn(), names, count);
        Columns columns = new Columns(file, names, count, data.get(0).number(), labelCol);
        int dim = columns.count() - (labelCol >= 0 ? 1 : 0);
        if (dim == 0) { // before the shape, whose "0x0" would not say that the file holds no image
            throw DatasetException.in(file, "expected pixel columns beside the label column (--csv-label "
                    + options.labelColumn() + "), got only the label column: the file holds labels, no images");
        }
        // a column too many is most often the class label left unnamed: said where the columns suggest which one
        Shape shape = shape(file, options.shape(), dim,
                () -> labelCol >= 0 ? null : CsvHints.labelColumnHint(names, data, count));
        double[][] rows = new double[data.size()][]; // (n, columns) as parsed, the label column as 0
        String[] labelCells = new String[rows.length]; // (n) the label column's text, or null without one
        for (int i = 0; i < rows.length; i++) {
            rows[i] = parseRow(columns, data.get(i), labelCol, labelCells, i);
        }
        Dataset dataset = assemble(columns, data, rows, labelCol, labelCells, shape, options.range(),
                Hashing.sha256Hex(bytes));
        if (labelCol >= 0) {
            CsvLabelCheck.warning(columns, options.labelColumn(), rows, dataset.labels(), dataset.classNames())
                    .ifPresent(warnings);
            String header = columns.headerName(labelCol);
            String by = header != null ? header : "--csv-label " + options.labelColumn();
            return new Read(dataset, "column " + (labelCol + 1) + " (" + by + ")");
        }
        return new Read(dataset, null);
    }

    /** A non-blank line of the file and its number there, counted from 1 as an editor counts (blank lines too). */
    record Line(int number, String text) {}

    private static List<Line> lines(String text) {
        List<String> all = text.lines().toList();
        List<Line> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String l = all.get(i).strip();
            if (!l.isEmpty()) {
                kept.add(new Line(i + 1, l));
            }
        }
        return kept;
    }

    static String[] cells(Line line) {
        return line.text().split(",", -1);
    }

    /**
     * The file's columns, to name a cell in a message: "FILE: line 202, column 6 (p5)".
     *
     * @param names     header names, or null without a header
     * @param count     values per row, set by the first data row
     * @param firstLine the number of that row's line
     * @param label     the label column, counted from 0, or -1 without one
     */
    record Columns(Path file, String[] names, int count, int firstLine, int label) {
        /**
         * "FILE: line L, column C (NAME): problem", C counted from 1 as an editor counts. Without a header, a cell
         * of the label column says so with the index --csv-label counts from 0, "column 5 (the label column,
         * --csv-label 4)", so that the two counts are seen side by side; with one, its name says which it is.
         */
        String at(Line line, int column, String problem) {
            String header = headerName(column);
            String name = header != null ? header : column == label ? "the label column, --csv-label " + label : null;
            return file + ": line " + line.number() + ", column " + (column + 1) + (name != null ? " (" + name + ")"
                    : "") + ": " + problem;
        }

        /** The header's name for {@code column}, unquoted, or null where the file has no header. */
        String headerName(int column) {
            return names != null && column < names.length ? unquoted(names[column].strip()) : null;
        }
    }

    private static byte[] readAll(Path file) throws DatasetException {
        try (ContentFile in = ContentFile.open(file)) {
            // a gzip trailer may give the last member's size alone: readRest holds the content to the limit too;
            // and one over it may be a truncated file's compressed bytes, so it is counted before it is quoted
            if (in.contentSize() > MAX_BYTES && in.contentSizeKnown() > MAX_BYTES) {
                throw DatasetException.in(file, "expected a CSV under 2 GiB, got " + in.contentSize() + " bytes");
            }
            return in.readRest(MAX_BYTES);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw DatasetException.in(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String decode(Path file, byte[] bytes) throws DatasetException {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            throw DatasetException.in(file, "starts with a UTF-8 byte-order mark (EF BB BF): expected plain text "
                    + "numbers without a BOM; re-save the file without it");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw DatasetException.in(file, "expected UTF-8 text, got bytes that are not (binary file?)");
        }
    }

    private static int labelIndex(Path file, String spec, String[] names, int columns) throws DatasetException {
        if (spec == null) {
            return -1;
        }
        if (spec.equals("last")) {
            return columns - 1;
        }
        List<String> shown = new ArrayList<>(); // as messages show the names: R's write.csv quotes them
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                shown.add(unquoted(names[i].strip()));
                if (shown.get(i).equals(spec)) {
                    return i;
                }
            }
        }
        try {
            int i = Integer.parseInt(spec);
            if (i < 0 || i >= columns) {
                throw DatasetException.settingIn(file, "label column " + i + " is out of range: the file has " + columns
                        + " columns, so an index counted from 0 is 0.." + (columns - 1) + " (as messages count them, "
                        + "columns 1.." + columns + "), or 'last' for the last");
            }
            return i;
        } catch (NumberFormatException e) {
            throw DatasetException.settingIn(file, "label column '" + spec + "' not found: expected a header name"
                    + (names != null ? " (one of " + String.join(", ", shown) + ")" : " (use --csv-header)")
                    + ", a 0-based index or 'last'");
        }
    }

    /**
     * The given shape, checked against {@code dim}, or the square {@code dim} makes.
     *
     * @param labelHint where {@code dim} is one more than the shape, which column is likely the class label and the
     *                  option that reads it ({@link CsvHints#labelColumnHint}), or null
     */
    private static Shape shape(Path file, Shape given, int dim, Supplier<String> labelHint) throws DatasetException {
        if (given != null) {
            long pixels = (long) given.rows() * given.cols();
            if (pixels != dim) {
                String hint = pixels + 1 == dim ? labelHint.get() : null;
                throw DatasetException.settingIn(file, "shape " + given + " expected " + pixels
                        + " pixel columns, the file has " + dim + (hint == null ? "" : ", one more; " + hint));
            }
            return given;
        }
        int side = (int) Math.round(Math.sqrt(dim));
        if (side * side != dim) {
            // --shape fixes it, so the command line is at fault: a setting error, not a failure of the file
            int less = (int) Math.round(Math.sqrt(dim - 1));
            String hint = dim > 1 && less * less == dim - 1 ? labelHint.get() : null;
            throw DatasetException.settingIn(file, "cannot infer the image shape: expected a square number of pixel "
                    + "columns, got " + dim + (hint == null ? "; give it with --shape ROWSxCOLS" : ", one more than "
                    + less + "x" + less + "; " + hint + ", else give the shape with --shape ROWSxCOLS"));
        }
        return new Shape(side, side);
    }

    private static double[] parseRow(Columns columns, Line line, int labelCol, String[] labelCells, int at)
            throws DatasetException {
        String[] cells = cells(line);
        if (cells.length != columns.count()) {
            throw DatasetException.in(columns.file(), "line " + line.number() + ": expected " + columns.count()
                    + " values (as on line " + columns.firstLine() + "), got " + cells.length + " (ragged rows)");
        }
        double[] row = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
            String cell = cells[j].strip();
            if (j == labelCol) { // a class index or a class name: told apart once all rows are read
                labelCells[at] = unquoted(cell);
                if (labelCells[at].isBlank()) {
                    throw new DatasetException(columns.at(line, j, "the label is empty"));
                }
                continue;
            }
            try {
                row[j] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                String note = CsvHints.separatorNote(cell); // a cell of several values: quoted shortened
                throw new DatasetException(columns.at(line, j, "expected a number, got '"
                        + (note.isEmpty() ? cell : CsvHints.shortened(cell)) + "'" + note));
            }
            if (!Double.isFinite(row[j])) {
                throw new DatasetException(columns.at(line, j, "expected a finite number, got '" + cell + "'"));
            }
        }
        return row;
    }

    private static Dataset assemble(Columns columns, List<Line> lines, double[][] rows, int labelCol,
                                    String[] labelCells, Shape shape, ValueRange given, String sha)
            throws DatasetException {
        int dim = shape.rows() * shape.cols();
        boolean whole = ValueRange.wholeNumbers(rows, labelCol);
        ValueRange range = given != null ? given : ValueRange.infer(rows, labelCol, whole);
        float[] pixels = new float[rows.length * dim]; // (n, rows*cols)
        for (int i = 0; i < rows.length; i++) {
            int p = 0;
            for (int j = 0; j < rows[i].length; j++) {
                if (j == labelCol) {
                    continue;
                }
                if (!range.contains(rows[i][j])) { // only a given range can miss a value: the option is at fault
                    // the value as the file writes it: "13", not the parsed double's "13.0"
                    throw DatasetException.setting(columns.at(lines.get(i), j, "value " + cells(lines.get(i))[j].strip()
                            + " is out of range: expected " + range + " (--value-range); give a range that holds"
                            + " every value, or leave --value-range out to infer it from the data"));
                }
                pixels[i * dim + p++] = range.scale(rows[i][j]);
            }
        }
        int[] labels = new int[rows.length]; // (n) all 0 without a label column
        List<String> names = labelCol < 0 ? List.of("unlabelled")
                : classes(columns, lines, labelCells, labelCol, labels);
        Path file = columns.file();
        int levels = range.levels(whole);
        return new Dataset(file.toString(), shape.rows(), shape.cols(), pixels, labels, names, levels, range, sha);
    }

    /** Fills {@code labels} (n) from the label column's cells and returns the class names. */
    private static List<String> classes(Columns columns, List<Line> lines, String[] cells, int col, int[] labels)
            throws DatasetException {
        double[] indices = numbers(cells);
        if (indices != null) {
            return indexedClasses(columns, lines, indices, col, labels);
        }
        refuseStrayNonIndex(columns, lines, cells, col);
        return namedClasses(columns.file(), cells, labels);
    }

    /**
     * A column of class indices but for a few cells holds typos ("7o"), not class names: read as names, sorted as
     * text, its classes would gain one and shift ("10" before "2"), and the model would train on wrong labels.
     */
    private static void refuseStrayNonIndex(Columns columns, List<Line> lines, String[] cells, int col)
            throws DatasetException {
        int indices = 0;
        int first = -1;
        for (int i = 0; i < cells.length; i++) {
            if (isWholeNumber(cells[i])) {
                indices++;
            } else if (first < 0) {
                first = i;
            }
        }
        if (first >= 0 && indices * 10L >= cells.length * 9L) {
            throw new DatasetException(columns.at(lines.get(first), col, "label '" + cells[first] + "' is not a class"
                    + " index, though the column otherwise holds class indices (" + indices + " of its " + cells.length
                    + " labels): expected an integer >= 0"));
        }
    }

    private static boolean isWholeNumber(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return v == Math.rint(v);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The cells as numbers, or null when any one is not a number (the labels are then class names). */
    private static double[] numbers(String[] cells) {
        double[] values = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            try {
                values[i] = Double.parseDouble(cells[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return values;
    }

    /** Labels written as class indices 0..K-1: the classes are named by their index. */
    private static List<String> indexedClasses(Columns columns, List<Line> lines, double[] indices, int col,
                                               int[] labels) throws DatasetException {
        int maxLabel = 0;
        for (int i = 0; i < indices.length; i++) {
            double v = indices[i];
            if (v != Math.rint(v) || v < 0) {
                throw new DatasetException(columns.at(lines.get(i), col, "label " + v
                        + " is not a class index: expected an integer >= 0 (or class names)"));
            }
            labels[i] = (int) v;
            maxLabel = Math.max(maxLabel, labels[i]);
        }
        if (maxLabel >= Idx.MAX_INFERRED_CLASSES) {
            throw DatasetException.in(columns.file(), "largest label is " + maxLabel + ", expected at most "
                    + (Idx.MAX_INFERRED_CLASSES - 1));
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= maxLabel; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    /** Labels written as class names ("top", "boot"): the classes are those names in sorted order, so the same file
     *  always numbers them alike. */
    private static List<String> namedClasses(Path file, String[] cells, int[] labels) throws DatasetException {
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(Arrays.asList(cells)));
        if (names.size() > Idx.MAX_INFERRED_CLASSES) {
            throw DatasetException.in(file, "the label column holds " + names.size() + " different class names,"
                    + " expected at most " + Idx.MAX_INFERRED_CLASSES);
        }
        for (int i = 0; i < cells.length; i++) {
            labels[i] = java.util.Collections.binarySearch(names, cells[i]);
        }
        return names;
    }

    /** "\"top\"" → "top": spreadsheets quote text cells. */
    static String unquoted(String cell) {
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") ? cell.substring(1, cell.length() - 1)
                : cell;
    }
}
