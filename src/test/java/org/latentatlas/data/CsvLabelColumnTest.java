package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --csv-label counts columns from 0, editors from 1: given the editor's number, a pixel column becomes the label and
 * the label a pixel, and the file still loads. A label column that reads as no class column is warned about, naming
 * the column and what it holds; a class column, however many classes it has, is not.
 */
class CsvLabelColumnTest {
    @TempDir Path tmp;

    /** 12 rows: label k % 3 first, then 4 pixels, the first of them a border pixel that is always 0. */
    private Path labelFirst() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 12; k++) {
            text.append(k % 3).append(",0,").append(10 * k).append(',').append(255 - k).append(",7\n");
        }
        return Files.writeString(tmp.resolve("label-first.csv"), text);
    }

    private static List<String> warningsLoading(Path file, Csv.Options options) throws Exception {
        List<String> warnings = new ArrayList<>();
        Csv.load(file, options, warnings::add);
        return warnings;
    }

    /** The warnings of {@link #labelFirst} read with --csv-label {@code spec}, its 4 pixels as one row. */
    private List<String> warningsWithLabel(String spec) throws Exception {
        return warningsLoading(labelFirst(), new Csv.Options(false, spec, null, new Shape(1, 4)));
    }

    @Test
    void aLabelColumnCountedFromOneIsWarnedAboutWithTheColumnBeforeIt() throws Exception {
        assertThat(warningsWithLabel("1")).containsExactly(tmp.resolve("label-first.csv") + ": warning: the label"
                + " column, column 2 (--csv-label 1), holds one value ('0') in all 12 rows: one class, which tells no"
                + " image from another; expected a class column: each class's index 0..K-1 or its name, every class"
                + " occurring. Column 1, just before it, holds the class indices 0..2, each occurring: if it is the"
                + " label, give --csv-label 0 (the option counts columns from 0)");
    }

    /** The column before is a pixel here, so the end column holding even class indices is offered instead. */
    @Test
    void aColumnOfIntensitiesAsLabelsIsWarnedAboutWithItsDistinctValues() throws Exception {
        assertThat(warningsWithLabel("3")).containsExactly(tmp.resolve("label-first.csv") + ": warning: the label"
                + " column, column 4 (--csv-label 3), holds 12 distinct values as class indices 0..255: 244 of its 256"
                + " classes would have no example; expected a class column: each class's index 0..K-1 or its name,"
                + " every class occurring. Column 1, the first, holds the class indices 0..2, each in 4 rows, about"
                + " evenly as classes are: if it is the label, give --csv-label 0 (the option counts columns from 0)");
    }

    /**
     * 40 rows of a label-last file: 3 pixels, then the label k % 4 (10 rows each). Pixels 1 and 2 are background
     * but for a stroke in a few rows, as an image's pixels are; pixel 2 is 0 in 31 rows, 1 in 5, 2 in 3, 3 in 1.
     */
    private Path labelLast(String header) throws Exception {
        StringBuilder text = new StringBuilder(header);
        for (int k = 0; k < 40; k++) {
            int stroke = k < 31 ? 0 : k < 36 ? 1 : k < 39 ? 2 : 3;
            text.append(k % 7 == 0 ? 9 : 0).append(',').append(stroke).append(',').append(3 * k).append(',').append(k % 4)
                    .append('\n');
        }
        return Files.writeString(tmp.resolve("label-last.csv"), text);
    }

    /**
     * The walkthrough's case: --csv-label 1 in a label-last file takes a mostly-zero pixel as the label. Every class
     * index of it occurs, so only its uneven classes beside the last column's even ones tell.
     */
    @Test
    void aPixelTakenAsLabelInALabelLastFileIsWarnedAboutNamingTheLastColumn() throws Exception {
        Path file = labelLast("");

        assertThat(warningsLoading(file, new Csv.Options(false, "1", null, new Shape(1, 3)))).containsExactly(file
                + ": warning: the label column, column 2 (--csv-label 1), holds the class indices 0..3 in very uneven"
                + " numbers, from 31 rows (class 0) down to 1 row (class 3), as a pixel's values are. Column 4, the"
                + " last, holds the class indices 0..3, each in 10 rows, about evenly as classes are: if it is the"
                + " label, give --csv-label last");
    }

    @Test
    void theEvenColumnIsOfferedByItsHeaderName() throws Exception {
        Path file = labelLast("a,b,c,digit\n");

        assertThat(warningsLoading(file, new Csv.Options(true, "b", null, new Shape(1, 3)))).singleElement()
                .asString().contains("Column 4 (digit), the last, holds").endsWith("give --csv-label digit");
    }

    @Test
    void theDigitsWithTheirLabelLastReadWithCsvLabelOneAreWarnedAbout() throws Exception {
        Path file = digitsCsv();

        assertThat(warningsLoading(file, new Csv.Options(false, "1", null, null))).containsExactly(file + ": warning:"
                + " the label column, column 2 (--csv-label 1), holds the class indices 0..8 in very uneven numbers,"
                + " from 1531 rows (class 0) down to 2 rows (class 8), as a pixel's values are. Column 65, the last,"
                + " holds the class indices 0..9, each in 174..183 rows, about evenly as classes are: if it is the"
                + " label, give --csv-label last");
        assertThat(warningsLoading(file, new Csv.Options(false, "last", null, null))).as("their label").isEmpty();
    }

    /**
     * Uneven classes are legitimate (a rare finding in 1 image of 20): without an end column of even class indices
     * beside them they are not warned about, nor is a label column of even classes where the first column also
     * holds even class indices.
     */
    @Test
    void unevenClassesAloneOrAnEvenLabelBesideAnotherEvenColumnAreNotWarnedAbout() throws Exception {
        StringBuilder rare = new StringBuilder();
        StringBuilder even = new StringBuilder();
        for (int k = 0; k < 40; k++) {
            rare.append(k % 2 == 0 ? 0 : 255).append(',').append(k).append(',').append(k < 38 ? 0 : 1).append('\n');
            even.append(k % 2).append(',').append(k).append(',').append(k % 4).append('\n');
        }
        Path imbalanced = Files.writeString(tmp.resolve("imbalanced.csv"), rare);
        Path evenBoth = Files.writeString(tmp.resolve("even.csv"), even);

        assertThat(warningsLoading(imbalanced, new Csv.Options(false, "last", null, new Shape(1, 2)))).isEmpty();
        assertThat(warningsLoading(evenBoth, new Csv.Options(false, "last", null, new Shape(1, 2)))).isEmpty();
    }

    /** The embedded digits as a file: 64 pixels 0..16, then the label. */
    private Path digitsCsv() throws Exception {
        try (InputStream in = new GZIPInputStream(DigitsCsv.class.getResourceAsStream(DigitsCsv.RESOURCE))) {
            return Files.write(tmp.resolve("digits.csv"), in.readAllBytes());
        }
    }

    @Test
    void aHeaderNamedLabelColumnIsNamedInTheWarning() throws Exception {
        Path file = Files.writeString(tmp.resolve("named.csv"), "y,p0,p1,p2,p3\n0,0,1,2,3\n1,0,3,2,1\n");

        assertThat(warningsLoading(file, new Csv.Options(true, "p0", null, null)))
                .singleElement().asString().startsWith(file + ": warning: the label column, column 2 (p0, --csv-label"
                        + " p0), holds one value ('0') in all 2 rows").endsWith("every class occurring");
    }

    @Test
    void aClassColumnIsNotWarnedAbout() throws Exception {
        assertThat(warningsWithLabel("0")).isEmpty();
    }

    /** A subset of a set's classes (3s and 8s of the digits, say) is legitimate: half or more occurring is quiet. */
    @Test
    void classIndicesWithSomeClassesAbsentAreNotWarnedAbout() throws Exception {
        Path file = Files.writeString(tmp.resolve("subset.csv"), "0,1,2,3,1\n3,2,1,0,3\n1,1,1,1,2\n");

        assertThat(warningsLoading(file, new Csv.Options(false, "last", null, null))).isEmpty();
    }

    @Test
    void aRequestForACsvTellsTheWarningToItsLog() throws Exception {
        Path file = labelFirst();
        DatasetRequest request = new DatasetRequest(file.toString(), null, tmp.resolve("cache"), false, null, null,
                "3", new Csv.Options(false, "1", null, new Shape(1, 4)), null);
        List<String> log = new ArrayList<>();

        request.load(1, log::add);

        assertThat(log).singleElement().asString().startsWith(file + ": warning: the label column, column 2");
    }
}
