package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {
    @Test
    void firstBiasCorrectedStepMovesEachParameterByTheLearningRateAgainstItsGradient() {
        float[] params = {1f, 1f, 1f};
        new Adam(3, 0.1).update(params, new float[] {5f, -0.01f, 0f});
        assertThat(params[0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(params[1]).isCloseTo(1.1f, within(1e-5f));
        assertThat(params[2]).isEqualTo(1f);
    }

    @Test
    void minimizesAQuadratic() {
        float[] w = {3f, -2f};
        Adam adam = new Adam(2, 0.05);
        for (int i = 0; i < 2000; i++) {
            adam.update(w, new float[] {2 * (w[0] - 1), 2 * (w[1] + 1)});
        }
        assertThat(w[0]).isCloseTo(1f, within(1e-2f));
        assertThat(w[1]).isCloseTo(-1f, within(1e-2f));
        assertThat(adam.step()).isEqualTo(2000);
    }

    @Test
    void rejectsANonPositiveLearningRate() {
        assertThatThrownBy(() -> new Adam(1, -1)).hasMessageContaining("-1.0");
    }

    @Test
    void updateSaysWhetherEveryGradientAndWeightStayedFinite() {
        assertThat(new Adam(3, 0.1).update(new float[3], new float[] {1f, -2f, 0f})).isTrue();
        assertThat(new Adam(3, 0.1).update(new float[3], new float[] {1f, Float.NaN, 0f})).isFalse();
        assertThat(new Adam(3, 0.1).update(new float[] {0f, 0f, Float.POSITIVE_INFINITY}, new float[3])).isFalse();
    }

    @Test
    void updateLeavesTheGradientsAsTheyWereForTheGuardToName() {
        float[] g = {1f, -2f, 0.5f};
        float[] p = new float[3];
        assertThat(new Adam(3, 0.1).update(p, g, 0.1)).isTrue();
        assertThat(g).containsExactly(1f, -2f, 0.5f); // the next backward pass writes them whole: no clearing
        assertThat(p[0]).isCloseTo(-0.1f, within(1e-6f));
        float[] bad = {1f, Float.NaN, 0.5f};
        assertThat(new Adam(3, 0.1).update(new float[3], bad, 0.1)).isFalse();
        assertThat(bad[1]).isNaN(); // kept, so the divergence guard can name the tensor
    }
}
