package org.latentatlas.model;

import java.util.Map;

/** Per-tensor comparison of flat gradient arrays, shared by the gradient-check tests. */
final class TensorChecks {
    private TensorChecks() {}

    interface TensorCheck {
        void check(String name, int from, int to);
    }

    /** Calls {@code check} with each tensor's name and [from, to) range in the flat array; returns the total. */
    static int forEachTensor(VaeConfig config, TensorCheck check) {
        int offset = 0;
        for (Map.Entry<String, int[]> e : config.tensorShapes().entrySet()) {
            int size = 1;
            for (int d : e.getValue()) {
                size *= d;
            }
            check.check(e.getKey(), offset, offset + size);
            offset += size;
        }
        return offset;
    }

    /** max |a − b| over the tensor, relative to the tensor's largest |b| (elementwise ratios blow up near 0). */
    static double maxRelativeError(double[] a, double[] b, int from, int to) {
        double maxDiff = 0;
        double scale = 1e-12;
        for (int i = from; i < to; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return maxDiff / scale;
    }
}
