package org.latentatlas.eval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.latentatlas.math.ElementwiseOps;
import org.latentatlas.math.Gemm;
import org.latentatlas.model.Likelihood;

/**
 * −log p(x|z) of one decoded row: the sum over pixels of {@link Likelihood#negLogLikelihood}, in nats.
 *
 * <p>Importance sampling scores tens of millions of rows of hundreds of pixels, so this is as hot as the
 * decoder's GEMMs. The likelihoods whose per-pixel loss is {@code a·softplus(l) − t·l + c} (Bernoulli, Binomial)
 * or a squared error (Gaussian) get a Vector API path; the rest, and every JVM without the module, fall back to
 * {@link #exact}, which calls the likelihood pixel by pixel and is the oracle the fast paths are tested against.
 *
 * <p>The Bernoulli and Binomial paths are the training loss's own passes ({@link ElementwiseOps}), whose
 * exponentials and logarithms are polynomials in plain float arithmetic, not the Vector API's {@code EXP} and
 * {@code LOG} lanes: those are rounded one way interpreted and another once C2 compiles them, so an evaluation's
 * last digits would depend on when the JIT finished: same seed, different bytes.
 */
public interface RowScorer {

    /** −log p(x_example | outputs[offset .. offset+dim)) in nats. */
    double negLogLikelihood(float[] outputs, int offset, int example);

    /**
     * The fastest scorer for a likelihood over {@code pixels} (examples, dim) in [0, 1].
     * The arrays are read, not copied.
     */
    static RowScorer of(Likelihood likelihood, float[] pixels, int dim) {
        if (!Gemm.isVectorized()) {
            return exact(likelihood, pixels, dim);
        }
        if (likelihood instanceof Likelihood.Bernoulli) {
            return (outputs, offset, example) ->
                    ElementwiseOps.bernoulliNll(outputs, offset, pixels, example * dim, dim);
        }
        if (likelihood instanceof Likelihood.Binomial b) {
            return binomial(b.n(), pixels, dim);
        }
        if (likelihood instanceof Likelihood.Gaussian g) {
            double constant = dim * (StrictMath.log(g.sigma()) + 0.5 * StrictMath.log(2 * Math.PI));
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
                sum += likelihood.negLogLikelihood(d, outputs[offset + d], pixels[x + d]); // σ may be per pixel
            }
            return sum;
        };
    }

    /** −log Binomial(k; n, σ(l)) = n·softplus(l) − k·l − log C(n, k): Σ log C is the example's, computed once. */
    private static RowScorer binomial(int n, float[] pixels, int dim) {
        int examples = pixels.length / dim;
        double[] constants = new double[examples]; // (examples) −Σ_d log C(n, k_d)
        for (int e = 0; e < examples; e++) {
            double c = 0;
            for (int d = 0; d < dim; d++) {
                c -= ElementwiseOps.logChoose(n, (int) Math.round(pixels[e * dim + d] * (double) n));
            }
            constants[e] = c;
        }
        return (outputs, offset, example) -> constants[example]
                + ElementwiseOps.binomialLogitTerms(outputs, offset, pixels, example * dim, dim, n);
    }

    /** The Vector API code, in its own class so RowScorer loads where the module is absent. */
    final class Lanes {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Lanes() {}

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
                // the lanes in lane order: reduceLanes(ADD)'s order is the JDK's (ScalarOps.sumInOrder says why)
                float lanes = 0f;
                for (int j = 0; j < S.length(); j++) {
                    lanes += acc.lane(j);
                }
                double squares = lanes;
                for (int d = bound; d < dim; d++) {
                    double r = pixels[t + d] - outputs[offset + d];
                    squares += r * r;
                }
                return squares * scale + constant;
            };
        }
    }
}
