package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;

/**
 * Barnes-Hut t-SNE against exact t-SNE, its oracle: the same affinities and gradient when nothing is approximated,
 * a small stated error at θ = 0.5, clusters kept apart, and the same bytes for one thread or two.
 */
class BarnesHutTsneTest {
    private static Parallel one;
    private static Parallel two;

    @BeforeAll
    static void startPools() {
        one = new Parallel(1);
        two = new Parallel(2);
    }

    @AfterAll
    static void stopPools() {
        one.close();
        two.close();
    }

    /** {@code clusters} Gaussian blobs of {@code perCluster} points in d dimensions, centres 20 σ apart. */
    static float[] clusters(int clusters, int perCluster, int d, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[clusters * perCluster * d]; // (clusters · perCluster, d)
        for (int i = 0; i < clusters * perCluster; i++) {
            int c = i / perCluster;
            for (int k = 0; k < d; k++) {
                double centre = k == c % d ? 20 * (1 + c / d) : 0;
                x[i * d + k] = (float) (centre + rng.nextGaussian());
            }
        }
        return x;
    }

    /** A layout as t-SNE makes them: a few tight 2-D groups some way apart. */
    private static double[] layout(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] y = new double[2 * n]; // (n, 2)
        for (int i = 0; i < n; i++) {
            int group = i % 6;
            y[2 * i] = 12 * Math.cos(group) + 2 * rng.nextGaussian();
            y[2 * i + 1] = 12 * Math.sin(group) + 2 * rng.nextGaussian();
        }
        return y;
    }

    private static double[] densify(SparseAffinities p) {
        double[] dense = new double[p.n() * p.n()]; // (n, n)
        for (int i = 0; i < p.n(); i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                dense[i * p.n() + p.columns()[e]] = p.values()[e];
            }
        }
        return dense;
    }

    private static double[] gradient(TsneGradient g, double[] y, double exaggeration) {
        double[] grad = new double[y.length];
        g.gradient(y, exaggeration, grad);
        return grad;
    }

    private static double relativeError(double[] approx, double[] exact) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < exact.length; k++) {
            diff += (approx[k] - exact[k]) * (approx[k] - exact[k]);
            norm += exact[k] * exact[k];
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void affinitiesOverAllNeighboursAreExactTSnesToTheBit() {
        int n = 120;
        int d = 6;
        float[] x = clusters(3, 40, d, 1);
        SparseAffinities sparse = TsneAffinities.sparse(NearestNeighbours.find(x, n, d, n - 1, one, Progress.NONE),
                15, one, Progress.NONE);
        double[] exact = TsneAffinities.dense(x, n, d, 15, Progress.NONE);

        double[] fromSparse = densify(sparse);
        for (int k = 0; k < fromSparse.length; k++) {
            fromSparse[k] = Math.max(fromSparse[k], 1e-12); // exact t-SNE's floor
        }
        assertThat(fromSparse).containsExactly(exact);
    }

    @Test
    void atThetaZeroTheGradientIsExactTSnesToRounding() {
        int n = 150;
        int d = 5;
        float[] x = clusters(3, 50, d, 2);
        SparseAffinities p = TsneAffinities.sparse(NearestNeighbours.find(x, n, d, n - 1, one, Progress.NONE), 30,
                one, Progress.NONE);
        double[] y = layout(n, 3);

        for (double exaggeration : new double[] {12, 1}) {
            double[] exact = gradient(new ExactGradient(densify(p), n), y, exaggeration);
            double[] tree = gradient(new BarnesHutGradient(p, 0, one), y, exaggeration);
            // the same terms summed in another order: a few units in the last place of the largest component
            double largest = 0;
            for (double g : exact) {
                largest = Math.max(largest, Math.abs(g));
            }
            for (int k = 0; k < exact.length; k++) {
                assertThat(tree[k]).as("component %d at exaggeration %s", k, exaggeration)
                        .isCloseTo(exact[k], org.assertj.core.data.Offset.offset(1e-13 * largest));
            }
        }
    }

    @Test
    void atThetaOneHalfTheGradientIsWithinTwoPercentOfExactTSnes() {
        int n = 400;
        int d = 8;
        float[] x = clusters(4, 100, d, 4);
        double[] y = layout(n, 5);
        Tsne tsne = Tsne.defaults(0);
        SparseAffinities p = TsneAffinities.sparse(NearestNeighbours.find(x, n, d, tsne.neighbours(n), one,
                Progress.NONE), 30, one, Progress.NONE);
        double[] exactP = TsneAffinities.dense(x, n, d, 30, Progress.NONE);

        double[] exact = gradient(new ExactGradient(exactP, n), y, 1);
        double[] barnesHut = gradient(new BarnesHutGradient(p, Tsne.THETA, one), y, 1);
        // both approximations together: P cut to 90 neighbours, the repulsion from cells at θ = 0.5
        assertThat(relativeError(barnesHut, exact)).isLessThan(0.02);
    }

    @Test
    void keepsWellSeparatedGaussianClustersApartInThePlane() {
        int perCluster = 120;
        int n = 5 * perCluster;
        float[] x = clusters(5, perCluster, 10, 6);
        float[] y = new Tsne(30, 500, 7).barnesHut(x, n, 10, Tsne.THETA, Progress.NONE, two);
        // each point's five nearest in the plane vote for its cluster, as they would in 10-D
        assertThat(knnAccuracy(y, n, perCluster)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theSameSeedGivesTheSameBytesOnOneThreadAsOnTwo() {
        int n = 600;
        float[] x = clusters(4, n / 4, 6, 8);
        Tsne tsne = new Tsne(30, 300, 9);
        assertThat(Tsne.usesBarnesHut(n)).isTrue();

        float[] onOne = tsne.embed(x, n, 6, Progress.NONE, one);
        float[] onTwo = tsne.embed(x, n, 6, Progress.NONE, two);
        assertThat(onTwo).containsExactly(onOne);
        assertThat(new Tsne(30, 300, 10).embed(x, n, 6, Progress.NONE, two)).isNotEqualTo(onOne);
    }

    /** Leave-one-out 5-nearest-neighbour accuracy of the classes in the 2-D layout y (n, 2). */
    private static double knnAccuracy(float[] y, int n, int perCluster) {
        int right = 0;
        for (int i = 0; i < n; i++) {
            int[] votes = new int[n / perCluster];
            double[] dist = new double[n];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                dist[j] = j == i ? Double.POSITIVE_INFINITY
                        : Math.hypot(y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                order[j] = j;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
            for (int r = 0; r < 5; r++) {
                votes[order[r] / perCluster]++;
            }
            int best = 0;
            for (int c = 1; c < votes.length; c++) {
                best = votes[c] > votes[best] ? c : best;
            }
            right += best == i / perCluster ? 1 : 0;
        }
        return right / (double) n;
    }
}
