package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;

class LatentStatisticsTest {
    private static final VaeConfig CONFIG = new VaeConfig(2, 1, 2, List.of(), 2, List.of(), "bernoulli", "relu");

    /** With no hidden layers the heads are linear maps of x, so μ and logσ² are known exactly. */
    private static Vae linearEncoder(float[] muWeight, float[] logvarBias) {
        float[] p = new float[CONFIG.parameterCount()];
        // file order: mu.weight (2, 2) at 0, mu.bias (2) at 4, logvar.weight (2, 2) at 6, logvar.bias (2) at 10
        System.arraycopy(muWeight, 0, p, 0, 4);
        System.arraycopy(logvarBias, 0, p, 10, 2);
        return new Vae(CONFIG, ParameterLayout.of(CONFIG).toMemoryOrder(p));
    }

    private static Dataset randomData(int n) {
        Rng rng = new Rng(3);
        float[] px = new float[n * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat();
        }
        return new Dataset("t", 1, 2, px, new int[n], List.of("a"), 1, "x");
    }

    @Test
    void aDimensionThatIgnoresTheInputIsInactiveAndCarriesNoKl() {
        // μ₁ = 2·x₁ varies with x; μ₂ = 0 and σ₂ = 1 whatever x is: posterior collapse in dimension 2.
        Vae vae = linearEncoder(new float[] {2, 0, 0, 0}, new float[] {0, 0});
        LatentStatistics s = LatentStatistics.of(vae, randomData(4000));
        assertThat(s.activeUnits()).isEqualTo(1);
        assertThat(s.klPerDimension()[1]).isZero();
        // x₁ ~ U(0, 1): Var(2x₁) = 4/12, E[½μ²] = ½·4·E[x²] = 2/3
        assertThat(s.muVariance()[0]).isCloseTo(4.0 / 12, within(0.02));
        assertThat(s.klPerDimension()[0]).isCloseTo(2.0 / 3, within(0.02));
    }

    @Test
    void klPerDimensionIncludesTheVarianceTerm() {
        Vae vae = linearEncoder(new float[] {0, 0, 0, 0}, new float[] {1, 0});
        LatentStatistics s = LatentStatistics.of(vae, randomData(10));
        assertThat(s.klPerDimension()[0]).isCloseTo(0.5 * (Math.exp(1) - 1 - 1), within(1e-6));
        assertThat(s.activeUnits()).isZero();
    }
}
