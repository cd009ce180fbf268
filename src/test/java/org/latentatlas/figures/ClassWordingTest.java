package org.latentatlas.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;

/** How the figures name a class: as what the set's classes are, however much of the set they draw. */
class ClassWordingTest {
    private static final Dataset DIGITS = DigitsCsv.load();

    @Test
    void theDigitSetsNumberedClassesAreDigits() {
        assertThat(FigureContext.className(DIGITS, 3)).isEqualTo("digit 3");
        assertThat(FigureContext.className(DIGITS.named("mnist"), 3)).isEqualTo("digit 3");
    }

    /** evaluate --examples 100 names its subset "digits (first 100)": the images are still digits. */
    @Test
    void aSubsetOfADigitSetCallsItsClassesDigitsAsTheWholeSetDoes() {
        Dataset first = DIGITS.subset(firstIndices(100), " (first 100)");
        Dataset firstTen = first.subset(firstIndices(10), " (first 10)");

        assertThat(first.name()).isEqualTo("digits (first 100)");
        assertThat(FigureContext.className(first, 3)).isEqualTo("digit 3");
        assertThat(FigureContext.className(firstTen, 3)).isEqualTo("digit 3");
        assertThat(FigureContext.className(DIGITS.named("mnist").subset(firstIndices(10), " (five)"), 0))
                .isEqualTo("digit 0");
    }

    /** A CSV or image folder numbered 0..9 may hold anything: its classes are classes, in part or whole. */
    @Test
    void numberedClassesOfAnyOtherSetAreClasses() {
        Dataset scans = DIGITS.named("scans.csv");
        assertThat(FigureContext.className(scans, 3)).isEqualTo("class 3");
        assertThat(FigureContext.className(scans.subset(firstIndices(10), " (first 10)"), 3)).isEqualTo("class 3");
    }

    @Test
    void namedClassesAreCalledByTheirNames() {
        Dataset clothes = new Dataset("fashion-mnist", 1, 1, new float[2], new int[] {0, 1},
                List.of("T-shirt/top", "Trouser"), 255, "sha");
        assertThat(FigureContext.className(clothes, 1)).isEqualTo("Trouser");
        assertThat(FigureContext.className(clothes.subset(new int[] {1}, " (first 1)"), 1)).isEqualTo("Trouser");
    }

    private static int[] firstIndices(int n) {
        return IntStream.range(0, n).toArray();
    }
}
