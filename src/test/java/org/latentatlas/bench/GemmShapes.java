package org.latentatlas.bench;

import org.latentatlas.math.Gemm;
import org.latentatlas.math.Rng;

/** Scratch: GFLOP/s per layer shape (not committed). */
public final class GemmShapes {
    public static void main(String[] args) {
        int batch = Integer.parseInt(args.length > 0 ? args[0] : "128");
        int[][] layers = {{784, 512}, {512, 256}, {256, 20}, {20, 256}, {256, 512}, {512, 784}};
        Rng rng = new Rng(1);
        for (int[] lay : layers) {
            int in = lay[0], out = lay[1];
            float[] x = new float[batch * in], w = new float[out * in], y = new float[batch * out];
            float[] dy = new float[batch * out], dx = new float[batch * in], dw = new float[out * in];
            rng.fillGaussian(x, 0, x.length); rng.fillGaussian(w, 0, w.length); rng.fillGaussian(dy, 0, dy.length);
            double flops = 2.0 * batch * in * out;
            double[] g = new double[3];
            for (int s = 0; s < 3; s++) {
                int reps = (int) Math.max(20, 2e9 / flops);
                long best = Long.MAX_VALUE;
                for (int trial = 0; trial < 5; trial++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        switch (s) {
                            case 0 -> Gemm.abT(x, 0, w, 0, y, 0, batch, out, in, false);
                            case 1 -> Gemm.ab(dy, 0, w, 0, dx, 0, batch, in, out, false);
                            default -> Gemm.aTb(dy, 0, x, 0, dw, 0, out, in, batch, true);
                        }
                    }
                    best = Math.min(best, System.nanoTime() - t0);
                }
                g[s] = flops * reps / best;
            }
            System.out.printf("%4d x %4d -> %4d  fwd abT %6.1f  dX ab %6.1f  dW aTb %6.1f GFLOP/s%n", batch, in, out, g[0], g[1], g[2]);
        }
    }
}
