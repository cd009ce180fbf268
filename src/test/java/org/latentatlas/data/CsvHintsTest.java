package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A CSV that a missing option would read is told so, with the option, before it fails as something else. */
class CsvHintsTest {
    @TempDir Path tmp;

    /** 64 pixel columns and a label column, named on line 1: 65 columns, not a square. */
    private Path withHeader(String labelCells) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            text.append('p').append(j).append(',');
        }
        text.append("label\n");
        for (String label : labelCells.split(",")) {
            text.append("0,".repeat(64)).append(label).append('\n');
        }
        return Files.writeString(tmp.resolve("header.csv"), text);
    }

    @Test
    void aHeaderLineReadWithoutCsvHeaderIsNamedAsOneWithTheOptionsThatReadIt() throws Exception {
        Path p = withHeader("0,1,2");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .isInstanceOf(DatasetException.class)
                .matches(e -> ((DatasetException) e).isSetting(), "a setting: an option reads the file")
                .hasMessage(p + ": line 1 holds names, not numbers (p0, p1, p2, ..., label), while line 2 holds"
                        + " numbers: it looks like a header line; give --csv-header to read it as the column names,"
                        + " and --csv-label label if column 'label' is the class label");
    }

    /** --shape 8x8 counted the header's 65 columns and said "expected 64 pixel columns, the file has 65". */
    @Test
    void aHeaderLineIsToldBeforeTheShapeCountsItsColumns() throws Exception {
        Path p = withHeader("0,1");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, null, null, new Shape(8, 8))))
                .hasMessageContaining("it looks like a header line; give --csv-header");
    }

    @Test
    void aHeaderOverClassNamesSuggestsTheirColumnAsTheLabel() throws Exception {
        Path p = Files.writeString(tmp.resolve("names.csv"), "a,b,c,d,kind\n0,1,2,3,top\n3,2,1,0,boot\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessageEndingWith("give --csv-header to read it as the column names, and --csv-label kind if"
                        + " column 'kind' is the class label");
    }

    @Test
    void aHeaderWithTheLabelAlreadyGivenAsksOnlyForCsvHeader() throws Exception {
        Path p = withHeader("0,1");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, "last", null, null)))
                .hasMessageEndingWith("give --csv-header to read it as the column names");
    }

    @Test
    void aColumnOfClassNamesWithoutCsvLabelIsNamedWithTheOptionThatReadsIt() throws Exception {
        Path p = Files.writeString(tmp.resolve("classes.csv"), "top,0,1,2,3\nboot,3,2,1,0\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .matches(e -> ((DatasetException) e).isSetting(), "a setting")
                .hasMessage(p + ": lines 1 and 2 hold text in column 1 ('top', 'boot') and numbers in the others:"
                        + " if it is the class label, give --csv-label 0 (the option counts columns from 0)");
    }

    @Test
    void underAHeaderAColumnOfClassNamesIsSuggestedByItsName() throws Exception {
        Path p = Files.writeString(tmp.resolve("named.csv"), "a,b,c,d,kind\n0,1,2,3,top\n3,2,1,0,boot\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, null, null, null)))
                .hasMessageEndingWith("if it is the class label, give --csv-label kind");
    }

    /** pandas' {@code to_csv} of a frame with default column names: numbers as names, then the class column. */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none", "last", "64"})
    void aPandasHeaderOfNumberedColumnsIsToldAsAHeader(String label) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            text.append(j).append(',');
        }
        text.append("label\n").append("0,".repeat(64)).append("3\n").append("1,".repeat(64)).append("5\n");
        Path p = Files.writeString(tmp.resolve("pandas.csv"), text);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, label, null, null)))
                .matches(e -> ((DatasetException) e).isSetting(), "a setting: an option reads the file")
                .hasMessageContaining("line 1 holds names, not numbers (0, 1, 2, ..., label), while line 2 holds"
                        + " numbers: it looks like a header line; give --csv-header");
    }

    /** Read without --csv-header, its five names had been counted as "not a square number of pixel columns". */
    @Test
    void aHeaderWithNoDataUnderItIsToldAsSuch() throws Exception {
        Path p = Files.writeString(tmp.resolve("alone.csv"), "p0,p1,p2,p3,label\n\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file: it holds no data")
                .hasMessage(p + ": line 1 holds names, not numbers (p0, p1, p2, p3, label), and no line follows"
                        + " it: a header line with no data rows");
    }

    /**
     * One bad cell is the file's fault (exit 1), located as usual, not taken for a header or a label column: on line 1
     * too, where a file of numbers that no longer parses (changed since a model trained on it) has no header to flag.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0,2,1,3|1,2,3,4|1,x,3,4; line 3, column 2",
        "0,1,x,3|1,2,3,4|4,3,2,1; line 1, column 3"})
    void aStrayTextCellIsAnOrdinaryErrorOfTheFileOnAnyLine(String lines, String at) throws Exception {
        Path p = Files.writeString(tmp.resolve("stray.csv"), lines.replace('|', '\n') + "\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file")
                .hasMessage(p + ": " + at + ": expected a number, got 'x'");
    }

    @Test
    void aFileWithItsHeaderFlaggedReadsAsBefore() throws Exception {
        Dataset d = Csv.load(withHeader("0,1,1"), new Csv.Options(true, "label", null, null));
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(8);
    }

    /** With --csv-label naming the column, its words are class names, however much they read like a header's. */
    @ParameterizedTest
    @CsvSource({"digit", "y", "label", "class", "target", "category"})
    void aClassNamedLikeALabelColumnInTheGivenLabelColumnIsData(String name) throws Exception {
        Path p = Files.writeString(tmp.resolve("words.csv"), "1,2,3,4," + name + "\n5,6,7,8,letter\n");
        Dataset d = Csv.load(p, new Csv.Options(false, "last", null, null));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.classNames()).containsExactlyInAnyOrder(name, "letter");
    }

    /** A header still needs a name outside the label column given, or a class-like name over a class index. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"a,b,c,d,label|1,2,3,4,top", "1,2,3,4,label|5,6,7,8,0"})
    void aHeaderOverTheGivenLabelColumnIsStillTold(String lines) throws Exception {
        Path p = Files.writeString(tmp.resolve("header.csv"), lines.replace('|', '\n') + "\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, "last", null, null)))
                .hasMessageContaining("line 1 holds names, not numbers")
                .hasMessageEndingWith("it looks like a header line; give --csv-header to read it as the column names");
    }

    /**
     * pandas' {@code to_csv(index=False)} of a frame with default column names and the class as one more numbered
     * column: read as data, line 1 had added an image and set the range by its 64 (digits 0..16 scaled by 63).
     */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none, 64", "last, 65", "64, 65"})
    void aLineOfTheColumnNumbersInOrderIsToldAsAHeader(String label, int columns) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < columns; j++) {
            text.append(j).append(j < columns - 1 ? "," : "\n");
        }
        text.append("16,".repeat(columns - 1)).append("3\n").append("0,".repeat(columns - 1)).append("5\n");
        Path p = Files.writeString(tmp.resolve("numbered.csv"), text);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, label, null, null)))
                .matches(e -> ((DatasetException) e).isSetting(), "a setting: an option reads the file")
                .hasMessage(p + ": line 1 holds the column numbers pandas writes for a frame's unnamed columns (0, 1,"
                        + " 2, ..., " + (columns - 1) + "), not data, while line 2 holds numbers: it looks like a"
                        + " header line; give --csv-header to read it as the column names");
    }

    @Test
    void threeColumnNumbersInOrderAreAHeaderToo() throws Exception {
        Path p = Files.writeString(tmp.resolve("three.csv"), "0,1,2\n5,6,7\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, null, null, new Shape(1, 3))))
                .hasMessageContaining("line 1 holds the column numbers pandas writes");
    }

    /** Two values are too few to tell column numbers from data; numbers out of order are data. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"0,1|1,0; 1x2", "1,0,2,3|3,2,1,0; 2x2", "0,1,2,4|4,2,1,0; 2x2"})
    void aLineThatIsNotTheColumnNumbersInOrderIsData(String lines, String shape) throws Exception {
        Path p = Files.writeString(tmp.resolve("data.csv"), lines.replace('|', '\n') + "\n");
        Dataset d = Csv.load(p, new Csv.Options(false, null, null, Shape.parse(shape)));
        assertThat(d.size()).isEqualTo(2);
    }

    /** R's write.csv quotes header names; the option suggested is the name as --csv-label takes it, unquoted. */
    @Test
    void aQuotedHeaderSuggestsItsLabelColumnUnquoted() throws Exception {
        Path p = Files.writeString(tmp.resolve("r.csv"),
                "\"V1\",\"V2\",\"V3\",\"V4\",\"label\"\n0,1,2,3,1\n3,2,1,0,0\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessageEndingWith("give --csv-header to read it as the column names, and --csv-label label if"
                        + " column 'label' is the class label");
    }

    @Test
    void underAQuotedHeaderAColumnOfClassNamesIsSuggestedByItsUnquotedName() throws Exception {
        Path p = Files.writeString(tmp.resolve("r.csv"),
                "\"a\",\"b\",\"c\",\"d\",\"kind\"\n0,1,2,3,top\n3,2,1,0,boot\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, null, null, null)))
                .hasMessageEndingWith("if it is the class label, give --csv-label kind");
    }
}
