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

    @Test
    void aPlainShellWordStaysAsTypedAndAnyOtherIsSingleQuoted() {
        assertThat(Words.shellWord("/data/fashion-mnist_v2.csv")).isEqualTo("/data/fashion-mnist_v2.csv");
        assertThat(Words.shellWord("lr=0.001,a+b@c%")).isEqualTo("lr=0.001,a+b@c%");
        assertThat(Words.shellWord("my label")).isEqualTo("'my label'");
        assertThat(Words.shellWord("$HOME")).isEqualTo("'$HOME'");
        assertThat(Words.shellWord("it's")).isEqualTo("'it'\\''s'");
        assertThat(Words.shellWord("")).isEqualTo("''");
    }
}
