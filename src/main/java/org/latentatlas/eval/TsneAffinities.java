package org.latentatlas.eval;

/**
 * t-SNE's input affinities P: p_ij = (p_j|i + p_i|j) / 2n, where p_j|i is a Gaussian kernel around x_i whose width
 * is found by bisection so that the row's perplexity is the one asked for. Exact t-SNE spreads every row over all
 * n − 1 other points ({@link #dense}, n² doubles).
 */
final class TsneAffinities {
    /** Bisection stops when the row's entropy is this close to log(perplexity), in nats. */
    private static final double ENTROPY_TOLERANCE = 1e-5;
    private static final int MAX_BISECTION_STEPS = 100;

    private TsneAffinities() {}

    /** The dense symmetric P (n, n) of x (n, d), telling {@code progress} of each point's row. */
    static double[] dense(float[] x, int n, int d, double perplexity, Progress progress) {
        double[] dist = new double[n * n]; // (n, n) squared distances
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = squaredDistance(x, d, i, j);
                dist[i * n + j] = s;
                dist[j * n + i] = s;
            }
        }
        double[] cond = new double[n * n]; // (n, n) p_j|i in row i
        double target = Math.log(perplexity);
        for (int i = 0; i < n; i++) {
            conditionalRow(dist, i * n, n, i, cond, target);
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

    /**
     * ‖x_i − x_j‖² of rows of x (n, d), summed in double over float differences as exact t-SNE always has.
     */
    static double squaredDistance(float[] x, int d, int i, int j) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double diff = x[i * d + c] - x[j * d + c];
            s += diff * diff;
        }
        return s;
    }

    /**
     * Row i of p_j|i over dist[from, from + count), written to the same places of {@code out}, with the entry at
     * {@code self} (if ≥ 0) held at zero: β = 1/2σ² is bisected until the row's entropy is log(perplexity).
     */
    static void conditionalRow(double[] dist, int from, int count, int self, double[] out, double targetEntropy) {
        double beta = 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < MAX_BISECTION_STEPS; step++) {
            double sum = 0;
            double weighted = 0;
            for (int j = 0; j < count; j++) {
                double v = j == self ? 0 : Math.exp(-beta * dist[from + j]);
                out[from + j] = v;
                sum += v;
                weighted += v * dist[from + j];
            }
            sum = Math.max(sum, 1e-300);
            double entropy = Math.log(sum) + beta * weighted / sum;
            for (int j = 0; j < count; j++) {
                out[from + j] /= sum;
            }
            double gap = entropy - targetEntropy;
            if (Math.abs(gap) < ENTROPY_TOLERANCE) {
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
}
