package org.latentatlas.eval;

import org.latentatlas.math.Parallel;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Mlp;
import org.latentatlas.model.Vae;

/**
 * The importance-sampled marginal likelihood (Burda, Grosse &amp; Salakhutdinov 2015, eq. 14) with the proposal
 * q(z|x):
 * <pre>
 *   log p(x) ≈ logsumexp_i [log p(x|z_i) + log p(z_i) − log q(z_i|x)] − log k,   z_i ~ q(z|x), i = 1..k
 * </pre>
 * and, from the same samples, the ELBO's reconstruction term E_q[−log p(x|z)] averaged over the k draws.
 *
 * <p>Batched for speed: a chunk of examples is encoded once, then (example, sample) rows are decoded
 * {@link #ROWS_PER_PASS} at a time, so every decoder GEMM is tall. The logsumexp is streamed over sample
 * blocks (running max and rescaled sum per example, in double), so memory does not grow with k.
 * Not thread-safe (it owns decoder buffers); it uses the shared GEMM pool for its own parallel parts.
 */
public final class ImportanceSampler {
    /** (example, sample) rows per decoder pass: tall enough for the GEMM kernels, small enough for cache-sized buffers. */
    public static final int ROWS_PER_PASS = 2048;
    private static final int ENCODE_CHUNK = 256;

    private final Vae vae;
    private final Mlp decoder;
    private final int dim;
    private final int latent;
    private float[] rowsZ;        // (rows, latent)
    private float[] rowsEps;      // (rows, latent)
    private double[] logRatio;    // (rows) log p(z) − log q(z|x)
    private double[] rowNll;      // (rows) −log p(x|z)

    public ImportanceSampler(Vae vae) {
        this.vae = vae;
        this.decoder = vae.newDecoder();
        this.dim = vae.config().inputDim();
        this.latent = vae.config().latentDim();
    }

    /**
     * Per-example results of one run with k samples each.
     *
     * @param logMarginal (examples) log p̂(x), the k-sample importance estimate, nats
     * @param recon       (examples) mean over the k samples of −log p(x|z_i), nats
     * @param kl          (examples) KL(q(z|x) ‖ N(0, I)) in closed form, nats
     * @param k           samples per example
     */
    public record Run(double[] logMarginal, double[] recon, double[] kl, int k) {
        public Run {
            if (logMarginal.length != recon.length || recon.length != kl.length) {
                throw new IllegalArgumentException("per-example arrays differ in length: " + logMarginal.length
                        + ", " + recon.length + ", " + kl.length);
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
        }

        public int examples() {
            return kl.length;
        }
    }

    /** Runs k samples per example for {@code examples} rows of x (examples, dim), with ε from {@code noise}. */
    public Run run(float[] x, int examples, int k, NoiseSource noise) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if ((long) examples * dim > x.length) {
            throw new IllegalArgumentException(examples + " examples of " + dim + " pixels need " + (long) examples * dim
                    + " floats, got " + x.length);
        }
        RowScorer scorer = RowScorer.of(vae.likelihood(), x, dim);
        double[] runMax = new double[examples];  // streaming logsumexp: running max of the log weights
        double[] runSum = new double[examples];  // Σ exp(w − runMax)
        double[] recon = new double[examples];
        double[] kl = new double[examples];
        java.util.Arrays.fill(runMax, Double.NEGATIVE_INFINITY);
        int samplesPerPass = Math.min(k, ROWS_PER_PASS);
        int examplesPerPass = Math.max(1, ROWS_PER_PASS / samplesPerPass);
        ensureRows(examplesPerPass * samplesPerPass);
        float[] chunk = new float[ENCODE_CHUNK * dim]; // (chunk, dim)
        for (int c0 = 0; c0 < examples; c0 += ENCODE_CHUNK) {
            int chunkSize = Math.min(ENCODE_CHUNK, examples - c0);
            System.arraycopy(x, c0 * dim, chunk, 0, chunkSize * dim);
            Vae.Encoding q = vae.encode(chunk, chunkSize);
            for (int e = 0; e < chunkSize; e++) {
                kl[c0 + e] = DiagonalGaussian.klToStandardNormal(q.mu(), q.logvar(), e * latent, (e + 1) * latent);
            }
            for (int g = 0; g < chunkSize; g += examplesPerPass) {
                int group = Math.min(examplesPerPass, chunkSize - g);
                for (int s0 = 0; s0 < k; s0 += samplesPerPass) {
                    int block = Math.min(samplesPerPass, k - s0);
                    pass(q, c0, g, group, s0, block, noise, scorer);
                    accumulate(c0 + g, group, block, runMax, runSum, recon);
                }
            }
        }
        double[] logMarginal = new double[examples];
        for (int e = 0; e < examples; e++) {
            logMarginal[e] = runMax[e] + StrictMath.log(runSum[e]) - StrictMath.log(k);
            recon[e] /= k;
        }
        return new Run(logMarginal, recon, kl, k);
    }

    private void ensureRows(int rows) {
        if (rowsZ == null || rowsZ.length < rows * latent) {
            rowsZ = new float[rows * latent];
            rowsEps = new float[rows * latent];
            logRatio = new double[rows];
            rowNll = new double[rows];
        }
    }

    /**
     * Decodes rows (e, s) for examples chunk[g, g+group) and samples [s0, s0+block): row r = e·block + s.
     * Leaves −log p(x|z) in rowNll and log p(z) − log q(z|x) in logRatio.
     */
    private void pass(Vae.Encoding q, int c0, int g, int group, int s0, int block, NoiseSource noise,
                      RowScorer scorer) {
        int rows = group * block;
        Parallel pool = Parallel.shared();
        int parts = Math.min(pool.threads(), rows);
        pool.forEach(parts, p -> {
            for (int r = p * rows / parts; r < (p + 1) * rows / parts; r++) {
                sampleRow(q, c0, g + r / block, s0 + r % block, r, noise);
            }
        });
        float[] outputs = decoder.forward(vae.parameters(), rowsZ, rows); // (rows, dim)
        pool.forEach(parts, p -> {
            for (int r = p * rows / parts; r < (p + 1) * rows / parts; r++) {
                rowNll[r] = scorer.negLogLikelihood(outputs, r * dim, c0 + g + r / block);
            }
        });
    }

    /** z = μ + σ⊙ε as {@link Vae#reparameterize} draws it, and log N(z; 0, I) − log N(z; μ, σ²) summed over j. */
    private void sampleRow(Vae.Encoding q, int c0, int e, int sample, int r, NoiseSource noise) {
        int at = r * latent;
        noise.fill(c0 + e, sample, rowsEps, at, latent);
        double ratio = 0;
        for (int j = 0; j < latent; j++) {
            float mu = q.mu()[e * latent + j];
            float logvar = q.logvar()[e * latent + j];
            float eps = rowsEps[at + j];
            float zj = mu + (float) DiagonalGaussian.sigma(logvar) * eps;
            rowsZ[at + j] = zj;
            ratio += DiagonalGaussian.logPriorOverPosterior(zj, eps, logvar);
        }
        logRatio[r] = ratio;
    }

    /** Folds one pass's log weights into each example's running logsumexp and reconstruction sum. */
    private void accumulate(int first, int group, int block, double[] runMax, double[] runSum, double[] recon) {
        for (int e = 0; e < group; e++) {
            int ex = first + e;
            double max = runMax[ex];
            for (int s = 0; s < block; s++) {
                max = Math.max(max, logRatio[e * block + s] - rowNll[e * block + s]);
            }
            double sum = runSum[ex] == 0 ? 0 : runSum[ex] * StrictMath.exp(runMax[ex] - max);
            for (int s = 0; s < block; s++) {
                int r = e * block + s;
                sum += StrictMath.exp(logRatio[r] - rowNll[r] - max);
                recon[ex] += rowNll[r];
            }
            runMax[ex] = max;
            runSum[ex] = sum;
        }
    }
}
