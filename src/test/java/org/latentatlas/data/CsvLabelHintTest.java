package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A file with one column more than its image takes, read without --csv-label, names the column that likely holds the
 * class label and the option that reads it, where the shape is refused: the walkthrough's header {@code p0..p63,label}
 * read with --csv-header alone was told only "expected a square number of pixel columns, got 65".
 */
class CsvLabelHintTest {
    @TempDir Path tmp;

    /** Ten rows of {@code cells} values, the row's class index {@code 0..9} in {@code classAt} (-1 for none). */
    private Path rows(String header, int cells, int classAt) throws Exception {
        StringBuilder text = new StringBuilder(header == null ? "" : header + "\n");
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < cells; j++) {
                text.append(j == classAt ? i : 0).append(j < cells - 1 ? "," : "\n");
            }
        }
        return Files.writeString(tmp.resolve("d.csv"), text);
    }

    private static String pixelsThen(String last) {
        StringBuilder names = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            names.append('p').append(j).append(',');
        }
        return names.append(last).toString();
    }

    @Test
    void aHeaderColumnNamedLabelIsOfferedWhenTheShapeCannotBeInferred() throws Exception {
        Path p = rows(pixelsThen("label"), 65, 64);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, null, null, null)))
                .matches(e -> ((DatasetException) e).isSetting(), "a setting: an option reads the file")
                .hasMessage(p + ": cannot infer the image shape: expected a square number of pixel columns, got 65,"
                        + " one more than 8x8; column 65 is named 'label': if it holds the class labels, give"
                        + " --csv-label label, else give the shape with --shape ROWSxCOLS");
    }

    @Test
    void aHeaderColumnNamedLabelIsOfferedWhenTheGivenShapeIsOneColumnShort() throws Exception {
        Path p = rows(pixelsThen("label"), 65, 64);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, null, null, new Shape(8, 8))))
                .matches(e -> ((DatasetException) e).isSetting(), "a setting")
                .hasMessage(p + ": shape 8x8 expected 64 pixel columns, the file has 65, one more; column 65 is named"
                        + " 'label': if it holds the class labels, give --csv-label label");
    }

    /** The name is matched whatever its case, in any column, and offered as the file spells it. */
    @ParameterizedTest
    @CsvSource({"Class", "TARGET", "y", "Digit"})
    void aClassNameInTheFirstColumnIsOfferedAsSpelled(String name) throws Exception {
        StringBuilder header = new StringBuilder(name);
        for (int j = 0; j < 64; j++) {
            header.append(",p").append(j);
        }
        Path p = rows(header.toString(), 65, 0);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, null, null, null)))
                .hasMessageContaining("; column 1 is named '" + name + "': if it holds the class labels, give"
                        + " --csv-label " + name + ", else");
    }

    @Test
    void withoutAHeaderAFirstColumnOfClassIndicesIsOfferedCountedFromZero() throws Exception {
        Path p = rows(null, 65, 0);
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessage(p + ": cannot infer the image shape: expected a square number of pixel columns, got 65,"
                        + " one more than 8x8; column 1 holds the whole numbers 0..9, each occurring, as class indices"
                        + " do: if it holds the class labels, give --csv-label 0 (the option counts columns from 0),"
                        + " else give the shape with --shape ROWSxCOLS");
    }

    @Test
    void withoutAHeaderALastColumnOfClassIndicesIsOfferedAsLast() throws Exception {
        Path p = rows(null, 65, 64);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(false, null, null, new Shape(8, 8))))
                .hasMessageEndingWith("the file has 65, one more; column 65 holds the whole numbers 0..9, each"
                        + " occurring, as class indices do: if it holds the class labels, give --csv-label last");
    }

    /** Both ends could be the label: both are offered, neither guessed. */
    @Test
    void twoEndsOfClassIndicesAreBothOffered() throws Exception {
        Path p = rows(null, 65, 0);
        String text = Files.readString(p).replaceAll(",0\n", ",1\n").replaceFirst(",1\n", ",0\n");
        Files.writeString(p, text);
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessageContaining("; columns 1 and 65 hold the whole numbers 0..9 and 0..1, each occurring, as"
                        + " class indices do: if one holds the class labels, give --csv-label 0 or --csv-label last"
                        + " (the option counts columns from 0), else");
    }

    /** A border pixel, 0 in every row, is no class column; nor is a count that is not one more than the shape. */
    @ParameterizedTest
    @CsvSource({"65, -1", "66, 65"})
    void withoutALikelyLabelColumnTheMessageIsAsBefore(int cells, int classAt) throws Exception {
        Path p = rows(null, cells, classAt);
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessage(p + ": cannot infer the image shape: expected a square number of pixel columns, got "
                        + cells + "; give it with --shape ROWSxCOLS");
    }

    /** With --csv-label given, a column too many is no label left unnamed. */
    @Test
    void aLabelColumnGivenLeavesTheMessageAsBefore() throws Exception {
        Path p = rows(pixelsThen("x,label"), 66, 65);
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "x", null, new Shape(8, 8))))
                .hasMessage(p + ": shape 8x8 expected 64 pixel columns, the file has 65");
    }
}
