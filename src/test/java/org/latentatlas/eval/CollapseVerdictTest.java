package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.TrainConfig;

class CollapseVerdictTest {
    /** Two dimensions: the first carries 0.5 nats and varies with x, the second sits on the prior. */
    private static final LatentStatistics ONE_OF_TWO_ACTIVE =
            new LatentStatistics(new double[] {0.5, 0.001}, new double[] {0.3, 0}, 1);

    @Test
    void aModelUsingSomeButNotAllOfItsDimensionsHasPartialCollapse() {
        CollapseVerdict v = CollapseVerdict.of(ONE_OF_TWO_ACTIVE);
        assertThat(v.state()).isEqualTo(CollapseVerdict.State.PARTIAL);
        assertThat(v.collapsedDimensions()).isEqualTo(1);
        assertThat(v.sentence()).isEqualTo("1 of 2 dimensions active (var(mu) > 0.01), 1 collapsed (KL < 0.01 nats):"
                + " posterior collapse in dimension 1 — try KL warm-up or free bits if you need every dimension");
    }

    /** "0 of 1 dimensions active" counted one dimension in the plural. */
    @Test
    void oneLatentDimensionIsCountedInTheSingular() {
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(new double[] {0.001}, new double[] {0}, 0));
        assertThat(v.sentence()).startsWith("0 of 1 dimension active (var(mu) > 0.01), 1 collapsed (KL < 0.01 nats):"
                + " total posterior collapse");
    }

    /**
     * On one example every μ reads as not varying, which the verdict called "total posterior collapse" with a cure,
     * and counted 0 active units in state "total": it says collapse cannot be told there, leaves what rests on activity
     * unmeasured (null), and keeps the counts read off the KL alone.
     */
    @Test
    void onOneExampleTheVerdictSaysCollapseCannotBeToldAndLeavesActivityUnmeasured() {
        CollapseVerdict measured = CollapseVerdict.of(new LatentStatistics(new double[] {0.3, 0.001},
                new double[] {0, 0}, 0), trainedWith(1, KlSchedule.CONSTANT, 0));
        CollapseVerdict one = measured.onOneExample();
        assertThat(one.sentence()).isEqualTo("not measurable on one example: whether a dimension is active (var(mu) >"
                + " 0.01 over examples) takes two or more, so posterior collapse cannot be told; evaluate more examples"
                + " for a verdict");
        assertThat(one.activeUnits()).isNull();
        assertThat(one.inactiveCarrying()).isNull();
        assertThat(one.state()).isNull();
        assertThat(one).usingRecursiveComparison()
                .ignoringFields("sentence", "activeUnits", "inactiveCarrying", "state").isEqualTo(measured);
    }

    private static Training trainedWith(double beta, KlSchedule schedule, double freeBits) {
        return Training.of(new TrainConfig(10, 64, 1e-3, beta, 1).withKlSchedule(schedule).withFreeBits(freeBits));
    }

    /** β = 20 prices every nat at 20: warm-up alone does not prevent that collapse (docs/training.md), lowering β does. */
    @Test
    void aModelTrainedWithBetaAboveOneIsToldToLowerBetaFirst() {
        CollapseVerdict partial = CollapseVerdict.of(ONE_OF_TWO_ACTIVE, trainedWith(20, KlSchedule.CONSTANT, 0));
        assertThat(partial.sentence()).endsWith("posterior collapse in dimension 1 — lower beta first if you need every"
                + " dimension (trained with beta 20: a KL weight above 1 pushes dimensions onto the prior, which KL"
                + " warm-up alone does not prevent)");
        CollapseVerdict total = CollapseVerdict.of(new LatentStatistics(new double[] {0, 0}, new double[] {0, 0}, 0),
                trainedWith(8, KlSchedule.linear(0, 5, false), 0.5));
        assertThat(total.sentence()).endsWith("total posterior collapse, the decoder ignores z — lower beta first"
                + " (trained with beta 8: a KL weight above 1 pushes dimensions onto the prior, which a longer KL"
                + " warm-up alone does not prevent), then try a longer KL warm-up");
    }

    @Test
    void atBetaOneOrBelowTheAdviceIsWarmUpOrFreeBits() {
        assertThat(CollapseVerdict.of(ONE_OF_TWO_ACTIVE, trainedWith(1, KlSchedule.CONSTANT, 0)).sentence())
                .endsWith("— try KL warm-up or free bits if you need every dimension");
        assertThat(CollapseVerdict.of(ONE_OF_TWO_ACTIVE, trainedWith(0.5, KlSchedule.linear(0, 3, false), 0))
                .sentence()).endsWith("— try a longer KL warm-up or free bits if you need every dimension")
                .doesNotContain("lower beta");
    }

    /** The QA report's model: var(μ) under the activity threshold, KL above the collapse threshold. */
    @Test
    void aDimensionThatIsInactiveButCarriesKlIsNotCalledCollapsed() {
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(new double[] {0.5, 0.021},
                new double[] {0.3, 0.004}, 1));
        assertThat(v.state()).isEqualTo(CollapseVerdict.State.PARTIAL);
        assertThat(v.collapsedDimensions()).isZero();
        assertThat(v.inactiveCarrying()).isEqualTo(1);
        assertThat(v.sentence()).isEqualTo("1 of 2 dimensions active (var(mu) > 0.01), 0 collapsed (KL < 0.01 nats):"
                + " dimension 1 is inactive (var(mu) 0.0040) yet carrying 0.0210 nats — try KL warm-up or free bits"
                + " if you need every dimension").doesNotContain("collapse in");
    }

    @Test
    void collapsedAndInactiveButCarryingDimensionsAreEachNamedUnderTheirOwnDefinition() {
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(new double[] {2, 0.002, 0.05, 0.001},
                new double[] {1, 0.001, 0.002, 0}, 1));
        assertThat(v.collapsedDimensions()).isEqualTo(2);
        assertThat(v.sentence()).startsWith("1 of 4 dimensions active (var(mu) > 0.01), 2 collapsed (KL < 0.01 nats):"
                + " posterior collapse in dimensions 1 and 3; dimension 2 is inactive (var(mu) 0.0020) yet carrying"
                + " 0.0500 nats");
    }

    @Test
    void noDimensionActiveButSomeCarryingKlIsNotCalledTotalCollapse() {
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(new double[] {0.03, 0.001},
                new double[] {0.005, 0}, 0));
        assertThat(v.state()).isEqualTo(CollapseVerdict.State.TOTAL);
        assertThat(v.sentence()).doesNotContain("total posterior collapse")
                .contains("no dimension's mu moves with x").contains("posterior collapse in dimension 1")
                .contains("dimension 0 is inactive (var(mu) 0.0050) yet carrying 0.0300 nats");
    }

    @Test
    void dimensionsNearTheFreeBitsFloorAreCountedAsSetByIt() {
        // Four dimensions within a fifth of λ = 0.5 (0.41 and 0.59 included), two far above, one far below.
        double[] kl = {2.8, 0.41, 0.5, 0.59, 1.4, 0.48, 0.05};
        double[] var = {2, 0.4, 0.3, 0.5, 1, 0.2, 0.02};
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(kl, var, 7),
                trainedWith(1, KlSchedule.CONSTANT, 0.5));
        assertThat(v.freeBits()).isEqualTo(0.5);
        assertThat(v.atFreeBitsFloor()).isEqualTo(4);
        assertThat(v.sentence()).isEqualTo("7 of 7 dimensions active (var(mu) > 0.01), 0 collapsed (KL < 0.01 nats):"
                + " no posterior collapse. 4 of 7 dimensions sit at the free-bits floor of 0.5 nats: the floor, not"
                + " the data, sets their KL");
    }

    @Test
    void oneDimensionAtTheFloorSitsAmongDimensions() {
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(new double[] {0.5, 3}, new double[] {1, 1}, 2),
                trainedWith(1, KlSchedule.CONSTANT, 0.5));
        assertThat(v.sentence()).contains(". 1 of 2 dimensions sits at the free-bits floor of 0.5 nats: the floor,"
                + " not the data, sets its KL");
    }

    @Test
    void withoutFreeBitsNoDimensionIsSaidToSitAtAFloor() {
        CollapseVerdict v = CollapseVerdict.of(new LatentStatistics(new double[] {0.5, 0.5}, new double[] {1, 1}, 2));
        assertThat(v.atFreeBitsFloor()).isZero();
        assertThat(v.sentence()).doesNotContain("floor");
    }

    @Test
    void theStateIsNoneWhenEveryDimensionIsActiveAndTotalWhenNoneIs() {
        assertThat(CollapseVerdict.of(new LatentStatistics(new double[] {1, 2}, new double[] {1, 1}, 2)).state())
                .isEqualTo(CollapseVerdict.State.NONE);
        CollapseVerdict total = CollapseVerdict.of(new LatentStatistics(new double[] {0, 0}, new double[] {0, 0}, 0));
        assertThat(total.state()).isEqualTo(CollapseVerdict.State.TOTAL);
        assertThat(total.sentence()).contains("2 collapsed").contains("total posterior collapse");
    }

    /** The JSON report's schema (docs/evaluation.md) spells the state in lowercase; scripts read these words. */
    @Test
    void theJsonReportSpellsTheStateNonePartialOrTotal() {
        ObjectMapper json = new ObjectMapper();
        JsonNode partial = json.valueToTree(CollapseVerdict.of(ONE_OF_TWO_ACTIVE));
        assertThat(partial.get("state").asText()).isEqualTo("partial");
        assertThat(partial.get("inactiveCarrying").asInt()).isZero();
        assertThat(partial.get("atFreeBitsFloor").asInt()).isZero();
        assertThat(json.valueToTree(CollapseVerdict.State.NONE).asText()).isEqualTo("none");
        assertThat(json.valueToTree(CollapseVerdict.State.TOTAL).asText()).isEqualTo("total");
    }

    @Test
    void aStateThatDisagreesWithTheCountsIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new CollapseVerdict(2, 2, 0, 0, 0, 0, CollapseVerdict.State.TOTAL, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state total disagrees with 2 of 2 dimensions active");
    }
}
