package org.latentatlas.eval;

import org.latentatlas.math.Parallel;

/**
 * t-SNE's input affinities P: p_ij = (p_j|i + p_i|j) / 2n, where p_j|i is a Gaussian kernel around x_i whose width
 * is found by bisection so that the row's perplexity is the one asked for.
 *
 * <p>Exact t-SNE spreads every row over all n − 1 other points ({@link #dense}, n² doubles); Barnes-Hut t-SNE
 * (van der Maaten 2014, section 4.1) over each point's 3·perplexity nearest neighbours only ({@link #sparse}), as
 * the kernel is all but zero beyond them. Given all n − 1 neighbours the two are the same numbers, bar
 * {@link #dense}'s floor of 10⁻¹².
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
        double target = StrictMath.log(perplexity);
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
     * The sparse symmetric P over the neighbour graph made undirected: p_ij is non-zero where j is among i's
     * neighbours or i among j's. Rows are calibrated in parallel, each on its own, so any thread count gives the
     * same numbers; {@code progress} hears of them in blocks.
     */
    static SparseAffinities sparse(NearestNeighbours neighbours, double perplexity, Parallel pool,
            Progress progress) {
        int n = neighbours.n();
        int k = neighbours.k();
        double[] cond = new double[n * k]; // (n, k) p_j|i for i's j-th neighbour
        double target = StrictMath.log(perplexity);
        int block = Math.max(1, n / 20);
        for (int from = 0; from < n; from += block) {
            int first = from;
            int rows = Math.min(block, n - from);
            pool.forEachRange(rows, (a, b) -> {
                for (int i = first + a; i < first + b; i++) {
                    conditionalRow(neighbours.distances(), i * k, k, -1, cond, target);
                }
            });
            progress.advance(from + rows);
        }
        return symmetrize(neighbours, cond);
    }

    /**
     * ‖x_i − x_j‖² of rows of x (n, d), summed in double over float differences (as exact t-SNE always has: the
     * neighbour search uses it too, so that both see the same distances).
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
                double v = j == self ? 0 : StrictMath.exp(-beta * dist[from + j]);
                out[from + j] = v;
                sum += v;
                weighted += v * dist[from + j];
            }
            sum = Math.max(sum, 1e-300);
            double entropy = StrictMath.log(sum) + beta * weighted / sum;
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

    /**
     * (p_j|i + p_i|j) / 2n over the union of both directions, rows in column order. Row i's entries come from two
     * lists already in column order, its own neighbours and the points that have i as a neighbour (collected by
     * increasing point), merged; a pair in both adds p_j|i + p_i|j, a pair in one adds the other as zero.
     */
    private static SparseAffinities symmetrize(NearestNeighbours neighbours, double[] cond) {
        int n = neighbours.n();
        int k = neighbours.k();
        int[] nbr = neighbours.indices();
        int[] reverseStart = new int[n + 1]; // (n + 1) where each point's "has me as a neighbour" list begins
        for (int e = 0; e < nbr.length; e++) {
            reverseStart[nbr[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            reverseStart[i + 1] += reverseStart[i];
        }
        int[] reverseFrom = new int[nbr.length];    // the point that named this one
        double[] reverseCond = new double[nbr.length]; // its p_me|that
        int[] fill = reverseStart.clone();
        for (int i = 0; i < n; i++) {
            for (int e = i * k; e < (i + 1) * k; e++) {
                int slot = fill[nbr[e]]++;
                reverseFrom[slot] = i;
                reverseCond[slot] = cond[e];
            }
        }
        int[] rowStart = new int[n + 1];
        int[] columns = new int[2 * nbr.length];
        double[] values = new double[2 * nbr.length];
        int at = 0;
        double scale = 2.0 * n;
        for (int i = 0; i < n; i++) {
            int f = i * k;
            int r = reverseStart[i];
            while (f < (i + 1) * k || r < reverseStart[i + 1]) {
                int fj = f < (i + 1) * k ? nbr[f] : Integer.MAX_VALUE;
                int rj = r < reverseStart[i + 1] ? reverseFrom[r] : Integer.MAX_VALUE;
                int j = Math.min(fj, rj);
                double forward = fj == j ? cond[f++] : 0;
                double backward = rj == j ? reverseCond[r++] : 0;
                columns[at] = j;
                values[at++] = (forward + backward) / scale;
            }
            rowStart[i + 1] = at;
        }
        return new SparseAffinities(n, rowStart, java.util.Arrays.copyOf(columns, at),
                java.util.Arrays.copyOf(values, at));
    }
}
