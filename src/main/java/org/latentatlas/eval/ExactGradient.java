package org.latentatlas.eval;

import java.util.Arrays;

/** t-SNE's gradient over all n² pairs: O(n²) time and memory, the oracle {@link BarnesHutGradient} is tested on. */
final class ExactGradient implements TsneGradient {
    private final double[] p; // (n, n) symmetric input affinities
    private final double[] w; // (n, n) scratch: w_ij of the current layout
    private final int n;

    ExactGradient(double[] p, int n) {
        if (p.length != (long) n * n) {
            throw new IllegalArgumentException("exact t-SNE needs P of (" + n + ", " + n + "), got " + p.length
                    + " values");
        }
        this.p = p;
        this.w = new double[n * n];
        this.n = n;
    }

    @Override
    public void gradient(double[] y, double exaggeration, double[] grad) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double wij = 1 / (1 + dx * dx + dy * dy);
                w[i * n + j] = wij;
                w[j * n + i] = wij;
                sum += 2 * wij;
            }
        }
        Arrays.fill(grad, 0);
        for (int i = 0; i < n; i++) {
            double gx = 0;
            double gy = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double wij = w[i * n + j];
                double m = (exaggeration * p[i * n + j] - wij / sum) * wij;
                gx += m * (y[2 * i] - y[2 * j]);
                gy += m * (y[2 * i + 1] - y[2 * j + 1]);
            }
            grad[2 * i] = 4 * gx;
            grad[2 * i + 1] = 4 * gy;
        }
    }
}
