package org.latentatlas.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.VaeConfig;

/**
 * A stand-in for a trained model, for the explorer's tests before (and without) a trainer: the real digits,
 * placed on the plane in class clusters, and a decoder whose last layer is fitted by ridge regression to
 * draw those digits from those places. Its images morph sensibly across the plane, so screenshots show what
 * a real model would; the encoder keeps random weights (the page reads μ and σ from points.json).
 */
final class ExplorerFixture {
    static final VaeConfig CONFIG = new VaeConfig(64, 8, 8, List.of(48, 24), 2, List.of(24, 48), "bernoulli", "relu");
    private static final ObjectMapper JSON = new ObjectMapper();

    final VaeConfig config;
    /** The dimensions the class circle lies in, across and up; the others are small noise. */
    final int[] circleDims;
    /** The circle's radius along circleDims[0]: wider than along the other, it carries more KL. */
    private final double radiusAcross;
    /** Tensor name -> values, (out, in) row-major, in file order. */
    final Map<String, float[]> tensors = new LinkedHashMap<>();
    final Split split;
    final Map<String, PointsJson.SplitPoints> points = new LinkedHashMap<>();

    private ExplorerFixture(VaeConfig config, long seed, int[] circleDims, double radiusAcross) {
        this.config = config;
        this.circleDims = circleDims;
        this.radiusAcross = radiusAcross;
        this.split = Split.stratified(DigitsCsv.load(), 360, 7);
        Rng rng = new Rng(seed);
        for (VaeConfig.LinearSpec l : config.linears()) {
            // He-style scale; first decoder layer wider so its ReLU kinks spread over the ±3σ view.
            double scale = l.name().equals("decoder.0") ? 1.5 : Math.sqrt(2.0 / l.in());
            tensors.put(l.name() + ".weight", gaussian(rng, l.in() * l.out(), scale));
            float[] bias = new float[l.out()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = l.name().equals("decoder.0") ? (float) (6 * rng.nextDouble() - 3) : 0f;
            }
            tensors.put(l.name() + ".bias", bias);
        }
        points.put("test", place(split.test(), rng));
        points.put("train", place(split.train(), rng));
        fitDecoderOutput(points.get("train"), split.train().pixels());
    }

    static ExplorerFixture digits() {
        return new ExplorerFixture(CONFIG, 42, new int[] {0, 1}, 1.8);
    }

    /** The same data with a wider latent space: the page must show two of its dimensions and say so. */
    static ExplorerFixture digitsWithLatent(int latentDim) {
        return new ExplorerFixture(new VaeConfig(64, 8, 8, List.of(48, 24), latentDim, List.of(24, 48),
                "bernoulli", "relu"), 42, new int[] {0, 1}, 1.8);
    }

    /**
     * The digits' 64 pixels read as images of rows×cols (4×16: two digit rows side by side in each image row): the
     * page must draw them at that shape, never stretched to a square.
     */
    static ExplorerFixture digitsShaped(int rows, int cols) {
        return new ExplorerFixture(new VaeConfig(64, rows, cols, List.of(48, 24), 2, List.of(24, 48), "bernoulli",
                "relu"), 42, new int[] {0, 1}, 1.8);
    }

    /**
     * A wider latent space whose classes lie in dimensions across and up (not z₀ and z₁), wider across: the two
     * dimensions carrying the most KL, in that order.
     */
    static ExplorerFixture digitsInDimensions(int latentDim, int across, int up) {
        return new ExplorerFixture(new VaeConfig(64, 8, 8, List.of(48, 24), latentDim, List.of(24, 48),
                "bernoulli", "relu"), 42, new int[] {across, up}, 2.6);
    }

    /**
     * Class c sits around angle 2πc/10 in (circleDims[0], circleDims[1]), at radius radiusAcross and 1.8, with a
     * spread that overlaps its neighbours a little; any further dimensions are small noise.
     */
    private PointsJson.SplitPoints place(Dataset d, Rng rng) {
        int n = d.size(), dims = config.latentDim();
        float[] mu = new float[dims * n];
        float[] sigma = new float[dims * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * d.labels()[i] / d.classNames().size();
            for (int j = 0; j < dims; j++) {
                boolean across = j == circleDims[0], up = j == circleDims[1];
                double centre = across ? radiusAcross * Math.cos(angle) : up ? 1.8 * Math.sin(angle) : 0;
                mu[dims * i + j] = (float) (centre + (across || up ? 0.45 : 0.3) * rng.nextGaussian());
                sigma[dims * i + j] = (float) (0.08 + 0.25 * rng.nextDouble());
            }
        }
        return new PointsJson.SplitPoints(mu, sigma, d.labels(), d.pixels());
    }

    // Ridge regression of pixel logits on the last hidden layer's features: a "trained" last layer in
    // closed form, enough to make the decoder draw digits.
    private void fitDecoderOutput(PointsJson.SplitPoints placed, float[] pixels) {
        int n = placed.count(), dim = config.inputDim(), dims = config.latentDim();
        String last = "decoder." + 2 * config.decoderHidden().size();
        int f = config.decoderHidden().get(config.decoderHidden().size() - 1) + 1; // features + constant
        double[][] gram = new double[f][f];
        double[][] rhs = new double[f][dim];
        for (int i = 0; i < n; i++) {
            float[] h = hidden(java.util.Arrays.copyOfRange(placed.mu(), dims * i, dims * (i + 1)));
            double[] x = new double[f];
            for (int k = 0; k < f - 1; k++) {
                x[k] = h[k];
            }
            x[f - 1] = 1;
            for (int a = 0; a < f; a++) {
                for (int b = 0; b < f; b++) {
                    gram[a][b] += x[a] * x[b];
                }
                for (int p = 0; p < dim; p++) {
                    double target = Math.min(0.97, Math.max(0.03, pixels[i * dim + p]));
                    rhs[a][p] += x[a] * Math.log(target / (1 - target));
                }
            }
        }
        for (int a = 0; a < f; a++) {
            gram[a][a] += 1.0;
        }
        double[][] coef = solve(gram, rhs);
        float[] w = tensors.get(last + ".weight");
        float[] b = tensors.get(last + ".bias");
        for (int p = 0; p < dim; p++) {
            for (int k = 0; k < f - 1; k++) {
                w[p * (f - 1) + k] = (float) coef[k][p];
            }
            b[p] = (float) coef[f - 1][p];
        }
    }

    /** Gaussian elimination with partial pivoting; gram is symmetric positive definite after the ridge. */
    private static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col]; a[col] = a[pivot]; a[pivot] = t;
            t = b[col]; b[col] = b[pivot]; b[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double factor = a[r][col] / a[col][col];
                for (int c = col; c < n; c++) {
                    a[r][c] -= factor * a[col][c];
                }
                for (int c = 0; c < b[r].length; c++) {
                    b[r][c] -= factor * b[col][c];
                }
            }
        }
        double[][] x = new double[n][b[0].length];
        for (int r = n - 1; r >= 0; r--) {
            for (int c = 0; c < b[0].length; c++) {
                double s = b[r][c];
                for (int k = r + 1; k < n; k++) {
                    s -= a[r][k] * x[k][c];
                }
                x[r][c] = s / a[r][r];
            }
        }
        return x;
    }

    /** The decoder's last hidden activations for one z. */
    private float[] hidden(float[] z) {
        float[] h = z;
        for (int i = 0; i < config.decoderHidden().size(); i++) {
            h = linear("decoder." + 2 * i, h, true);
        }
        return h;
    }

    /**
     * The Java reference decode, summing each dot product in float with fma like the project's kernels:
     * what the page's decoder must agree with.
     */
    float[] decode(float[] z) {
        float[] logits = linear("decoder." + 2 * config.decoderHidden().size(), hidden(z), false);
        float[] probs = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probs[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return probs;
    }

    /** The Java reference encode: {mu, logvar} for one image. */
    float[][] encode(float[] x) {
        float[] h = x;
        for (int i = 0; i < config.encoderHidden().size(); i++) {
            h = linear("encoder." + 2 * i, h, true);
        }
        return new float[][] {linear("mu", h, false), linear("logvar", h, false)};
    }

    private float[] linear(String name, float[] x, boolean relu) {
        float[] w = tensors.get(name + ".weight");
        float[] b = tensors.get(name + ".bias");
        int out = b.length, in = x.length;
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            float acc = 0f;
            for (int i = 0; i < in; i++) {
                acc = Math.fma(w[o * in + i], x[i], acc);
            }
            float v = acc + b[o];
            y[o] = relu && v < 0 ? 0 : v;
        }
        return y;
    }

    byte[] modelFile() {
        return modelFile(config, Map.of("elbo", -27.43, "elboStdErr", 0.41, "recon", 22.08, "kl", 5.35),
                "ELBO per example in nats; likelihood bernoulli (Bernoulli cross-entropy); pixels x/16"
                        + " in [0,1]; 1 sample(s) of eps per example (seed 7); digits test split, 360 examples");
    }

    /**
     * These weights under another config of the same shapes (another likelihood), with the given test metrics
     * and protocol recorded as training metadata.
     */
    byte[] modelFile(VaeConfig config, Map<String, Double> testMetrics, String protocol) {
        return modelFile(config, testMetrics, protocol, "digits");
    }

    /** The model as {@link #modelFile()}, its data recorded under another name: a path, as training records one. */
    byte[] modelFileTrainedOn(String datasetName) {
        return modelFile(config, Map.of("elbo", -27.43), "ELBO per example in nats", datasetName);
    }

    private byte[] modelFile(VaeConfig config, Map<String, Double> testMetrics, String protocol, String datasetName) {
        Map<String, String> metadata = new LinkedHashMap<>();
        try {
            metadata.put("atlas.format", "1");
            metadata.put("atlas.model", JSON.writeValueAsString(config));
            metadata.put("atlas.training", JSON.writeValueAsString(Map.of(
                    "metrics", Map.of("test", testMetrics), "protocol", protocol)));
            metadata.put("atlas.dataset", JSON.writeValueAsString(Map.of(
                    "name", datasetName, "height", config.imageHeight(), "width", config.imageWidth(), "sha256", split.test().sha256())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return safetensors(tensors, metadata, config.tensorShapes());
    }

    byte[] pointsJson() {
        return PointsJson.build("digits", config.imageHeight(), config.imageWidth(), DigitsCsv.CLASS_NAMES,
                config.latentDim(), points);
    }

    /** A minimal safetensors writer: tensors in map order, contiguous, header space-padded to 8 bytes. */
    static byte[] safetensors(Map<String, float[]> tensors, Map<String, String> metadata, Map<String, int[]> shapes) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (var e : tensors.entrySet()) {
            long end = offset + 4L * e.getValue().length;
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", shapes.get(e.getKey()), "data_offsets",
                    List.of(offset, end)));
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (float[] t : tensors.values()) {
            for (float v : t) {
                buf.putFloat(v);
            }
        }
        return buf.array();
    }

    private static float[] gaussian(Rng rng, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (scale * rng.nextGaussian());
        }
        return out;
    }

    /** KL(q(z_j|x) ‖ N(0, 1)) of each dimension j, the mean over the test points: what the page ranks them by. */
    double[] testKlPerDimension() {
        PointsJson.SplitPoints test = points.get("test");
        int d = config.latentDim();
        double[] kl = new double[d];
        for (int i = 0; i < test.count(); i++) {
            for (int j = 0; j < d; j++) {
                double m = test.mu()[i * d + j], s2 = (double) test.sigma()[i * d + j] * test.sigma()[i * d + j];
                kl[j] += 0.5 * (m * m + s2 - 1 - Math.log(s2)) / test.count();
            }
        }
        return kl;
    }

    static List<float[]> grid(int side, double extent) {
        List<float[]> zs = new ArrayList<>();
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                zs.add(new float[] {(float) (-extent + 2 * extent * c / (side - 1)),
                        (float) (extent - 2 * extent * r / (side - 1))});
            }
        }
        return zs;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
