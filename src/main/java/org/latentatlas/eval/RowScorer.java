package org.latentatlas.eval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.latentatlas.math.Gemm;
import org.latentatlas.model.Likelihood;

/**
 * −log p(x|z) of one decoded row: the sum over pixels of {@link Likelihood#negLogLikelihood}, in nats.
 *
 * <p>Importance sampling scores tens of millions of rows of hundreds of pixels, so this is as hot as the
 * decoder's GEMMs. The likelihoods whose per-pixel loss is {@code a·softplus(l) − t·l + c} (Bernoulli, Binomial)
 * or a squared error (Gaussian) get a Vector API path; the rest, and every JVM without the module, fall back to
 * {@link #exact}, which calls the likelihood pixel by pixel and is the oracle the fast paths are tested against.
 */
public interface RowScorer {

    /** −log p(x_example | outputs[offset .. offset+dim)) in nats. */
    double negLogLikelihood(float[] outputs, int offset, int example);

    /**
     * The fastest scorer for a likelihood over {@code pixels} (examples, dim) in [0, 1].
     * The arrays are read, not copied, except where a likelihood needs derived targets (Binomial counts).
     */
    static RowScorer of(Likelihood likelihood, float[] pixels, int dim) {
        if (!Gemm.isVectorized()) {
            return exact(likelihood, pixels, dim);
        }
        if (likelihood instanceof Likelihood.Bernoulli) {
            return Lanes.softplus(1f, pixels, null, dim);
        }
        if (likelihood instanceof Likelihood.Binomial b) {
            return binomial(b, pixels, dim);
        }
        if (likelihood instanceof Likelihood.Gaussian g) {
            double constant = dim * (Math.log(g.sigma()) + 0.5 * Math.log(2 * Math.PI));
            return Lanes.gaussian(pixels, dim, 0.5 / (g.sigma() * g.sigma()), constant);
        }
        return exact(likelihood, pixels, dim);
    }

    /** Pixel by pixel through the likelihood itself, in double: slow, obviously right. */
    static RowScorer exact(Likelihood likelihood, float[] pixels, int dim) {
        return (outputs, offset, example) -> {
            double sum = 0;
            int x = example * dim;
            for (int d = 0; d < dim; d++) {
                sum += likelihood.negLogLikelihood(outputs[offset + d], pixels[x + d]);
            }
            return sum;
        };
    }

    /** −log Binomial(k; n, σ(l)) = n·softplus(l) − k·l − log C(n, k): the counts and Σ log C are per example. */
    private static RowScorer binomial(Likelihood.Binomial b, float[] pixels, int dim) {
        int n = b.n();
        int examples = pixels.length / dim;
        float[] counts = new float[pixels.length]; // (examples, dim)
        double[] constants = new double[examples];  // (examples) −Σ_d log C(n, k_d)
        double[] logFactorial = new double[n + 1];
        for (int i = 2; i <= n; i++) {
            logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        }
        for (int e = 0; e < examples; e++) {
            double c = 0;
            for (int d = 0; d < dim; d++) {
                int k = (int) Math.round(pixels[e * dim + d] * (double) n);
                counts[e * dim + d] = k;
                c -= logFactorial[n] - logFactorial[k] - logFactorial[n - k];
            }
            constants[e] = c;
        }
        return Lanes.softplus(n, counts, constants, dim);
    }

    /** The Vector API code, in its own class so RowScorer loads where the module is absent. */
    final class Lanes {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Lanes() {}

        /** Factors (1 + e^−|l|) ≤ 2 multiplied per lane before one log: 2^32 stays far inside float range. */
        private static final int PRODUCT_RUN = 32;

        /**
         * Σ_d [a·softplus(l_d) − t_d·l_d] + constant[example], softplus(l) = max(l, 0) + log1p(e^−|l|).
         * The log1p terms are summed as the log of a product, one vector log per {@link #PRODUCT_RUN} steps
         * instead of one per element: the exponentials are then the only per-element transcendental.
         */
        static RowScorer softplus(float a, float[] targets, double[] constants, int dim) {
            int bound = S.loopBound(dim);
            FloatVector scale = FloatVector.broadcast(S, a);
            FloatVector one = FloatVector.broadcast(S, 1f);
            return (outputs, offset, example) -> {
                int t = example * dim;
                FloatVector linear = FloatVector.zero(S);  // Σ a·max(l, 0) − t·l
                FloatVector logs = FloatVector.zero(S);    // Σ log Π (1 + e^−|l|)
                FloatVector product = one;
                int run = 0;
                for (int d = 0; d < bound; d += S.length()) {
                    FloatVector l = FloatVector.fromArray(S, outputs, offset + d);
                    FloatVector x = FloatVector.fromArray(S, targets, t + d);
                    product = product.mul(l.abs().neg().lanewise(VectorOperators.EXP).add(one));
                    linear = l.max(0f).fma(scale, l.mul(x).neg()).add(linear);
                    if (++run == PRODUCT_RUN) {
                        logs = logs.add(product.lanewise(VectorOperators.LOG));
                        product = one;
                        run = 0;
                    }
                }
                logs = logs.add(product.lanewise(VectorOperators.LOG));
                double sum = linear.reduceLanes(VectorOperators.ADD) + a * (double) logs.reduceLanes(VectorOperators.ADD);
                for (int d = bound; d < dim; d++) {
                    double l = outputs[offset + d];
                    sum += a * Likelihood.softplus(l) - targets[t + d] * l;
                }
                return constants == null ? sum : sum + constants[example];
            };
        }

        /** Σ_d (x_d − μ_d)²·scale + constant. */
        static RowScorer gaussian(float[] pixels, int dim, double scale, double constant) {
            int bound = S.loopBound(dim);
            return (outputs, offset, example) -> {
                int t = example * dim;
                FloatVector acc = FloatVector.zero(S);
                for (int d = 0; d < bound; d += S.length()) {
                    FloatVector r = FloatVector.fromArray(S, pixels, t + d)
                            .sub(FloatVector.fromArray(S, outputs, offset + d));
                    acc = r.fma(r, acc);
                }
                double squares = acc.reduceLanes(VectorOperators.ADD);
                for (int d = bound; d < dim; d++) {
                    double r = pixels[t + d] - outputs[offset + d];
                    squares += r * r;
                }
                return squares * scale + constant;
            };
        }
    }
}
