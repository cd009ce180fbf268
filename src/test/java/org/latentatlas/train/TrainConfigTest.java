package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainConfigTest {
    /** No field at its default, so a copy that dropped one would show. */
    private static final TrainConfig EVERY_FIELD_SET = new TrainConfig(3, 32, 1e-3, 2, 7, Objective.ELBO, 1,
            KlSchedule.cyclical(2, 0.5), 0.25, LearningRateSchedule.COSINE, 5, Binarization.DYNAMIC, 0.1, 2, 40, true);

    @Test
    void eachCopyChangesItsOwnFieldsAndKeepsEveryOther() {
        TrainConfig c = EVERY_FIELD_SET;
        assertThat(c.withKlSchedule(KlSchedule.linear(0, 4, true))).isEqualTo(new TrainConfig(3, 32, 1e-3, 2, 7,
                Objective.ELBO, 1, KlSchedule.linear(0, 4, true), 0.25, LearningRateSchedule.COSINE, 5,
                Binarization.DYNAMIC, 0.1, 2, 40, true));
        assertThat(c.withFreeBits(0.5)).isEqualTo(new TrainConfig(3, 32, 1e-3, 2, 7, Objective.ELBO, 1,
                KlSchedule.cyclical(2, 0.5), 0.5, LearningRateSchedule.COSINE, 5, Binarization.DYNAMIC, 0.1, 2, 40,
                true));
        assertThat(c.withValidation(200, 3)).isEqualTo(new TrainConfig(3, 32, 1e-3, 2, 7, Objective.ELBO, 1,
                KlSchedule.cyclical(2, 0.5), 0.25, LearningRateSchedule.COSINE, 5, Binarization.DYNAMIC, 200, 3, 40,
                true));
        assertThat(c.withStopAfterSteps(9)).isEqualTo(new TrainConfig(3, 32, 1e-3, 2, 7, Objective.ELBO, 1,
                KlSchedule.cyclical(2, 0.5), 0.25, LearningRateSchedule.COSINE, 5, Binarization.DYNAMIC, 0.1, 2, 9,
                true));
        TrainConfig plain = new TrainConfig(3, 32, 1e-3, 1, 7);
        assertThat(plain.withObjective(Objective.IWAE, 5)).isEqualTo(new TrainConfig(3, 32, 1e-3, 1, 7,
                Objective.IWAE, 5, KlSchedule.CONSTANT, 0, LearningRateSchedule.CONSTANT, 0, Binarization.NONE, 0, 0,
                0, false));
    }

    /** A copy is a config like any other: the rules between fields still hold. */
    @Test
    void aCopyIsValidatedLikeAnyConfig() {
        assertThatThrownBy(() -> EVERY_FIELD_SET.withValidation(0, 2))
                .hasMessageContaining("early stopping (patience 2) needs a validation set");
        assertThatThrownBy(() -> EVERY_FIELD_SET.withObjective(Objective.AE, 1))
                .hasMessage("beta must be 1 with the ae objective, which has no KL term to weight, got 2.0");
    }
}
