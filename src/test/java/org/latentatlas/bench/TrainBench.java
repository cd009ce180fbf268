package org.latentatlas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.Adam;
import org.latentatlas.train.BatchLoss;
import org.latentatlas.train.Binarization;

/**
 * End-to-end training throughput of one workload, the Java half of {@code bench/run} (its twin is
 * {@code bench/torch_train.py}, which takes the same arguments).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Datlas.threads=2 -cp ... org.latentatlas.bench.TrainBench \
 *     --dim 784 --hidden 512,256 --latent 20 --batch 128 --n 12800 --epochs 3 --seed 7
 * </pre>
 * Data: {@code n} synthetic inputs, every pixel Bernoulli(0.13) from {@code seed}. One warm-up epoch, then
 * {@code epochs} timed epochs; prints one line
 * {@code RESULT samples_per_s=<median> epochs=<a,b,c> fastest_tenth=<rate>}, the last being the rate that the fastest
 * tenth of the timed steps reached or beat (each step timed from its gather to Adam's last write; the PyTorch twin
 * times its steps the same way). On a shared machine a slow spell drags whole epochs down; the fastest tenth of
 * steps shows what each side does when it has the cores to itself. Each epoch line also gives samples per
 * CPU-second of the calling thread. {@code bench/ab} compares two builds by all three figures and parses the epoch
 * lines and the RESULT line, {@code bench/jit} the UPTIME lines: keep their format.
 *
 * <p>The step is {@code Trainer.takeStep}'s for the ELBO objective, call for call (gather a shuffled batch,
 * binarize when asked, draw ε, Adam's step begun, {@link BatchLoss#elbo} with the step handed to its backward
 * pass, the divergence guard's check of the loss terms, Adam's step finished with its finiteness verdict on every
 * gradient and weight; the next backward pass writes every gradient it does not hand to the update), so this
 * measures what {@code atlas train} runs, minus the per-epoch test evaluation.
 */
public final class TrainBench {
    private TrainBench() {}

    /** The workload, parsed from flags shared with the PyTorch script. */
    record Workload(int dim, List<Integer> hidden, int latent, int batch, int n, int epochs, long seed,
                    double lr) {
        static Workload parse(String[] args) {
            int dim = 784, latent = 20, batch = 128, n = 12_800, epochs = 3;
            long seed = 7;
            double lr = 1e-3;
            List<Integer> hidden = List.of(512, 256);
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--dim" -> dim = Integer.parseInt(v);
                    case "--hidden" -> hidden = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                    case "--latent" -> latent = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--n" -> n = Integer.parseInt(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--data" -> { } // read by QualityBench
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            return new Workload(dim, hidden, latent, batch, n, epochs, seed, lr);
        }

        VaeConfig config() {
            // A square image when dim is one (784 = 28², 64 = 8²); else one row. Only the size matters here.
            int side = (int) Math.round(Math.sqrt(dim));
            return side * side == dim ? VaeConfig.symmetric(side, side, hidden, latent)
                    : VaeConfig.symmetric(1, dim, hidden, latent);
        }
    }

    /**
     * "UPTIME {@code label} {@code ms}": the JVM's uptime at the end of a period (the warm-up epoch, each timed epoch),
     * in the clock of {@code -XX:+LogCompilation}'s stamps, so bench/jit can tell which compilations fell in which epoch.
     */
    private static void uptime(String label) {
        System.out.println("UPTIME " + label + " " + ManagementFactory.getRuntimeMXBean().getUptime());
    }

    public static void main(String[] args) {
        Workload w = Workload.parse(args);
        System.out.printf("atlas: %s, batch %d, %d threads, vectorized %b%n", Vae.describe(w.config()), w.batch(),
                Parallel.shared().threads(), Gemm.isVectorized());
        Run run = new Run(w);
        uptime("start");
        run.epoch(); // warm-up: JIT compilation and buffer sizing
        uptime("warm-up");
        double[] rates = new double[w.epochs()];
        run.stepRates = new StepRates();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int e = 0; e < w.epochs(); e++) {
            long t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            double loss = run.epoch();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            rates[e] = w.n() / seconds;
            uptime("epoch " + (e + 1));
            // With -Datlas.threads=1 this thread does all the work, and samples per CPU-second of it is the
            // figure to compare two builds by on a shared machine: time the OS gives to others does not count.
            System.out.printf("  epoch %d: %.0f samples/s (%.0f per CPU-second of the calling thread),"
                    + " mean -ELBO %.3f%n", e + 1, rates[e], w.n() / cpuSeconds, loss);
        }
        List<String> each = new ArrayList<>();
        for (double r : rates) {
            each.add(String.format("%.0f", r));
        }
        System.out.printf("RESULT samples_per_s=%.0f epochs=%s fastest_tenth=%.0f%n", median(rates),
                String.join(",", each), run.stepRates.fastestTenth());
    }

    /** Samples per second of every timed step. */
    static final class StepRates {
        private double[] rates = new double[256];
        private int count;

        void add(int rows, long nanos) {
            if (count == rates.length) {
                rates = Arrays.copyOf(rates, 2 * count);
            }
            rates[count++] = rows * 1e9 / Math.max(1, nanos);
        }

        /** The rate that a tenth of the steps reached or beat (the 90th percentile of step rates). */
        double fastestTenth() {
            if (count == 0) {
                throw new IllegalStateException("no step was timed");
            }
            double[] sorted = Arrays.copyOf(rates, count);
            Arrays.sort(sorted);
            return sorted[(int) Math.floor(0.9 * (count - 1))];
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    /** The training state of one workload: the same buffers and generators {@code Trainer} keeps. */
    static final class Run {
        final Workload w;
        final Vae vae;
        final float[] data;    // (n, dim)
        final float[] params;
        final float[] grads;
        final Adam adam;
        final float[] x;       // (batch, dim)
        final float[] eps;     // (batch, latent)
        final BatchLoss loss = new BatchLoss();
        final int[] order;     // (n)
        final Rng shuffleRng;
        final Rng noiseRng;
        final Rng binarizeRng; // null: the data are used as they are
        StepRates stepRates;   // null: steps are not timed one by one

        /** The synthetic workload: n inputs of Bernoulli(0.13) pixels. */
        Run(Workload w) {
            this(w, bernoulli(new Rng(w.seed() ^ 0xDA7AL), w.n() * w.dim(), 0.13f), false);
        }

        /**
         * A real data set; with {@code binarize} every batch is drawn afresh as x ~ Bernoulli(pixel) (dynamic
         * binarization), the usual protocol for Bernoulli VAEs on grayscale images.
         */
        Run(Workload w, float[] data, boolean binarize) {
            this.w = w;
            this.data = data;
            Rng root = new Rng(w.seed());
            vae = Vae.initialize(w.config(), root.split());
            shuffleRng = root.split();
            noiseRng = root.split();
            binarizeRng = binarize ? root.split() : null;
            params = vae.parameters();
            grads = new float[params.length];
            adam = new Adam(params.length, w.lr());
            x = new float[w.batch() * w.dim()];
            eps = new float[w.batch() * w.latent()];
            order = new int[data.length / w.dim()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        static float[] bernoulli(Rng rng, int size, float p) {
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = rng.nextFloat() < p ? 1f : 0f;
            }
            return v;
        }

        /** One epoch over the data; returns the mean −ELBO (nats per example). */
        double epoch() {
            int dim = w.dim();
            int latent = w.latent();
            shuffleRng.shuffle(order);
            double total = 0;
            for (int start = 0; start < order.length; start += w.batch()) {
                long t0 = System.nanoTime();
                int batch = Math.min(w.batch(), order.length - start);
                Dataset.gatherRows(data, dim, order, start, batch, x); // as Trainer's gatherBatch
                if (binarizeRng != null) {
                    Binarization.sample(x, 0, batch * dim, binarizeRng);
                }
                noiseRng.fillGaussian(eps, 0, batch * latent);
                Adam.Step update = adam.begin(params, w.lr()); // as in Trainer: the update fused into the pass
                BatchLoss.Result r = loss.elbo(vae, x, eps, batch, 1.0, 0.0, grads, Adam.FUSED ? update : null);
                boolean finite = Double.isFinite(r.terms().recon()) && Double.isFinite(r.terms().kl());
                finite &= update.finish(grads); // as in Trainer: the guard's verdict
                if (!finite) {
                    throw new IllegalStateException("training diverged: the benchmark is broken");
                }
                if (stepRates != null) {
                    stepRates.add(batch, System.nanoTime() - t0);
                }
                total += r.terms().recon() + r.terms().kl();
            }
            return total / order.length;
        }
    }
}
