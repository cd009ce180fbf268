package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which column is which: header names against data values, the label column against the pixel columns. */
class CsvColumnsTest {
    @TempDir Path tmp;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** One name short, every name moved a column left: "label" named the last pixel column. */
    @Test
    void aHeaderWithFewerNamesThanValuesIsRefused() throws Exception {
        Path p = write("short.csv", "a,b,c,label\n1,2,3,4,0\n5,6,7,8,1\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "label", null, null)))
                .isInstanceOf(DatasetException.class)
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file, not of an option")
                .hasMessage(p + ": line 1 (the header) holds 4 names, line 2 (the first data line) holds 5 values:"
                        + " expected one name per column");
    }

    /** One name long: the label column named past the last value had crashed with ArrayIndexOutOfBounds. */
    @Test
    void aHeaderWithMoreNamesThanValuesIsRefused() throws Exception {
        Path p = write("long.csv", "a,b,c,d,e,label\n\n1,2,3,4,0\n5,6,7,8,1\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "label", null, null)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(p + ": line 1 (the header) holds 6 names, line 3 (the first data line) holds 5 values:"
                        + " expected one name per column");
    }

    /** R's write.csv quotes every header name; --csv-label takes the name as messages show it, unquoted. */
    @Test
    void aQuotedHeaderNameIsSelectedByItsUnquotedName() throws Exception {
        Path p = write("r.csv", "\"p0\",\"p1\",\"p2\",\"p3\",\"label\"\n0,1,2,3,1\n3,2,1,0,0\n");
        Dataset d = Csv.load(p, new Csv.Options(true, "label", null, null));
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(d.height()).isEqualTo(2);
    }

    @Test
    void aLabelNameNotInAQuotedHeaderListsTheNamesUnquoted() throws Exception {
        Path p = write("r.csv", "\"p0\",\"p1\",\"p2\",\"p3\",\"label\"\n0,1,2,3,1\n3,2,1,0,0\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "class", null, null)))
                .hasMessage(p + ": label column 'class' not found: expected a header name (one of p0, p1, p2, p3,"
                        + " label), a 0-based index or 'last'");
    }

    /** It had failed as "image shape must be positive ..., got 0x0", without the file's name. */
    @Test
    void aFileOfLabelsAloneIsRefusedAsHoldingNoPixelColumns() throws Exception {
        Path p = write("labels.csv", "0\n1\n1\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, "0", null, null)))
                .isInstanceOf(DatasetException.class)
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file: no option gives it pixels")
                .hasMessage(p + ": expected pixel columns beside the label column (--csv-label 0), got only the label"
                        + " column: the file holds labels, no images");
    }

    /** Read as class names, 0..11 and "7o" had become 13 classes sorted as text: label 2 meant "10". */
    @Test
    void aLabelThatIsNoIntegerAmongClassIndicesIsRefusedAsATypo() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            text.append(i).append(",1,2,3,").append(i == 19 ? "7o" : Integer.toString(i % 12)).append('\n');
        }
        Path p = write("typo.csv", text.toString());
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, "last", null, null)))
                .isInstanceOf(DatasetException.class)
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file")
                .hasMessage(p + ": line 20, column 5 (the label column, --csv-label 4): label '7o' is not a class"
                        + " index, though the column otherwise holds class indices (23 of its 24 labels): expected"
                        + " an integer >= 0");
    }

    /** Class names that happen to include a number or two are still class names. */
    @Test
    void classNamesAmongWhichSomeAreNumbersStayClassNames() throws Exception {
        Path p = write("names.csv", "1,2,3,4,cat\n5,6,7,8,dog\n1,2,3,4,9\n5,6,7,8,cat\n");
        Dataset d = Csv.load(p, new Csv.Options(false, "last", null, null));
        assertThat(d.classNames()).containsExactly("9", "cat", "dog");
        assertThat(d.labels()).containsExactly(1, 2, 0, 1);
    }
}
