package org.latentatlas.eval;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.Split;
import org.latentatlas.io.ModelFile;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;

/**
 * Wall time of exact and Barnes-Hut t-SNE on a model's latent means, phase by phase, to find where Barnes-Hut
 * starts to win ({@link Tsne#EXACT_MAX_POINTS}) and what a figure of n points costs (docs/figures.md has the
 * numbers). The means are of the dataset's test split followed by its training split, a seeded sample of n:
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.latentatlas.eval.TsneBench fm.safetensors fashion-mnist exact,barnes-hut 1797 3000 10000
 * </pre>
 * ({@code bench/run} writes target/cp.txt.) Prints one {@code RESULT} line per run, with its wall time and the
 * CPU time of all threads (the JIT compiler's included).
 */
public final class TsneBench {
    private TsneBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: TsneBench MODEL DATASET exact|barnes-hut|exact,barnes-hut N...");
            System.exit(2);
        }
        ModelFile.LoadedModel model = ModelFile.read(Path.of(args[0]));
        Vae vae = new Vae(model.config(), model.parameters());
        Split split = DatasetRequest.of(args[1]).load(42, System.err::println).split();
        int d = model.config().latentDim();
        float[] test = vae.encode(split.test().pixels(), split.test().size()).mu();
        float[] train = vae.encode(split.train().pixels(), split.train().size()).mu();
        float[] all = Arrays.copyOf(test, test.length + train.length); // (test + train, d)
        System.arraycopy(train, 0, all, test.length, train.length);
        Tsne tsne = Tsne.defaults(42);
        Parallel pool = Parallel.shared();
        for (int a = 3; a < args.length; a++) {
            int n = Integer.parseInt(args[a]);
            float[] x = sample(all, all.length / d, d, n);
            for (String method : args[2].split(",")) {
                PhaseClock clock = new PhaseClock();
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                if (method.equals("exact")) {
                    tsne.exact(x, n, d, clock);
                } else {
                    tsne.barnesHut(x, n, d, Tsne.THETA, clock, pool);
                }
                System.out.printf(Locale.ROOT, "RESULT n=%d d=%d method=%s threads=%d seconds=%.1f cpu_seconds=%.1f"
                        + " phases=%s%n", n, d, method, pool.threads(), (System.nanoTime() - start) / 1e9,
                        (processCpuNanos() - cpuStart) / 1e9, clock.summary());
            }
        }
    }

    /** CPU time of all this process's threads: on a shared machine it says what wall time would on an idle one. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The first n rows of a seeded shuffle of x (rows, d). */
    private static float[] sample(float[] x, int rows, int d, int n) {
        if (n > rows) {
            throw new IllegalArgumentException("asked for " + n + " points of " + rows);
        }
        int[] order = new int[rows];
        Arrays.setAll(order, i -> i);
        new Rng(7).shuffle(order);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, order[i] * d, out, i * d, d);
        }
        return out;
    }

    /** Each phase's wall time, as "name 1.2s, ...". */
    private static final class PhaseClock implements Progress {
        private final StringBuilder summary = new StringBuilder();
        private String phase;
        private long start;

        @Override
        public void phase(String what, long total, String unit) {
            finish();
            phase = what;
            start = System.nanoTime();
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
            if (phase != null) {
                summary.append(summary.isEmpty() ? "" : ",").append(phase.replace(' ', '_'))
                        .append(String.format(Locale.ROOT, ":%.1fs", (System.nanoTime() - start) / 1e9));
                phase = null;
            }
        }

        String summary() {
            return summary.toString();
        }
    }
}
