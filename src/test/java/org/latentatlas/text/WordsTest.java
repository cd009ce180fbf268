package org.latentatlas.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void aListIsCommaSeparatedWithTheLastJoinedByAnd() {
        assertThat(Words.and(List.of("a"))).isEqualTo("a");
        assertThat(Words.and(List.of("a", "b"))).isEqualTo("a and b");
        assertThat(Words.and(List.of("a", "b", "c"))).isEqualTo("a, b and c");
    }

    @Test
    void alternativesAreJoinedByOr() {
        assertThat(Words.or(List.of("weight"))).isEqualTo("weight");
        assertThat(Words.or(List.of("weight", "schedule", "floor"))).isEqualTo("weight, schedule or floor");
    }

    @Test
    void anEmptyListIsRefusedRatherThanWrittenAsNothing() {
        assertThatThrownBy(() -> Words.and(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got none");
    }

    @Test
    void aWholeNumberIsWrittenAsTypedAndAFractionAsJavaPrintsIt() {
        assertThat(Words.number(2.0)).isEqualTo("2");
        assertThat(Words.number(-3.0)).isEqualTo("-3");
        assertThat(Words.number(0.5)).isEqualTo("0.5");
        assertThat(Words.number(1e-4)).isEqualTo("1.0E-4");
    }

    /** A long would print the nearest integer with digits the double never held, or clamp to Long.MAX_VALUE. */
    @Test
    void aWholeNumberTooLargeForItsDigitsKeepsJavasForm() {
        assertThat(Words.number(1e20)).isEqualTo("1.0E20");
        assertThat(Words.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(Words.number(Double.NaN)).isEqualTo("NaN");
    }
}
