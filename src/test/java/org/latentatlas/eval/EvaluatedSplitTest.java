package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;

class EvaluatedSplitTest {
    private static final Dataset DIGITS = DigitsCsv.load();

    @Test
    void aTestOrTrainSplitWithItsProvenanceIsAccepted() {
        EvaluatedSplit s = new EvaluatedSplit(DIGITS, "train", "the model's own data", "none");
        assertThat(s.name()).isEqualTo("train");
        assertThat(s.data()).isSameAs(DIGITS);
    }

    @Test
    void aSplitOtherThanTestOrTrainIsRefusedWithItsName() {
        assertThatThrownBy(() -> new EvaluatedSplit(DIGITS, "validation", "the model's own data", "none"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the split must be test or train, got validation");
    }

    /** The protocol card would otherwise print an empty "data:" or "binarization:" line. */
    @Test
    void aBlankProvenanceOrBinarizationIsRefused() {
        assertThatThrownBy(() -> new EvaluatedSplit(DIGITS, "test", " ", "none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("provenance, got ' '");
        assertThatThrownBy(() -> new EvaluatedSplit(DIGITS, "test", "the model's own data", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binarization must be");
    }
}
