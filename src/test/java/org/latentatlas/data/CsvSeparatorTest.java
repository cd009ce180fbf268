package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values separated by something else than commas are told as such: a semicolon-separated file had been refused as
 * "line 1, column 1: expected a number, got '0;0;5;13;9;...'", quoting its whole first row as one cell.
 */
class CsvSeparatorTest {
    @TempDir Path tmp;

    /** The first 64 values of sklearn's digit 0, separated by {@code separator}. */
    private static String row(String separator) {
        return String.join(separator, ("0 0 5 13 9 1 0 0 0 0 13 15 10 15 5 0 0 3 15 2 0 11 8 0 0 4 12 0 0 8 8 0 0 5 8 0"
                + " 0 9 8 0 0 4 11 0 1 12 7 0 0 2 14 5 10 12 0 0 0 0 6 13 10 0 0 0").split(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false,
            value = {";|';'", "\t|tabs", " |spaces", "  |spaces"})
    void aFileSeparatedOtherwiseIsToldWhichSeparatorItUses(String separator, String named) throws Exception {
        Path p = Files.writeString(tmp.resolve("other.csv"), (row(separator) + "\n").repeat(3));
        String shown = row(separator).substring(0, 40);
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .isInstanceOf(DatasetException.class)
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file: no option reads it")
                .hasMessage(p + ": line 1: values are separated by " + named + " ('" + shown + "...'): only"
                        + " commas separate values in a CSV read here; save the file with commas between values");
    }

    @Test
    void aShortLineIsQuotedWhole() throws Exception {
        Path p = Files.writeString(tmp.resolve("short.csv"), "1;2;3;4\n4;3;2;1\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessage(p + ": line 1: values are separated by ';' ('1;2;3;4'): only commas separate values in a"
                        + " CSV read here; save the file with commas between values");
    }

    /** With commas as decimal marks too ("0,5;1,25"), the cells that hold a ';' say so where they are found. */
    @Test
    void aCellHoldingASemicolonBesideCommasIsLocatedAndExplained() throws Exception {
        Path p = Files.writeString(tmp.resolve("decimal.csv"), "0,5;1,25;2,5\n1,5;0,25;3,5\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .matches(e -> !((DatasetException) e).isSetting(), "a failure of the file")
                .hasMessage(p + ": line 1, column 2: expected a number, got '5;1' (values separated by ';'): only"
                        + " commas separate values here");
    }

    @Test
    void aSemicolonHeaderIsToldBeforeItsNamesAreCounted() throws Exception {
        Path p = Files.writeString(tmp.resolve("header.csv"), "p0;p1;p2;label\n0;1;2;1\n3;2;1;0\n");
        assertThatThrownBy(() -> Csv.load(p, new Csv.Options(true, "label", null, null)))
                .hasMessageStartingWith(p + ": line 1: values are separated by ';' ('p0;p1;p2;label'): only commas");
    }

    /** A word with spaces is no row of numbers: the cell is quoted as before. */
    @Test
    void textWithSpacesIsAnOrdinaryBadCell() throws Exception {
        Path p = Files.writeString(tmp.resolve("words.csv"), "1,2,3,4\n1,2,not a number,4\n");
        assertThatThrownBy(() -> Csv.load(p, Csv.Options.DEFAULT))
                .hasMessage(p + ": line 2, column 3: expected a number, got 'not a number'");
    }

    @Test
    void commaSeparatedValuesWithSpacesAroundThemRead() throws Exception {
        Path p = Files.writeString(tmp.resolve("spaced.csv"), "1, 2, 3, 4\n4 ,3 ,2 ,1\n");
        assertThat(Csv.load(p, Csv.Options.DEFAULT).size()).isEqualTo(2);
    }
}
