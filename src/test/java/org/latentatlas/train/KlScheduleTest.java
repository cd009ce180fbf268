package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** β(t) and lr(t) at the corners of every schedule. */
class KlScheduleTest {
    private static final int STEPS_PER_EPOCH = 10;
    private static final long TOTAL = 100;

    @Test
    void constantIsBetaAtEveryStep() {
        for (long t : new long[] {0, 1, 50, 99}) {
            assertThat(KlSchedule.CONSTANT.beta(8, t, STEPS_PER_EPOCH, TOTAL)).isEqualTo(8);
        }
    }

    @Test
    void linearWarmupInEpochsStartsAtBetaStartReachesBetaAfterNEpochsAndStays() {
        KlSchedule s = KlSchedule.linear(0.5, 3, false); // 3 epochs = 30 steps
        assertThat(s.beta(2, 0, STEPS_PER_EPOCH, TOTAL)).isEqualTo(0.5);
        assertThat(s.beta(2, 15, STEPS_PER_EPOCH, TOTAL)).isCloseTo(1.25, within(1e-12));
        assertThat(s.beta(2, 30, STEPS_PER_EPOCH, TOTAL)).isEqualTo(2);
        assertThat(s.beta(2, 99, STEPS_PER_EPOCH, TOTAL)).isEqualTo(2);
    }

    @Test
    void linearWarmupInStepsCountsSteps() {
        KlSchedule s = KlSchedule.linear(0, 4, true);
        assertThat(s.beta(1, 0, STEPS_PER_EPOCH, TOTAL)).isZero();
        assertThat(s.beta(1, 1, STEPS_PER_EPOCH, TOTAL)).isEqualTo(0.25);
        assertThat(s.beta(1, 4, STEPS_PER_EPOCH, TOTAL)).isEqualTo(1);
    }

    /** The first step has β₀, so the warm-up's last epoch ends just below β: the description says when β is reached. */
    @Test
    void aLinearWarmupSaysTheEpochOrStepFromWhichBetaIsReached() {
        KlSchedule epochs = KlSchedule.linear(0, 3, false); // epoch 3 is steps 20..29, epoch 4 begins at step 30
        assertThat(epochs.beta(2, 29, STEPS_PER_EPOCH, TOTAL)).isLessThan(2);
        assertThat(epochs.beta(2, 30, STEPS_PER_EPOCH, TOTAL)).isEqualTo(2);
        assertThat(epochs.describe(2)).isEqualTo("beta linear from 0 to 2 over 3 epochs (2 from epoch 4 on)");
        KlSchedule steps = KlSchedule.linear(0.5, 1, true); // steps counted from 1: the second is t = 1
        assertThat(steps.beta(2, 0, STEPS_PER_EPOCH, TOTAL)).isEqualTo(0.5);
        assertThat(steps.beta(2, 1, STEPS_PER_EPOCH, TOTAL)).isEqualTo(2);
        assertThat(steps.describe(2)).isEqualTo("beta linear from 0.5 to 2 over 1 step (2 from step 2 on)");
    }

    @Test
    void cyclicalRisesOverTheFirstRatioOfEachCycleThenHoldsAndRestartsAtZero() {
        KlSchedule s = KlSchedule.cyclical(4, 0.5); // cycles of 25 steps, rising over 12.5
        assertThat(s.beta(3, 0, STEPS_PER_EPOCH, TOTAL)).isZero();
        assertThat(s.beta(3, 5, STEPS_PER_EPOCH, TOTAL)).isCloseTo(3 * 0.2 / 0.5, within(1e-12));
        assertThat(s.beta(3, 13, STEPS_PER_EPOCH, TOTAL)).isEqualTo(3);
        assertThat(s.beta(3, 24, STEPS_PER_EPOCH, TOTAL)).isEqualTo(3);
        assertThat(s.beta(3, 25, STEPS_PER_EPOCH, TOTAL)).isZero();
        assertThat(s.beta(3, 75, STEPS_PER_EPOCH, TOTAL)).isZero();
        assertThat(s.beta(3, 99, STEPS_PER_EPOCH, TOTAL)).isEqualTo(3);
    }

    @Test
    void cyclicalWithRatioOneRampsOverTheWholeCycle() {
        KlSchedule s = KlSchedule.cyclical(1, 1);
        assertThat(s.beta(1, 50, STEPS_PER_EPOCH, TOTAL)).isEqualTo(0.5);
        assertThat(s.beta(1, 99, STEPS_PER_EPOCH, TOTAL)).isEqualTo(0.99);
    }

    @Test
    void cosineLearningRateGoesFromLrToZeroThroughHalf() {
        assertThat(LearningRateSchedule.COSINE.rate(0.01, 0, TOTAL)).isEqualTo(0.01);
        assertThat(LearningRateSchedule.COSINE.rate(0.01, 50, TOTAL)).isCloseTo(0.005, within(1e-15));
        assertThat(LearningRateSchedule.COSINE.rate(0.01, 100, TOTAL)).isCloseTo(0, within(1e-15));
        assertThat(LearningRateSchedule.CONSTANT.rate(0.01, 77, TOTAL)).isEqualTo(0.01);
    }

    @Test
    void badSchedulesNameTheBadValue() {
        assertThatThrownBy(() -> KlSchedule.cyclical(2, 1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> KlSchedule.linear(0, 0, false)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new KlSchedule("sawtooth", 0, 0, false, 1, 0.5)).hasMessageContaining("sawtooth");
    }

    /** A warm-up of 0 steps read as "none" would silently train another objective: the library refuses it too. */
    @Test
    void aLinearWarmupOfZeroIsRefusedWithTheValueBeforeTheAdvice() {
        assertThatThrownBy(() -> KlSchedule.linear(0, 0, true)).hasMessage("warm-up length must be at least 1 for a"
                + " linear schedule (epochs, or steps), got 0; without a warm-up the KL schedule is constant");
        assertThatThrownBy(() -> KlSchedule.linear(0, -3, false)).hasMessageContaining("got -3;");
    }

    @Test
    void fieldsAScheduleDoesNotUseAreRecordedOneWay() {
        assertThat(new KlSchedule("constant", 0.3, 0, true, 4, 0.25)).isEqualTo(KlSchedule.CONSTANT);
        assertThat(new KlSchedule("linear", 0.1, 5, false, 4, 0.25)).isEqualTo(KlSchedule.linear(0.1, 5, false));
        assertThat(new KlSchedule("cyclical", 0, 0, true, 3, 0.25)).isEqualTo(KlSchedule.cyclical(3, 0.25));
    }
}
