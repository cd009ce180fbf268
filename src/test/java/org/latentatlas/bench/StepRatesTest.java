package org.latentatlas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The step-rate statistic bench/run reports for Latent Atlas, which bench/torch_train.py computes the same way. */
class StepRatesTest {

    @Test
    void fastestTenthIsTheRateATenthOfTheStepsReachedOrBeat() {
        TrainBench.StepRates rates = new TrainBench.StepRates();
        // 21 steps of 128 rows at 1..21 ms: rates 128,000/1 ... 128,000/21 samples/s, in no particular order.
        for (int ms = 21; ms >= 1; ms -= 2) {
            rates.add(128, ms * 1_000_000L);
        }
        for (int ms = 2; ms <= 20; ms += 2) {
            rates.add(128, ms * 1_000_000L);
        }
        // Sorted ascending, index floor(0.9 · 20) = 18 is the third fastest: the 3 ms step. Steps of 1, 2 and
        // 3 ms (3 of 21, about a tenth) reached or beat it.
        assertThat(rates.fastestTenth()).isEqualTo(128_000.0 / 3);
    }

    @Test
    void keepsEveryStepPastItsInitialCapacity() {
        TrainBench.StepRates rates = new TrainBench.StepRates();
        for (int i = 0; i < 1000; i++) {
            rates.add(100, 1_000_000_000L); // 100 samples/s
        }
        rates.add(100, 1_000_000L); // one step at 100,000 samples/s: above the 90th percentile of 1,001
        assertThat(rates.fastestTenth()).isEqualTo(100.0);
        for (int i = 0; i < 200; i++) {
            rates.add(100, 1_000_000L);
        }
        // 201 fast steps of 1,201: more than a tenth, so the 90th percentile is a fast one.
        assertThat(rates.fastestTenth()).isEqualTo(100_000.0);
    }

    @Test
    void aStepTimedAtZeroNanosecondsCountsAsOneNanosecond() {
        TrainBench.StepRates rates = new TrainBench.StepRates();
        rates.add(64, 0);
        assertThat(rates.fastestTenth()).isEqualTo(64e9);
    }

    @Test
    void noTimedStepIsAnErrorNotAZeroRate() {
        assertThatThrownBy(() -> new TrainBench.StepRates().fastestTenth())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no step was timed");
    }
}
