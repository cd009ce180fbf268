package org.latentatlas.bench;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.Rng;
import org.latentatlas.math.ScalarGemm;
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
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * GFLOP/s of the three GEMMs of every layer of the 784-512-256-20 VAE at batch 128, through the same
 * {@link Gemm} facade the layers call, against the scalar oracle. {@code bench/run} runs it and puts the
 * numbers next to OpenBLAS (via {@code bench/torch_gemm.py}); threads come from {@code -Datlas.threads}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Datlas.threads=2 -cp ... org.latentatlas.bench.LayerGemmBench \
 *     [vector|scalar]     # prints "GEMM <in>x<out> <fwd|dx|dw> <kernel> <GFLOP/s>" lines
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LayerGemmBench {
    static final int BATCH = 128;

    /** in x out of each linear layer, in the model's order (the two 256x20 heads are one row). */
    @Param({"784x512", "512x256", "256x20", "20x256", "256x512", "512x784"})
    public String layer;

    @Param({"vector", "scalar"})
    public String kernel;

    int in;
    int out;
    boolean vector;
    float[] x;  // (batch, in)
    float[] w;  // (out, in)
    float[] y;  // (batch, out)
    float[] dy; // (batch, out)
    float[] dx; // (batch, in)
    float[] dw; // (out, in)

    @Setup
    public void setUp() {
        String[] parts = layer.split("x");
        in = Integer.parseInt(parts[0]);
        out = Integer.parseInt(parts[1]);
        vector = kernel.equals("vector");
        Rng rng = new Rng(2024);
        x = gaussian(rng, BATCH * in);
        w = gaussian(rng, out * in);
        dy = gaussian(rng, BATCH * out);
        y = new float[BATCH * out];
        dx = new float[BATCH * in];
        dw = new float[out * in];
    }

    private static float[] gaussian(Rng rng, int size) {
        float[] v = new float[size];
        rng.fillGaussian(v, 0, size);
        return v;
    }

    /** Forward Y = X·Wᵀ. */
    @Benchmark
    public float[] fwd() {
        if (vector) {
            Gemm.abT(x, 0, w, 0, y, 0, BATCH, out, in, false);
        } else {
            ScalarGemm.abT(x, 0, w, 0, y, 0, BATCH, out, in, false);
        }
        return y;
    }

    /** Input gradient dX = dY·W. */
    @Benchmark
    public float[] dx() {
        if (vector) {
            Gemm.ab(dy, 0, w, 0, dx, 0, BATCH, in, out, false);
        } else {
            ScalarGemm.ab(dy, 0, w, 0, dx, 0, BATCH, in, out, false);
        }
        return dx;
    }

    /**
     * Weight gradient dW = dYᵀ·X, written rather than added to: the layers call it so since the backward passes
     * write their gradients, and {@code torch.mm(..., out=dw)} on the other side writes too.
     */
    @Benchmark
    public float[] dw() {
        if (vector) {
            Gemm.aTb(dy, 0, x, 0, dw, 0, out, in, BATCH, false);
        } else {
            ScalarGemm.aTb(dy, 0, x, 0, dw, 0, out, in, BATCH, false);
        }
        return dw;
    }


    /** Runs one kernel's benchmarks (argument: vector or scalar; default both) and prints GFLOP/s lines. */
    public static void main(String[] args) throws Exception {
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(LayerGemmBench.class.getName() + "\\.");
        if (args.length > 0) {
            builder.param("kernel", args[0]);
        }
        if (args.length > 1 && args[1].equals("--quick")) {
            builder.warmupIterations(1).measurementIterations(2).measurementTime(TimeValue.milliseconds(300));
        }
        Options options = builder.shouldDoGC(false).build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult r : results) {
            String[] shape = r.getParams().getParam("layer").split("x");
            double flops = 2.0 * BATCH * Integer.parseInt(shape[0]) * Integer.parseInt(shape[1]);
            // The best measured iteration, not the mean: on a shared machine interference only ever slows an
            // iteration down (bench/torch_gemm.py reports OpenBLAS the same way).
            double best = r.getBenchmarkResults().stream()
                    .flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(i -> i.getPrimaryResult().getScore())
                    .max().orElse(r.getPrimaryResult().getScore());
            System.out.printf("GEMM %s %s %s %.1f%n", r.getParams().getParam("layer"),
                    r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getParams().getParam("kernel"),
                    best * flops / 1e9);
        }
    }
}
