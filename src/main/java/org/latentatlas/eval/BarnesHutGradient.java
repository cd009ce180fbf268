package org.latentatlas.eval;

import org.latentatlas.math.Parallel;

/**
 * t-SNE's gradient as Barnes-Hut t-SNE computes it (van der Maaten 2014): 4 (α F_attr − F_rep / Z), the
 * attraction F_attr,i = Σ_j p_ij w_ij (y_i − y_j) over the sparse P only, the repulsion F_rep,i = Σ_j w_ij²
 * (y_i − y_j) and Z = Σ_i Σ_j w_ij from a {@link QuadTree} with cells summarized at width/distance under θ.
 *
 * <p>Each point's sums are its own, in a fixed order, and Z adds the points' parts in point order, so the result
 * does not depend on how many threads share the points. The points are visited leaf by leaf, so that one point's
 * walk down the tree finds the cells the last one read still in cache (a fifth faster than in index order).
 */
final class BarnesHutGradient implements TsneGradient {
    private final SparseAffinities p;
    private final QuadTree tree;
    private final Parallel pool;
    private final double[] attraction; // (n, 2)
    private final double[] repulsion;  // (n, 2)
    private final double[] z;          // (n) each point's Σ_j w_ij
    private final int[] order;         // (n) the points leaf by leaf

    BarnesHutGradient(SparseAffinities p, double theta, Parallel pool) {
        this.p = p;
        this.tree = new QuadTree(p.n(), theta);
        this.pool = pool;
        this.attraction = new double[2 * p.n()];
        this.repulsion = new double[2 * p.n()];
        this.z = new double[p.n()];
        this.order = new int[p.n()];
    }

    @Override
    public void gradient(double[] y, double exaggeration, double[] grad) {
        int n = p.n();
        tree.build(y);
        tree.leafOrder(order);
        pool.forEachRange(n, (from, to) -> {
            int[] stack = new int[QuadTree.stackSize()];
            for (int r = from; r < to; r++) {
                int i = order[r];
                z[i] = tree.repulsion(i, repulsion, stack);
                attract(y, i);
            }
        });
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += z[i];
        }
        for (int k = 0; k < 2 * n; k++) {
            grad[k] = 4 * (exaggeration * attraction[k] - repulsion[k] / sum);
        }
    }

    /** F_attr,i = Σ_j p_ij w_ij (y_i − y_j) over row i of P. */
    private void attract(double[] y, int i) {
        double fx = 0;
        double fy = 0;
        for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
            int j = p.columns()[e];
            double dx = y[2 * i] - y[2 * j];
            double dy = y[2 * i + 1] - y[2 * j + 1];
            double m = p.values()[e] / (1 + dx * dx + dy * dy);
            fx += m * dx;
            fy += m * dy;
        }
        attraction[2 * i] = fx;
        attraction[2 * i + 1] = fy;
    }
}
