package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.model.Likelihood;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.math.Rng;

/**
 * bits/dim as the papers print it: positive for a discrete likelihood, and for a density on 8-bit pixels the
 * density's bits plus log2 256 = 8; elsewhere a density's figure is said not to be comparable.
 */
class BitsPerDimTest {
    private static Dataset pixels(int levels) {
        float[] px = new float[4 * 4]; // (4, 4): four examples of 2x2
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 37 % (levels + 1)) / (float) levels;
        }
        return new Dataset("test", 2, 2, px, new int[4], List.of("all"), levels, "none");
    }

    @Test
    void aDensityOnEightBitPixelsGetsThePapersEightBitsPerDimensionAdded() {
        BitsPerDim bits = BitsPerDim.of(Likelihood.parse("gaussian(0.1)"), pixels(255));
        assertThat(bits.offset()).isEqualTo(8);
        assertThat(bits.of(-4 * Math.log(2), 4)).isCloseTo(7, within(1e-12)); // -1 bit/dim of density, +8
        assertThat(bits.convention()).contains("the papers' 8-bit figure").contains("+ 8 (log2 256 per pixel");
        assertThat(BitsPerDim.of(Likelihood.parse("continuous-bernoulli"), pixels(255)).offset()).isEqualTo(8);
    }

    @Test
    void aDensityOnOtherPixelsIsSaidNotToBeComparable() {
        BitsPerDim bits = BitsPerDim.of(Likelihood.parse("gaussian(learned-pixel)"), pixels(16));
        assertThat(bits.offset()).isZero();
        assertThat(bits.convention()).contains("can be negative, and is not comparable to the papers' bits/dim")
                .contains("x/16 in [0,1]");
    }

    @Test
    void aDiscreteLikelihoodIsThePapersFigureAsItIs() {
        BitsPerDim bits = BitsPerDim.of(Likelihood.parse("binomial(16)"), pixels(16));
        assertThat(bits.offset()).isZero();
        assertThat(bits.of(4 * Math.log(2), 4)).isCloseTo(1, within(1e-12));
        assertThat(BitsPerDim.of(Likelihood.parse("bernoulli"), pixels(255)).offset()).isZero();
        assertThat(BitsPerDim.of(Likelihood.parse("bernoulli"), pixels(1)).convention())
                .isEqualTo("nats / (pixels · ln 2), as in the papers");
    }

    /** On grayscale x a Bernoulli's nats are a cross-entropy: the line must not call them the papers' figure. */
    @Test
    void aBernoulliOnGrayscaleDataIsNotThePapersFigure() {
        BitsPerDim bits = BitsPerDim.of(Likelihood.parse("bernoulli"), pixels(255));
        assertThat(bits.convention()).contains("not comparable to the papers' bits/dim").doesNotContain("as in the papers");
        assertThat(bits.of(4 * Math.log(2), 4)).isCloseTo(1, within(1e-12));
    }

    /** The QA report's model: gaussian(0.1) on 8-bit pixels printed -0.65 bits/dim. */
    @Test
    void theEvaluationsBitsPerDimOfADensityOnEightBitDataArePositive() {
        Dataset data = pixels(255);
        Vae vae = Vae.initialize(VaeConfig.symmetric(2, 2, List.of(4), 2, "gaussian(0.1)"), new Rng(3));
        MarginalLikelihood.Estimate e = MarginalLikelihood.estimate(vae, data, 4, 1, 5);
        assertThat(e.elbo().negElboBitsPerDim())
                .isCloseTo(-e.elbo().elbo() / (4 * Math.log(2)) + 8, within(1e-9));
        assertThat(e.isNll().bitsPerDim()).isCloseTo(e.isNll().nll() / (4 * Math.log(2)) + 8, within(1e-9));
    }
}
