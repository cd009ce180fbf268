package org.latentatlas.eval;

/** Mean and standard error of the mean of a sample, summed in double (Welford, so large offsets cancel cleanly). */
record Moments(double mean, double stdErr, int count) {
    static Moments of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("moments of an empty sample");
        }
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < values.length; i++) {
            double delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }
        int n = values.length;
        double variance = n > 1 ? m2 / (n - 1) : 0;
        return new Moments(mean, Math.sqrt(variance / n), n);
    }
}
