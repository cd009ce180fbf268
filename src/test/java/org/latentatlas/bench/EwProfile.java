package org.latentatlas.bench;

import org.latentatlas.math.ElementwiseOps;
import org.latentatlas.math.Rng;

/** Scratch (not committed). */
public final class EwProfile {
    public static void main(String[] args) {
        int n = 128 * 784;
        float[] l = new float[n], x = new float[n], out = new float[n];
        Rng rng = new Rng(1);
        rng.fillGaussian(l, 0, n);
        for (int i = 0; i < n; i++) x[i] = rng.nextFloat() < 0.13f ? 1 : 0;
        double sink = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < 200; r++) sink += ElementwiseOps.bernoulliNll(l, 0, x, 0, n);
            long t1 = System.nanoTime();
            for (int r = 0; r < 200; r++) ElementwiseOps.bernoulliGradient(l, x, 0, out, n, 0.01f);
            long t2 = System.nanoTime();
            System.out.printf("nll %.3f ms  grad %.3f ms%n", (t1 - t0) / 200e6, (t2 - t1) / 200e6);
        }
        System.out.println(sink + out[5]);
    }
}
