package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.latentatlas.model.Wording;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.TrainConfig;

/** Records of the evaluation's report refuse what no caller could mean, naming the field. */
class RecordValidationTest {
    private static final TrainConfig CONFIG = new TrainConfig(10, 64, 1e-3, 4, 1);

    @Test
    void anObjectiveNeedsAFormulaAndAFiniteValue() {
        assertThatThrownBy(() -> new EvaluationReport.TrainedObjective(null, 1)).hasMessage("formula");
        assertThatThrownBy(() -> new EvaluationReport.TrainedObjective("recon + 4 · KL", Double.NaN))
                .hasMessage("the objective of recon + 4 · KL must be finite, got NaN");
    }

    @Test
    void sameExamplesNeedsAStoredElbo() {
        assertThatThrownBy(() -> new Training(CONFIG, null, true)).hasMessageContaining("stored is null");
    }

    @Test
    void aProtocolCardSaysWhatItsBitsPerDimAndTrainingAre() {
        assertThatThrownBy(() -> card(null, "elbo, beta 4")).hasMessage("bitsPerDim");
        assertThatThrownBy(() -> card("of -ELBO", null)).hasMessageStartingWith("training");
    }

    @Test
    void aMentionNamesItsFieldInWords() {
        assertThatThrownBy(() -> new Wording.Mention(null, "kind", "KL schedule")).hasMessage("record");
        assertThatThrownBy(() -> new Wording.Mention(KlSchedule.class, " ", "KL schedule"))
                .hasMessage("a mention of KlSchedule needs a field and words, got field ' ', words 'KL schedule'");
        assertThatThrownBy(() -> new Wording.Mention(KlSchedule.class, "kind", null)).hasMessageContaining("words 'null'");
    }

    private static ProtocolCard card(String bitsPerDim, String training) {
        return new ProtocolCard("digits", "test", 300, "ab", "digits", "x/16", "bernoulli", "bound", true,
                null, "none", 1, 1, 42, 300, ProtocolCard.standardEstimators(1, 1), bitsPerDim, training, null);
    }
}
