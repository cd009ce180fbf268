package org.latentatlas.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the machine's cores deliver right now, on loops that run no code of either side: {@code bench/run}'s context
 * for every other figure on this shared VM.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... org.latentatlas.bench.MachineProbe [threads] [seconds]
 * </pre>
 * Each thread (default 2, one per core here) runs three kinds of windows in turn, each about as long as a batch-128
 * training step (~4 ms), for {@code seconds} (default 8):
 * <ul>
 *   <li>{@code fma}: twelve independent chains of 8-lane fused multiply-adds in registers, the micro-kernel's
 *       arithmetic without its loads (GFLOP/s);</li>
 *   <li>{@code int}: six dependent chains of integer adds and xors, the kind of work an interpreter and a dispatcher
 *       do (G operations/s);</li>
 *   <li>{@code stream}: vector loads over a 16 MB array per thread, which two threads together cannot keep in this
 *       machine's 32 MB L3 (GB/s).</li>
 * </ul>
 * It prints one line per kind,
 * {@code PROBE kind=<k> threads=<t> windows=<n> best=<rate> median=<rate> p10=<rate> both_slow=<fraction>}: the best
 * window of any thread (what a core gives when nobody else wants it), the median window, the window that the slowest
 * tenth stayed at or below, and the fraction of windows that were slow (under 90 % of their thread's best) while
 * every other thread's nearest window of the same kind was slow too. A run whose fma windows sit far below their
 * best was measured on a machine that was itself slow at arithmetic, whatever the training figures beside it say;
 * where the {@code int} windows stay near their best at the same time, the host is slowing vector arithmetic more
 * than scalar work, which costs a step that is nearly all fmas more than one with interpreter overhead in it.
 */
public final class MachineProbe {
    private MachineProbe() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** A window under this fraction of its thread's best window counts as slow. */
    static final double SLOW = 0.9;
    /** Floats per thread for the stream windows: 16 MB, so two threads' arrays fill the 32 MB L3. */
    private static final int STREAM_FLOATS = 4 << 20;

    static volatile float floatSink;
    static volatile long longSink;

    /** The three loops; {@link #run} times one window of a kind and returns its rate. */
    enum Kind {
        FMA("fma", 2_000_000),   // 12 chains × 2 M = 24 M vector fmas, 12 M cycles at two per cycle: ~4 ms at 3 GHz
        INT("int", 2_500_000),   // 6 chains × 2 ops × 2.5 M = 30 M dependent integer ops, ~4 ms here
        STREAM("stream", 1);     // one pass over 16 MB, ~3 ms here

        final String label;
        final int iterations;

        Kind(String label, int iterations) {
            this.label = label;
            this.iterations = iterations;
        }

        double run(int iterations, float[] buffer) {
            return switch (this) {
                case FMA -> fma(iterations);
                case INT -> integer(iterations);
                case STREAM -> stream(buffer, iterations);
            };
        }
    }

    /** GFLOP/s of {@code iterations} steps of twelve independent fma chains. */
    static double fma(int iterations) {
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
        floatSink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
        return 2.0 * 12 * S.length() * iterations / nanos;
    }

    /** G operations/s of {@code iterations} steps of six chained integer add-and-xor pairs. */
    static double integer(int iterations) {
        long a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            a += b ^ i;
            b += c ^ a;
            c += d ^ b;
            d += e ^ c;
            e += f ^ d;
            f += a ^ e;
        }
        long nanos = Math.max(1, System.nanoTime() - t0);
        longSink = a + b + c + d + e + f;
        return 12.0 * iterations / nanos;
    }

    /** GB/s of {@code passes} passes of vector loads over {@code buffer}. */
    static double stream(float[] buffer, int passes) {
        FloatVector sum = FloatVector.zero(S);
        int bound = S.loopBound(buffer.length);
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < bound; i += S.length()) {
                sum = sum.add(FloatVector.fromArray(S, buffer, i));
            }
        }
        long nanos = Math.max(1, System.nanoTime() - t0);
        floatSink = sum.reduceLanes(VectorOperators.ADD);
        return 4.0 * bound * passes / nanos;
    }

    /** One thread's windows of one kind, in order, and when each ended (ns, System.nanoTime). */
    record Windows(double[] rates, long[] ends) {
        Windows {
            if (rates.length != ends.length || rates.length == 0) {
                throw new IllegalArgumentException("windows need one end time each and at least one window, got "
                        + rates.length + " rates and " + ends.length + " end times");
            }
        }
    }

    /** One kind's line of figures. */
    record Summary(int threads, int windows, double best, double median, double p10, double bothSlow) {}

    /** Figures pooled over threads (best: the best window of any thread; median and p10 of all windows). */
    static Summary summarize(List<Windows> perThread) {
        if (perThread.isEmpty()) {
            throw new IllegalArgumentException("no thread ran a window");
        }
        double[] all = perThread.stream().flatMapToDouble(w -> Arrays.stream(w.rates())).sorted().toArray();
        int total = all.length;
        return new Summary(perThread.size(), total, all[total - 1], all[total / 2],
                all[(int) Math.floor(0.1 * (total - 1))], bothSlow(perThread));
    }

    /**
     * Of all windows, the fraction that were slow while every other thread's window covering the same end time
     * was slow too: a fork-join waits on its slowest participant, so these are the moments no balancing can help.
     * (The kinds take turns, so the covering window of the same kind can lie up to two windows later; slow spells
     * last tens of milliseconds.)
     */
    static double bothSlow(List<Windows> perThread) {
        double[] bests = perThread.stream().mapToDouble(w -> Arrays.stream(w.rates()).max().orElseThrow()).toArray();
        int counted = 0;
        int slowTogether = 0;
        for (int t = 0; t < perThread.size(); t++) {
            Windows w = perThread.get(t);
            for (int i = 0; i < w.rates().length; i++) {
                counted++;
                if (w.rates()[i] >= SLOW * bests[t]) {
                    continue;
                }
                boolean all = true;
                for (int u = 0; u < perThread.size() && all; u++) {
                    if (u != t) {
                        int j = covering(perThread.get(u).ends(), w.ends()[i]);
                        all = j >= 0 && perThread.get(u).rates()[j] < SLOW * bests[u];
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

    /** One window's rate and when it ended (ns, System.nanoTime). */
    private record Window(double rate, long end) {}

    /** One thread's share: windows of every kind in turn until {@code end}. */
    private static Map<Kind, Windows> probeThread(long end) {
        float[] buffer = new float[STREAM_FLOATS];
        Arrays.fill(buffer, 1f); // touched, so the stream windows read memory that is mapped
        Map<Kind, List<Window>> seen = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            seen.put(k, new ArrayList<>());
        }
        while (System.nanoTime() < end) {
            for (Kind k : Kind.values()) {
                double rate = k.run(k.iterations, buffer);
                seen.get(k).add(new Window(rate, System.nanoTime()));
            }
        }
        Map<Kind, Windows> out = new EnumMap<>(Kind.class);
        seen.forEach((k, list) -> out.put(k, new Windows(list.stream().mapToDouble(Window::rate).toArray(),
                list.stream().mapToLong(Window::end).toArray())));
        return out;
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        if (threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("usage: MachineProbe [threads >= 1] [seconds > 0], got "
                    + String.join(" ", args));
        }
        float[] small = new float[1 << 14];
        long warm = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warm) { // JIT: every loop compiled before any window is kept
            for (Kind k : Kind.values()) {
                k.run(k == Kind.STREAM ? 1 : k.iterations / 50, small);
            }
        }
        List<Map<Kind, Windows>> results = new ArrayList<>();
        Thread[] workers = new Thread[threads];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                Map<Kind, Windows> mine = probeThread(end);
                synchronized (results) {
                    results.add(mine);
                }
            }, "probe-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        for (Kind k : Kind.values()) {
            Summary s = summarize(results.stream().map(r -> r.get(k)).toList());
            System.out.printf("PROBE kind=%s threads=%d windows=%d best=%.2f median=%.2f p10=%.2f both_slow=%.3f%n",
                    k.label, s.threads(), s.windows(), s.best(), s.median(), s.p10(), s.bothSlow());
        }
    }
}
