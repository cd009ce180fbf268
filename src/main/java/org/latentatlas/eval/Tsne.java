package org.latentatlas.eval;

import java.util.Arrays;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;

/**
 * t-SNE (van der Maaten &amp; Hinton 2008) to two dimensions, seeded: exact for small sets, Barnes-Hut t-SNE (van der
 * Maaten 2014, "Accelerating t-SNE using tree-based algorithms") above {@link #EXACT_MAX_POINTS}.
 *
 * <p>Exact t-SNE is O(n²) time and memory per iteration ({@link TsneAffinities#dense}, {@link ExactGradient}).
 * Barnes-Hut keeps each point's affinities to its 3·perplexity nearest neighbours only ({@link NearestNeighbours},
 * {@link TsneAffinities#sparse}) and estimates the repulsion with a quadtree at θ = {@link #THETA}
 * ({@link BarnesHutGradient}): O(n log n) per iteration, 10,000 points in well under a minute on two cores. Both
 * share the paper's optimizer: early exaggeration ×12 for the first 250 iterations, momentum 0.5 then 0.8, and
 * per-parameter gains. The same seed gives the same bytes for any thread count. No permissive, seedable t-SNE is
 * on Maven Central (see docs/figures.md), which is why this exists.
 *
 * @param perplexity effective number of neighbours (5..50 is usual); capped at (n − 1) / 3 for tiny inputs
 * @param iterations gradient steps (≥ 250 so exaggeration can end)
 * @param seed       seed of the initial layout
 */
public record Tsne(double perplexity, int iterations, long seed) {
    /** Barnes-Hut's accuracy/speed trade: a cell acts as one body when its width is under θ times its distance. */
    public static final double THETA = 0.5;
    /**
     * Up to this many points exact t-SNE is used: it is as fast as Barnes-Hut here and exact (measured on 2 cores,
     * docs/figures.md); above, Barnes-Hut's O(n log n) wins, by more the larger the set.
     */
    public static final int EXACT_MAX_POINTS = 400;
    private static final int EXAGGERATION_ITERATIONS = 250;
    private static final double EXAGGERATION = 12;
    /** Barnes-Hut keeps this many neighbours per unit of perplexity, as the paper does. */
    private static final int NEIGHBOURS_PER_PERPLEXITY = 3;

    public Tsne {
        if (!(perplexity >= 2 && perplexity <= 100)) {
            throw new IllegalArgumentException("t-SNE perplexity must be in 2..100, got " + perplexity);
        }
        if (iterations < EXAGGERATION_ITERATIONS || iterations > 10_000) {
            throw new IllegalArgumentException("t-SNE iterations must be in 250..10000, got " + iterations);
        }
    }

    public static Tsne defaults(long seed) {
        return new Tsne(30, 1000, seed);
    }

    /** Whether {@link #embed} runs Barnes-Hut t-SNE on n points (else exact t-SNE). */
    public static boolean usesBarnesHut(int n) {
        return n > EXACT_MAX_POINTS;
    }

    /** Neighbours per point Barnes-Hut keeps for n points: 3·perplexity, all n − 1 for tiny sets. */
    public int neighbours(int n) {
        return Math.min(n - 1, (int) (NEIGHBOURS_PER_PERPLEXITY * perplexity(n)));
    }

    /** Embeds x (n, d) into (n, 2). */
    public float[] embed(float[] x, int n, int d) {
        return embed(x, n, d, Progress.NONE);
    }

    /** Embeds x (n, d) into (n, 2) on the shared threads, telling {@code progress} of each phase. */
    public float[] embed(float[] x, int n, int d, Progress progress) {
        return embed(x, n, d, progress, Parallel.shared());
    }

    /**
     * Embeds x (n, d) into (n, 2) on {@code pool}'s threads, telling {@code progress} of each point's affinities
     * (exact), or of each point's neighbours and then its affinities (Barnes-Hut), then of each iteration.
     */
    public float[] embed(float[] x, int n, int d, Progress progress, Parallel pool) {
        return usesBarnesHut(n) ? barnesHut(x, n, d, THETA, progress, pool) : exact(x, n, d, progress);
    }

    /** Exact t-SNE of x (n, d), whatever n. */
    float[] exact(float[] x, int n, int d, Progress progress) {
        check(x, n, d);
        progress.phase("t-SNE affinities", n, " points");
        double[] p = TsneAffinities.dense(x, n, d, perplexity(n), progress);
        return optimize(new ExactGradient(p, n), n, progress);
    }

    /** Barnes-Hut t-SNE of x (n, d) at {@code theta}, whatever n (θ = 0 and n − 1 neighbours: exact t-SNE's steps). */
    float[] barnesHut(float[] x, int n, int d, double theta, Progress progress, Parallel pool) {
        check(x, n, d);
        int k = neighbours(n);
        progress.phase("t-SNE neighbours", n, " points");
        NearestNeighbours nearest = NearestNeighbours.find(x, n, d, k, pool, progress);
        progress.phase("t-SNE affinities", n, " points");
        SparseAffinities p = TsneAffinities.sparse(nearest, perplexity(n), pool, progress);
        return optimize(new BarnesHutGradient(p, theta, pool), n, progress);
    }

    /** The fewest points t-SNE embeds: callers that know where the points come from can say so first. */
    public static final int MIN_POINTS = 4;

    private static void check(float[] x, int n, int d) {
        if (n < MIN_POINTS || x.length != (long) n * d) {
            throw new IllegalArgumentException("t-SNE needs at least " + MIN_POINTS + " points of (n, d) = (" + n
                    + ", " + d + "), got " + x.length + " values");
        }
    }

    private double perplexity(int n) {
        return Math.min(perplexity, (n - 1) / 3.0);
    }

    private float[] optimize(TsneGradient objective, int n, Progress progress) {
        progress.phase("t-SNE", iterations, " iterations");
        Rng rng = new Rng(seed);
        double[] y = new double[n * 2]; // (n, 2)
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * rng.nextGaussian();
        }
        double[] velocity = new double[n * 2];
        double[] gains = new double[n * 2];
        Arrays.fill(gains, 1);
        double[] grad = new double[n * 2];
        double learningRate = Math.max(n / EXAGGERATION / 4, 50);
        for (int it = 0; it < iterations; it++) {
            double exaggeration = it < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
            double momentum = it < EXAGGERATION_ITERATIONS ? 0.5 : 0.8;
            objective.gradient(y, exaggeration, grad);
            for (int k = 0; k < y.length; k++) {
                boolean sameSign = Math.signum(grad[k]) == Math.signum(velocity[k]);
                gains[k] = Math.max(sameSign ? gains[k] * 0.8 : gains[k] + 0.2, 0.01);
                velocity[k] = momentum * velocity[k] - learningRate * gains[k] * grad[k];
                y[k] += velocity[k];
            }
            center(y, n);
            progress.advance(it + 1);
        }
        progress.finish();
        float[] out = new float[n * 2];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) y[k];
        }
        return out;
    }

    private static void center(double[] y, int n) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        mx /= n;
        my /= n;
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
    }
}
