package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatentStatisticsArraysTest {
    @Test
    void klOfThePriorItselfIsZeroInEveryDimension() {
        float[] zeros = new float[3 * 4];
        assertThat(LatentStatistics.klPerDimension(zeros, zeros, 3, 4)).containsOnly(0.0);
    }

    @Test
    void klPerDimensionMatchesTheClosedFormAveragedOverExamples() {
        // dim 0: μ = 1 and 3, σ = 1 → ½μ² = 0.5 and 4.5, mean 2.5; dim 1: μ = 0, logσ² = ln 4 → ½(4 − ln 4 − 1)
        float[] mu = {1, 0, 3, 0};
        float ln4 = (float) Math.log(4);
        float[] logvar = {0, ln4, 0, ln4};
        double[] kl = LatentStatistics.klPerDimension(mu, logvar, 2, 2);
        assertThat(kl[0]).isCloseTo(2.5, within(1e-9));
        assertThat(kl[1]).isCloseTo(0.5 * (4 - Math.log(4) - 1), within(1e-6));
    }

    @Test
    void aDimensionWhoseMeanDoesNotMoveWithTheInputIsInactive() {
        // dim 0 varies across examples (variance 1), dim 1 barely (variance 0.0025)
        float[] mu = {-1, 0.05f, 1, -0.05f, -1, 0.05f, 1, -0.05f};
        assertThat(LatentStatistics.meanVariance(mu, 4, 2)).containsExactly(new double[] {1, 0.0025}, within(1e-7));
        assertThat(LatentStatistics.activeMask(mu, 4, 2)).containsExactly(true, false);
        assertThat(LatentStatistics.activeUnits(mu, 4, 2)).isEqualTo(1);
    }

    @Test
    void mismatchedShapesAreRejectedWithTheShapeInTheMessage() {
        assertThatThrownBy(() -> LatentStatistics.meanVariance(new float[5], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 values, expected (2, 2)");
    }
}
