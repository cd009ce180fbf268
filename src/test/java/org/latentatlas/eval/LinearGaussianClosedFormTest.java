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

/**
 * A VAE with no hidden layers and a Gaussian likelihood is probabilistic PCA: x = Wz + b + σ·noise, so
 * p(x) = N(b, WWᵀ + σ²I) exactly and the true posterior is Gaussian. With orthogonal columns of W it is
 * also diagonal, so the linear encoder heads can hold it exactly, or a deliberately wrong one.
 */
class LinearGaussianClosedFormTest {
    static final int D = 5;
    static final int L = 2;
    static final double SIGMA = 0.5;
    // (D, L): orthogonal columns of norms 1.5 and 0.7
    static final double[][] W = {{1.2, 0}, {0.9, 0}, {0, 0.42}, {0, 0}, {0, 0.56}};
    static final double[] B = {0.1, -0.2, 0.3, 0, 0.05};
    static final int EXAMPLES = 200;

    /** Posterior variance of z_j: 1 / (1 + ‖w_j‖²/σ²). */
    static double posteriorVariance(int j) {
        double norm2 = 0;
        for (double[] row : W) {
            norm2 += row[j] * row[j];
        }
        return 1 / (1 + norm2 / (SIGMA * SIGMA));
    }

    /** Posterior mean of z_j: var_j · w_jᵀ(x − b) / σ². */
    static double posteriorMean(double[] x, int j) {
        double dot = 0;
        for (int d = 0; d < D; d++) {
            dot += W[d][j] * (x[d] - B[d]);
        }
        return posteriorVariance(j) * dot / (SIGMA * SIGMA);
    }

    /**
     * The model with encoder μ = scale · (true mean) + shift and σ² = varianceFactor · (true variance);
     * (1, 0, 1) is the exact posterior.
     */
    static Vae model(double scale, double shift, double varianceFactor) {
        VaeConfig config = new VaeConfig(D, 1, D, List.of(), L, List.of(), "gaussian(" + SIGMA + ")", "relu");
        ParameterLayout layout = ParameterLayout.of(config);
        float[] p = new float[layout.size()];
        for (int j = 0; j < L; j++) {
            double gain = scale * posteriorVariance(j) / (SIGMA * SIGMA);
            double bias = shift;
            for (int d = 0; d < D; d++) {
                p[layout.weightOffset("mu") + j * D + d] = (float) (gain * W[d][j]);
                bias -= gain * W[d][j] * B[d];
            }
            p[layout.biasOffset("mu") + j] = (float) bias;
            p[layout.biasOffset("logvar") + j] = (float) Math.log(varianceFactor * posteriorVariance(j));
        }
        for (int d = 0; d < D; d++) {
            for (int j = 0; j < L; j++) {
                p[layout.weightOffset("decoder.0") + d * L + j] = (float) W[d][j];
            }
            p[layout.biasOffset("decoder.0") + d] = (float) B[d];
        }
        return new Vae(config, p);
    }

    /** Examples drawn from the model itself. */
    static Dataset data() {
        Rng rng = new Rng(7);
        float[] px = new float[EXAMPLES * D];
        for (int i = 0; i < EXAMPLES; i++) {
            double z0 = rng.nextGaussian();
            double z1 = rng.nextGaussian();
            for (int d = 0; d < D; d++) {
                px[i * D + d] = (float) (W[d][0] * z0 + W[d][1] * z1 + B[d] + SIGMA * rng.nextGaussian());
            }
        }
        return new Dataset("ppca", 1, D, px, new int[EXAMPLES], List.of("all"), 1, "none");
    }

    /** Mean over examples of log N(x; b, WWᵀ + σ²I), by Cholesky in double. */
    static double exactMeanLogMarginal(Dataset data) {
        double[][] c = new double[D][D];
        for (int a = 0; a < D; a++) {
            for (int b = 0; b < D; b++) {
                c[a][b] = W[a][0] * W[b][0] + W[a][1] * W[b][1] + (a == b ? SIGMA * SIGMA : 0);
            }
        }
        double[][] chol = cholesky(c);
        double logDet = 0;
        for (int a = 0; a < D; a++) {
            logDet += 2 * Math.log(chol[a][a]);
        }
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] y = new double[D]; // solve chol · y = x − b
            for (int a = 0; a < D; a++) {
                double s = data.pixels()[i * D + a] - B[a];
                for (int b = 0; b < a; b++) {
                    s -= chol[a][b] * y[b];
                }
                y[a] = s / chol[a][a];
            }
            double quad = 0;
            for (double v : y) {
                quad += v * v;
            }
            total += -0.5 * (quad + logDet + D * Math.log(2 * Math.PI));
        }
        return total / data.size();
    }

    private static double[][] cholesky(double[][] a) {
        double[][] l = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        return l;
    }

    /** Mean over examples of KL(q(z|x) ‖ p(z|x)) for the encoder of {@link #model}. */
    static double meanKlToTruePosterior(Dataset data, double scale, double shift, double varianceFactor) {
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] x = new double[D];
            for (int d = 0; d < D; d++) {
                x[d] = data.pixels()[i * D + d];
            }
            for (int j = 0; j < L; j++) {
                double vp = posteriorVariance(j);
                double mp = posteriorMean(x, j);
                double vq = varianceFactor * vp;
                double mq = scale * mp + shift;
                total += 0.5 * (vq / vp + (mp - mq) * (mp - mq) / vp - 1 + Math.log(vp / vq));
            }
        }
        return total / data.size();
    }

    @Test
    void withTheExactPosteriorEverySampleGivesLogPxSoIsNllEqualsTheTruthAtKEqualsOne() {
        Dataset data = data();
        double truth = -exactMeanLogMarginal(data);
        MarginalLikelihood.Estimate e = MarginalLikelihood.estimate(model(1, 0, 1), data, 1, 2, 3);
        assertThat(e.isNll().nll()).isCloseTo(truth, within(1e-4));
        assertThat(e.isNll().stdErrRepeats()).isLessThan(1e-4);
    }

    @Test
    void withTheExactPosteriorTheElboIsTightUpToMonteCarloNoise() {
        Dataset data = data();
        double truth = exactMeanLogMarginal(data);
        MarginalLikelihood.Estimate e = MarginalLikelihood.estimate(model(1, 0, 1), data, 2000, 1, 3);
        assertThat(e.elbo().elbo()).isCloseTo(truth, within(0.01));
    }

    @Test
    void withAWrongPosteriorTheElboGapEqualsTheKlToTheTruePosterior() {
        Dataset data = data();
        double scale = 0.7;
        double shift = 0.3;
        double varianceFactor = 2.5;
        double kl = meanKlToTruePosterior(data, scale, shift, varianceFactor);
        double gap = exactMeanLogMarginal(data)
                - MarginalLikelihood.estimate(model(scale, shift, varianceFactor), data, 4000, 1, 5).elbo().elbo();
        assertThat(kl).as("the wrong posterior must be clearly wrong").isGreaterThan(0.3);
        assertThat(gap).isCloseTo(kl, within(0.01));
    }

    @Test
    void withAWrongPosteriorIsNllConvergesToTheTruthAsKGrows() {
        Dataset data = data();
        double truth = -exactMeanLogMarginal(data);
        Vae wrong = model(0.7, 0.3, 2.5);
        double k1 = MarginalLikelihood.estimate(wrong, data, 1, 3, 11).isNll().nll();
        double k10 = MarginalLikelihood.estimate(wrong, data, 10, 3, 11).isNll().nll();
        ImportanceSampledNll k5000 = MarginalLikelihood.estimate(wrong, data, 5000, 3, 11).isNll();
        assertThat(k1).isGreaterThan(k10);
        assertThat(k10).isGreaterThan(k5000.nll());
        assertThat(k5000.nll()).isCloseTo(truth, within(0.005));
        assertThat(k5000.nll()).as("IS-NLL is an upper bound in expectation").isGreaterThan(truth - 3 * k5000.stdErrRepeats() - 1e-4);
    }
}
