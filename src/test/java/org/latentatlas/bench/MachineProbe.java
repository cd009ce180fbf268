package org.latentatlas.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the machine's cores deliver right now, measured with no memory traffic at all: {@code bench/run}'s context
 * for every other figure on this shared VM.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... org.latentatlas.bench.MachineProbe [threads] [seconds]
 * </pre>
 * Each thread (default 2, one per core here) runs a register-only loop of independent fused multiply-adds, the
 * micro-kernel's instruction mix without its loads, in windows of ~4 ms (about one batch-128 training step) for
 * {@code seconds} (default 8), and the probe prints one line
 * {@code PROBE threads=<t> windows=<n> best=<GFLOP/s> median=<GFLOP/s> p10=<GFLOP/s> both_slow=<fraction>}: per core,
 * the best window (what a core gives when nobody else wants it), the median window, the window that the slowest tenth
 * stayed at or below, and the fraction of moments at which every thread was in a slow window (under 90 % of the best)
 * at once. Nothing here depends on Latent Atlas's code, so a run whose slowest tenth sits far below its median was
 * measured on a machine that was itself uneven, whatever the training figures beside it say.
 */
public final class MachineProbe {
    private MachineProbe() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulator chains: enough to cover the fma latency on both fma pipes (4 cycles × 2 here). */
    private static final int CHAINS = 12;
    /**
     * Iterations per window: 12 chains × 2 M = 24 M vector fmas, 12 M cycles at two per cycle, ~4 ms at this VM's
     * 3 GHz: a window is about as long as a batch-128 training step, so its quantiles compare with the steps'.
     */
    private static final int WINDOW_ITERATIONS = 2_000_000;
    /** A window under this fraction of its thread's best window counts as slow. */
    static final double SLOW = 0.9;

    static volatile float sink;

    /** One window's work; returns its GFLOP/s. */
    static double window(int iterations) {
        FloatVector scale = FloatVector.broadcast(S, 0.999_999f);
        FloatVector shift = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        long t0 = System.nanoTime();
        // Twelve chains written out, as in the micro-kernel: an array of vectors would not stay in registers.
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(scale, shift);
            a1 = a1.fma(scale, shift);
            a2 = a2.fma(scale, shift);
            a3 = a3.fma(scale, shift);
            a4 = a4.fma(scale, shift);
            a5 = a5.fma(scale, shift);
            a6 = a6.fma(scale, shift);
            a7 = a7.fma(scale, shift);
            a8 = a8.fma(scale, shift);
            a9 = a9.fma(scale, shift);
            a10 = a10.fma(scale, shift);
            a11 = a11.fma(scale, shift);
        }
        long nanos = Math.max(1, System.nanoTime() - t0);
        // Keeps the chains alive: without a use of their result C2 may drop the loop.
        sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        return 2.0 * CHAINS * S.length() * iterations / nanos;
    }

    /** One thread's windows, in order, and when each ended (ns, System.nanoTime). */
    record Windows(double[] gflops, long[] ends) {
        Windows {
            if (gflops.length != ends.length || gflops.length == 0) {
                throw new IllegalArgumentException("windows need one end time each and at least one window, got "
                        + gflops.length + " rates and " + ends.length + " end times");
            }
        }
    }

    /** The summary line's figures. */
    record Summary(int threads, int windows, double best, double median, double p10, double bothSlow) {}

    /**
     * Per-core figures pooled over threads (best: the best window of any thread; median and p10 of all windows),
     * and the fraction of each thread's window ends at which every other thread was also in a slow window.
     */
    static Summary summarize(List<Windows> perThread) {
        if (perThread.isEmpty()) {
            throw new IllegalArgumentException("no thread ran a window");
        }
        int total = perThread.stream().mapToInt(w -> w.gflops().length).sum();
        double[] all = new double[total];
        int at = 0;
        for (Windows w : perThread) {
            System.arraycopy(w.gflops(), 0, all, at, w.gflops().length);
            at += w.gflops().length;
        }
        Arrays.sort(all);
        double best = all[total - 1];
        double median = all[total / 2];
        double p10 = all[(int) Math.floor(0.1 * (total - 1))];
        return new Summary(perThread.size(), total, best, median, p10, bothSlow(perThread));
    }

    /**
     * Of all windows, the fraction that were slow while every other thread's window covering the same end time
     * was slow too: a fork-join waits on its slowest participant, so these are the moments no balancing can help.
     */
    static double bothSlow(List<Windows> perThread) {
        double[] bests = perThread.stream().mapToDouble(w -> Arrays.stream(w.gflops()).max().orElseThrow()).toArray();
        int counted = 0;
        int slowTogether = 0;
        for (int t = 0; t < perThread.size(); t++) {
            Windows w = perThread.get(t);
            for (int i = 0; i < w.gflops().length; i++) {
                counted++;
                if (w.gflops()[i] >= SLOW * bests[t]) {
                    continue;
                }
                boolean all = true;
                for (int u = 0; u < perThread.size() && all; u++) {
                    if (u != t) {
                        int j = covering(perThread.get(u).ends(), w.ends()[i]);
                        all = j >= 0 && perThread.get(u).gflops()[j] < SLOW * bests[u];
                    }
                }
                if (all) {
                    slowTogether++;
                }
            }
        }
        return (double) slowTogether / counted;
    }

    /** The index of the first window that ended at or after {@code time}, or -1 if every window ended before it. */
    static int covering(long[] ends, long time) {
        int i = Arrays.binarySearch(ends, time);
        int j = i >= 0 ? i : -i - 1;
        return j < ends.length ? j : -1;
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        if (threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("usage: MachineProbe [threads >= 1] [seconds > 0], got "
                    + String.join(" ", args));
        }
        long warm = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warm) {
            window(WINDOW_ITERATIONS / 50); // JIT: the loop compiled before any window is kept
        }
        List<Windows> results = new ArrayList<>();
        Thread[] workers = new Thread[threads];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                List<Double> rates = new ArrayList<>();
                List<Long> ends = new ArrayList<>();
                while (System.nanoTime() < end) {
                    rates.add(window(WINDOW_ITERATIONS));
                    ends.add(System.nanoTime());
                }
                Windows w = new Windows(rates.stream().mapToDouble(Double::doubleValue).toArray(),
                        ends.stream().mapToLong(Long::longValue).toArray());
                synchronized (results) {
                    results.add(w);
                }
            }, "probe-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        Summary s = summarize(results);
        System.out.printf("PROBE threads=%d windows=%d best=%.1f median=%.1f p10=%.1f both_slow=%.3f%n", s.threads(),
                s.windows(), s.best(), s.median(), s.p10(), s.bothSlow());
    }
}
