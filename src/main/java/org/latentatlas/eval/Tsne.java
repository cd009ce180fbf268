package org.latentatlas.eval;

import org.latentatlas.math.Rng;

/**
 * Exact t-SNE (van der Maaten &amp; Hinton 2008) to two dimensions, seeded.
 *
 * <p>Exact means O(n²) time and memory per iteration, which is seconds for the few thousand points a
 * figure can show; callers subsample larger sets. No permissive, seedable t-SNE is on Maven Central (see
 * docs/figures.md), which is why this exists. The optimizer is the paper's: early exaggeration ×12 for the
 * first 250 iterations, momentum 0.5 then 0.8, and per-parameter gains.
 *
 * @param perplexity effective number of neighbours (5..50 is usual); capped at (n − 1) / 3 for tiny inputs
 * @param iterations gradient steps (≥ 250 so exaggeration can end)
 * @param seed       seed of the initial layout
 */
public record Tsne(double perplexity, int iterations, long seed) {
    private static final int EXAGGERATION_ITERATIONS = 250;
    private static final double EXAGGERATION = 12;

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

    /** Embeds x (n, d) into (n, 2). */
    public float[] embed(float[] x, int n, int d) {
        return embed(x, n, d, Progress.NONE);
    }

    /** Embeds x (n, d) into (n, 2), telling {@code progress} of each point's affinities, then of each iteration. */
    public float[] embed(float[] x, int n, int d, Progress progress) {
        if (n < 4 || x.length != (long) n * d) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points of (n, d) = (" + n + ", " + d
                    + "), got " + x.length + " values");
        }
        progress.phase("t-SNE affinities", n, " points");
        double[] p = affinities(x, n, d, Math.min(perplexity, (n - 1) / 3.0), progress);
        progress.phase("t-SNE", iterations, " iterations");
        float[] y = optimize(p, n, progress);
        progress.finish();
        return y;
    }

    /** Symmetric P with p_ij = (p_j|i + p_i|j) / 2n, each row's Gaussian width found by bisection on perplexity. */
    static double[] affinities(float[] x, int n, int d, double perplexity, Progress progress) {
        double[] dist = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = x[i * d + k] - x[j * d + k];
                    s += diff * diff;
                }
                dist[i * n + j] = s;
                dist[j * n + i] = s;
            }
        }
        double[] cond = new double[n * n];
        double target = StrictMath.log(perplexity);
        for (int i = 0; i < n; i++) {
            conditionalRow(dist, cond, i, n, target);
            progress.advance(i + 1);
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i * n + j] = Math.max((cond[i * n + j] + cond[j * n + i]) / (2.0 * n), 1e-12);
            }
        }
        return p;
    }

    private static void conditionalRow(double[] dist, double[] cond, int i, int n, double targetEntropy) {
        double beta = 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < 100; step++) {
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < n; j++) {
                double v = j == i ? 0 : StrictMath.exp(-beta * dist[i * n + j]);
                cond[i * n + j] = v;
                sum += v;
                weighted += v * dist[i * n + j];
            }
            sum = Math.max(sum, 1e-300);
            double entropy = StrictMath.log(sum) + beta * weighted / sum;
            for (int j = 0; j < n; j++) {
                cond[i * n + j] /= sum;
            }
            double gap = entropy - targetEntropy;
            if (Math.abs(gap) < 1e-5) {
                return;
            }
            if (gap > 0) { // too flat: narrow the Gaussian
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
    }

    private float[] optimize(double[] p, int n, Progress progress) {
        Rng rng = new Rng(seed);
        double[] y = new double[n * 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * rng.nextGaussian();
        }
        double[] velocity = new double[n * 2];
        double[] gains = new double[n * 2];
        java.util.Arrays.fill(gains, 1);
        double[] grad = new double[n * 2];
        double[] q = new double[n * n];
        double learningRate = Math.max(n / EXAGGERATION / 4, 50);
        for (int it = 0; it < iterations; it++) {
            double exaggeration = it < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
            double momentum = it < EXAGGERATION_ITERATIONS ? 0.5 : 0.8;
            gradient(p, y, q, grad, n, exaggeration);
            for (int k = 0; k < y.length; k++) {
                boolean sameSign = Math.signum(grad[k]) == Math.signum(velocity[k]);
                gains[k] = Math.max(sameSign ? gains[k] * 0.8 : gains[k] + 0.2, 0.01);
                velocity[k] = momentum * velocity[k] - learningRate * gains[k] * grad[k];
                y[k] += velocity[k];
            }
            center(y, n);
            progress.advance(it + 1);
        }
        float[] out = new float[n * 2];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) y[k];
        }
        return out;
    }

    /** ∂KL(P‖Q)/∂y_i = 4 Σ_j (p_ij − q_ij) (y_i − y_j) / (1 + ‖y_i − y_j‖²). */
    private static void gradient(double[] p, double[] y, double[] q, double[] grad, int n, double exaggeration) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double w = 1 / (1 + dx * dx + dy * dy);
                q[i * n + j] = w;
                q[j * n + i] = w;
                sum += 2 * w;
            }
        }
        java.util.Arrays.fill(grad, 0);
        for (int i = 0; i < n; i++) {
            double gx = 0;
            double gy = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double w = q[i * n + j];
                double m = (exaggeration * p[i * n + j] - w / sum) * w;
                gx += m * (y[2 * i] - y[2 * j]);
                gy += m * (y[2 * i + 1] - y[2 * j + 1]);
            }
            grad[2 * i] = 4 * gx;
            grad[2 * i + 1] = 4 * gy;
        }
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
