package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;

/** The σ a learned-Gaussian decoder holds, as info and evaluate report it: a parameter no other line showed. */
class LearnedSigmaTest {
    @Test
    void aPerPixelSigmaIsSummarizedByItsMinimumMedianAndMaximumAndTheFloorCounted() {
        Vae vae = ImportanceSamplerTest.tinyVae("gaussian(learned-pixel)", 1); // 15 pixels, log sigma_i = -0.1 i
        LearnedSigma s = LearnedSigma.of(vae);
        assertThat(s.values()).isEqualTo(15);
        assertThat(s.min()).isCloseTo(Math.exp(-1.4), within(1e-6));
        assertThat(s.median()).isCloseTo(Math.exp(-0.7), within(1e-6));
        assertThat(s.max()).isEqualTo(1.0);
        assertThat(s.atFloor()).isZero();
        assertThat(s.describe()).isEqualTo("learned sigma per pixel: min 0.2466, median 0.4966, max 1.000 over 15"
                + " pixels");

        // Two constant pixels drove their log sigma far below the floor: the likelihood scores them at the floor.
        int at = ParameterLayout.of(vae.config()).slot(Likelihood.LEARNED_TENSOR).offset();
        vae.parameters()[at + 3] = -20;
        vae.parameters()[at + 9] = -20;
        LearnedSigma floored = LearnedSigma.of(vae);
        assertThat(floored.min()).isCloseTo(Likelihood.LearnedGaussian.MIN_SIGMA, within(1e-12));
        assertThat(floored.atFloor()).isEqualTo(2);
        assertThat(floored.describe()).endsWith("over 15 pixels (2 of 15 at the floor 0.001)");
    }

    @Test
    void oneSigmaIsGivenAsItIsAndAFixedOneIsNotLearned() {
        Vae global = ImportanceSamplerTest.tinyVae("gaussian(learned)", 1); // log sigma 0
        assertThat(LearnedSigma.of(global).describe()).isEqualTo("learned sigma 1.000");
        assertThat(LearnedSigma.of(ImportanceSamplerTest.tinyVae("gaussian(0.1)", 1))).isNull();
        assertThat(LearnedSigma.of(ImportanceSamplerTest.tinyVae("bernoulli", 1))).isNull();
    }

    @Test
    void aSummaryOutOfOrderIsRefusedWithItsValues() {
        assertThatThrownBy(() -> new LearnedSigma(3, 0.5, 0.2, 0.9, 0))
                .hasMessage("a learned sigma's summary needs 0 < min <= median <= max < infinity, got 0.5, 0.2, 0.9");
    }
}
