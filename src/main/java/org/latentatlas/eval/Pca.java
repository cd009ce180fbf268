package org.latentatlas.eval;

/**
 * Principal components of a small set of vectors, by Jacobi eigen-decomposition of the d×d covariance.
 * d is a latent size (≤ 512), so the cubic cost is milliseconds to a second, and Jacobi needs no library
 * and is exact to double precision.
 *
 * @param mean       (d) the data mean
 * @param components (k, d) unit principal directions, largest variance first; each one's largest-magnitude
 *                   entry is positive so that the same data always gives the same picture
 * @param variances  (k) variance along each direction
 */
public record Pca(double[] mean, double[][] components, double[] variances) {

    /** The top {@code k} components of x (n, d). */
    public static Pca fit(float[] x, int n, int d, int k) {
        if (n < 1 || d < 1 || x.length != (long) n * d) {
            throw new IllegalArgumentException("PCA input has " + x.length + " values, expected (" + n + ", " + d + ")");
        }
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("PCA components must be in 1.." + d + ", got " + k);
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = covariance(x, n, d, mean);
        double[][] vectors = identity(d);
        jacobi(cov, vectors);
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(cov[b][b], cov[a][a]));
        double[][] comps = new double[k][d];
        double[] vars = new double[k];
        for (int c = 0; c < k; c++) {
            int col = order[c];
            vars[c] = Math.max(0, cov[col][col]);
            for (int j = 0; j < d; j++) {
                comps[c][j] = vectors[j][col];
            }
            fixSign(comps[c]);
        }
        return new Pca(mean, comps, vars);
    }

    /** Coordinates of x (n, d) along the components: (n, k). */
    public float[] transform(float[] x, int n) {
        int d = mean.length;
        int k = components.length;
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (x[i * d + j] - mean[j]) * components[c][j];
                }
                out[i * k + c] = (float) s;
            }
        }
        return out;
    }

    private static double[][] covariance(float[] x, int n, int d, double[] mean) {
        double[][] cov = new double[d][d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                row[j] = x[i * d + j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n;
                cov[b][a] = cov[a][b];
            }
        }
        return cov;
    }

    private static double[][] identity(int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** Cyclic Jacobi rotations until the off-diagonal is negligible; a ends diagonal, v holds eigenvectors as columns. */
    private static void jacobi(double[][] a, double[][] v) {
        int d = a.length;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    total += a[p][q] * a[p][q];
                    if (p != q) {
                        off += a[p][q] * a[p][q];
                    }
                }
            }
            if (off <= 1e-22 * Math.max(total, Double.MIN_NORMAL)) {
                return;
            }
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    rotate(a, v, p, q);
                }
            }
        }
    }

    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double apq = a[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int d = a.length;
        for (int k = 0; k < d; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < d; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < d; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static void fixSign(double[] c) {
        int arg = 0;
        for (int j = 1; j < c.length; j++) {
            if (Math.abs(c[j]) > Math.abs(c[arg])) {
                arg = j;
            }
        }
        if (c[arg] < 0) {
            for (int j = 0; j < c.length; j++) {
                c[j] = -c[j];
            }
        }
    }
}
