package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CollapseVerdictTest {
    /** Two dimensions: the first carries 0.5 nats and varies with x, the second sits on the prior. */
    private static final LatentStatistics ONE_OF_TWO_ACTIVE =
            new LatentStatistics(new double[] {0.5, 0.001}, new double[] {0.3, 0}, 1);

    @Test
    void aModelUsingSomeButNotAllOfItsDimensionsHasPartialCollapse() {
        CollapseVerdict v = CollapseVerdict.of(ONE_OF_TWO_ACTIVE);
        assertThat(v.state()).isEqualTo(CollapseVerdict.State.PARTIAL);
        assertThat(v.collapsedDimensions()).isEqualTo(1);
        assertThat(v.sentence()).isEqualTo("1 of 2 dimensions active; 1 carry < 0.01 nats: posterior collapse in one"
                + " dimension — try KL warm-up or free bits if you need them");
    }

    @Test
    void theStateIsNoneWhenEveryDimensionIsActiveAndTotalWhenNoneIs() {
        assertThat(CollapseVerdict.of(new LatentStatistics(new double[] {1, 2}, new double[] {1, 1}, 2)).state())
                .isEqualTo(CollapseVerdict.State.NONE);
        assertThat(CollapseVerdict.of(new LatentStatistics(new double[] {0, 0}, new double[] {0, 0}, 0)).state())
                .isEqualTo(CollapseVerdict.State.TOTAL);
    }

    /** The JSON report's schema (docs/evaluation.md) spells the state in lowercase; scripts read these words. */
    @Test
    void theJsonReportSpellsTheStateNonePartialOrTotal() {
        ObjectMapper json = new ObjectMapper();
        JsonNode partial = json.valueToTree(CollapseVerdict.of(ONE_OF_TWO_ACTIVE));
        assertThat(partial.get("state").asText()).isEqualTo("partial");
        assertThat(json.valueToTree(CollapseVerdict.State.NONE).asText()).isEqualTo("none");
        assertThat(json.valueToTree(CollapseVerdict.State.TOTAL).asText()).isEqualTo("total");
    }

    @Test
    void aStateThatDisagreesWithTheCountsIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new CollapseVerdict(2, 2, 0, CollapseVerdict.State.TOTAL, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state total disagrees with 2 of 2 dimensions active");
    }
}
