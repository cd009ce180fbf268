package org.latentatlas.eval;

import java.util.Arrays;
import org.latentatlas.math.Parallel;

/**
 * Every point's k nearest other points by squared Euclidean distance, found exactly by comparing it with all n.
 *
 * <p>Exact search is O(n² d), which at the sizes t-SNE is run on here (10,000 latent means of 20 dimensions) takes
 * seconds on two cores, a few percent of a Barnes-Hut run (docs/figures.md), so the vantage-point tree of van der
 * Maaten (2014) would save little, and exact neighbours leave nothing to tune. Ties go to the lower index, so the
 * lists do not depend on how rows are split over threads.
 *
 * @param k         neighbours per point
 * @param indices   (n, k) each row's neighbours in increasing index order, so that sums over them run in the
 *                  order the exact affinities' do
 * @param distances (n, k) the matching squared distances
 */
record NearestNeighbours(int k, int[] indices, double[] distances) {
    /** Rows searched between two reports to the progress: a few tenths of a second at 10,000 points. */
    private static final int ROWS_PER_REPORT = 256;

    NearestNeighbours {
        if (k < 1 || indices.length != distances.length || indices.length % k != 0) {
            throw new IllegalArgumentException("neighbour lists of " + indices.length + " indices and "
                    + distances.length + " distances are not (n, " + k + ")");
        }
    }

    int n() {
        return indices.length / k;
    }

    /** The k nearest neighbours of every row of x (n, d), telling {@code progress} the points done so far. */
    static NearestNeighbours find(float[] x, int n, int d, int k, Parallel pool, Progress progress) {
        if (x.length != (long) n * d) {
            throw new IllegalArgumentException("neighbour search needs points of (n, d) = (" + n + ", " + d + "), got "
                    + x.length + " values");
        }
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("neighbours per point must be in 1.." + (n - 1) + " for " + n
                    + " points, got " + k);
        }
        int[] indices = new int[n * k];
        double[] distances = new double[n * k];
        for (int from = 0; from < n; from += ROWS_PER_REPORT) {
            int first = from;
            int rows = Math.min(ROWS_PER_REPORT, n - from);
            pool.forEachRange(rows, (a, b) -> {
                Nearest heap = new Nearest(k);
                for (int i = first + a; i < first + b; i++) {
                    search(x, n, d, i, heap);
                    heap.drainInIndexOrder(indices, distances, i * k);
                }
            });
            progress.advance(from + rows);
        }
        return new NearestNeighbours(k, indices, distances);
    }

    private static void search(float[] x, int n, int d, int i, Nearest heap) {
        heap.clear();
        for (int j = 0; j < n; j++) {
            if (j != i) {
                heap.offer(j, TsneAffinities.squaredDistance(x, d, i, j));
            }
        }
    }

    /** A max-heap of the k closest (distance, index) pairs seen, farthest on top. */
    private static final class Nearest {
        private final int[] index;       // (k)
        private final double[] distance; // (k)
        private final long[] order;      // (k) index in the high 32 bits, heap slot in the low: one sort orders both
        private int size;

        Nearest(int k) {
            index = new int[k];
            distance = new double[k];
            order = new long[k];
        }

        void clear() {
            size = 0;
        }

        void offer(int j, double dist) {
            if (size < index.length) {
                index[size] = j;
                distance[size] = dist;
                siftUp(size++);
            } else if (closer(dist, j, distance[0], index[0])) {
                index[0] = j;
                distance[0] = dist;
                siftDown(0);
            }
        }

        /** Writes the k pairs into out[at, at + k) by increasing index and empties the heap. */
        void drainInIndexOrder(int[] outIndex, double[] outDistance, int at) {
            int k = index.length;
            for (int s = 0; s < k; s++) {
                order[s] = (long) index[s] << 32 | s;
            }
            Arrays.sort(order);
            for (int s = 0; s < k; s++) {
                int slot = (int) order[s];
                outIndex[at + s] = index[slot];
                outDistance[at + s] = distance[slot];
            }
            size = 0;
        }

        private static boolean closer(double d1, int j1, double d2, int j2) {
            return d1 < d2 || (d1 == d2 && j1 < j2);
        }

        private void siftUp(int s) {
            while (s > 0) {
                int parent = (s - 1) / 2;
                if (!closer(distance[parent], index[parent], distance[s], index[s])) {
                    return;
                }
                swap(s, parent);
                s = parent;
            }
        }

        private void siftDown(int s) {
            while (true) {
                int largest = s;
                for (int c = 2 * s + 1; c <= 2 * s + 2 && c < size; c++) {
                    if (closer(distance[largest], index[largest], distance[c], index[c])) {
                        largest = c;
                    }
                }
                if (largest == s) {
                    return;
                }
                swap(s, largest);
                s = largest;
            }
        }

        private void swap(int a, int b) {
            int i = index[a];
            index[a] = index[b];
            index[b] = i;
            double t = distance[a];
            distance[a] = distance[b];
            distance[b] = t;
        }
    }
}
