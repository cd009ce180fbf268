package org.latentatlas.bench;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.latentatlas.math.Rng;
import org.latentatlas.math.ScalarGemm;
import org.latentatlas.math.VectorGemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * GFLOP/s of the three GEMMs of one linear layer 784 → 512 at batch 128, vector kernels vs the scalar oracle.
 *
 * <p>Run (from the repository root; short, the machine is shared):
 * <pre>
 * mvn -q -o test-compile
 * mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.latentatlas.bench.GemmBench            # prints a GFLOP/s table
 * # or plain JMH:  ... org.openjdk.jmh.Main GemmBench -f 1 -wi 2 -i 3
 * </pre>
 * Scores are operations per second; each operation is {@value #FLOPS} floating-point operations (2·m·n·k).
 * Threads for the vector kernels come from {@code -Datlas.threads} (default: available processors, max 8).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    static final int BATCH = 128, IN = 784, OUT = 512;
    static final long FLOPS = 2L * BATCH * IN * OUT;

    @Param({"vector", "scalar"})
    public String kernel;

    float[] x; // (batch, in)
    float[] w; // (out, in)
    float[] y; // (batch, out)
    float[] dy; // (batch, out)
    float[] dx; // (batch, in)
    float[] dw; // (out, in)
    boolean vector;

    @Setup
    public void setUp() {
        Rng rng = new Rng(2024);
        x = gaussian(rng, BATCH * IN);
        w = gaussian(rng, OUT * IN);
        dy = gaussian(rng, BATCH * OUT);
        y = new float[BATCH * OUT];
        dx = new float[BATCH * IN];
        dw = new float[OUT * IN];
        vector = kernel.equals("vector");
    }

    private static float[] gaussian(Rng rng, int size) {
        float[] v = new float[size];
        rng.fillGaussian(v, 0, size);
        return v;
    }

    /** Forward Y = X·Wᵀ: abT with m = batch, n = out, k = in. */
    @Benchmark
    public float[] forwardAbT() {
        if (vector) {
            VectorGemm.abT(x, 0, w, 0, y, 0, BATCH, OUT, IN, false);
        } else {
            ScalarGemm.abT(x, 0, w, 0, y, 0, BATCH, OUT, IN, false);
        }
        return y;
    }

    /** Input gradient dX = dY·W: ab with m = batch, n = in, k = out. */
    @Benchmark
    public float[] inputGradAb() {
        if (vector) {
            VectorGemm.ab(dy, 0, w, 0, dx, 0, BATCH, IN, OUT, false);
        } else {
            ScalarGemm.ab(dy, 0, w, 0, dx, 0, BATCH, IN, OUT, false);
        }
        return dx;
    }

    /** Weight gradient dW = dYᵀ·X: aTb with m = out, n = in, k = batch. */
    @Benchmark
    public float[] weightGradATb() {
        if (vector) {
            VectorGemm.aTb(dy, 0, x, 0, dw, 0, OUT, IN, BATCH, false);
        } else {
            ScalarGemm.aTb(dy, 0, x, 0, dw, 0, OUT, IN, BATCH, false);
        }
        return dw;
    }

    /** Runs the benchmark briefly and prints GFLOP/s; extra arguments are a JMH include regex (default all). */
    public static void main(String[] args) throws Exception {
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(GemmBench.class.getName() + "." + (args.length > 0 ? args[0] : ""));
        String threads = System.getProperty("atlas.threads");
        if (threads != null) {
            builder.jvmArgsAppend("-Datlas.threads=" + threads); // the fork does not inherit properties
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.printf("%nGEMMs of a 784→512 layer at batch 128 (%d threads):%n",
            Integer.getInteger("atlas.threads", Runtime.getRuntime().availableProcessors()));
        for (RunResult r : results) {
            double opsPerSecond = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            System.out.printf("  %-16s %-7s %8.2f ± %.2f GFLOP/s%n", r.getParams().getBenchmark()
                    .replaceAll(".*\\.", ""), r.getParams().getParam("kernel"),
                opsPerSecond * FLOPS / 1e9, Double.isNaN(error) ? 0 : error * FLOPS / 1e9);
        }
    }
}
