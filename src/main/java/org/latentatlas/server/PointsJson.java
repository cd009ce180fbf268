package org.latentatlas.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The explorer's {@code /points.json}: every encoded example of each split, stored field by field (one flat
 * row-major array per field, not an object per point) so a
 * few thousand points stay a small download and parse straight into typed arrays:
 * <pre>
 * {"dataset":{"name","height","width","classNames","testSha256"},"latentDim",
 *  "splits":{"test":{"count","mu","sigma","labels","pixels"}, "train":{...}}}
 * </pre>
 * A server without the model's data sends no points and says why: {@link #withoutPoints}. The document is published
 * as it is by {@code atlas export}, so the same model and data give the same bytes from any folder: the dataset's
 * name must be path-free (a file's name, not where it lay), and {@code testSha256} (the points' test split, as the
 * model's {@code atlas.dataset} records its own) lets the page tell the points' data from the training data.
 */
public final class PointsJson {
    private static final JsonFactory JSON = new JsonFactory();

    private PointsJson() {}

    /**
     * The encoder's output for one split. The arrays are not copied: they can be large, and they are read
     * once, immediately, by {@link #build}.
     *
     * @param mu     (n, latentDim) posterior means, row-major
     * @param sigma  (n, latentDim) posterior standard deviations, {@code exp(logvar / 2)}
     * @param labels (n) class indices
     * @param pixels (n, height*width) inputs in [0, 1], row-major; or empty, to leave out images the page never
     *               shows (it draws only test images: a 60,000-image train split would add ~150 MB of JSON)
     */
    public record SplitPoints(float[] mu, float[] sigma, int[] labels, float[] pixels) {
        public SplitPoints {
            if (mu == null || sigma == null || labels == null || pixels == null) {
                throw new IllegalArgumentException("mu, sigma, labels and pixels must all be given");
            }
            int n = labels.length;
            if (mu.length != sigma.length) {
                throw new IllegalArgumentException(
                        "mu has " + mu.length + " values but sigma has " + sigma.length);
            }
            if (n == 0 ? mu.length != 0 || pixels.length != 0 : mu.length % n != 0 || mu.length == 0) {
                throw new IllegalArgumentException(
                        "mu has " + mu.length + " values, not a positive multiple of the " + n + " labels");
            }
            if (n != 0 && pixels.length % n != 0) {
                throw new IllegalArgumentException(
                        "pixels has " + pixels.length + " values, not a multiple of the " + n + " labels");
            }
        }

        public int count() {
            return labels.length;
        }
    }

    /** Serializes the splits in map order (put "test" first: the explorer shows it by default). */
    public static byte[] build(String datasetName, int height, int width, List<String> classNames, int latentDim,
                               Map<String, SplitPoints> splits) {
        return build(datasetName, height, width, classNames, latentDim, splits, null);
    }

    /**
     * As {@link #build(String, int, int, List, int, Map)}, with the hex SHA-256 of the points' test split (null to
     * leave it out), which the page compares with the training data's.
     */
    public static byte[] build(String datasetName, int height, int width, List<String> classNames, int latentDim,
                               Map<String, SplitPoints> splits, String testSha256) {
        return write(datasetName, height, width, classNames, latentDim, splits, testSha256, null);
    }

    /**
     * The document for a model whose data the server has not got: an empty test split, and in
     * {@code dataset.unavailable} why, which the page shows in place of the points.
     */
    public static byte[] withoutPoints(String datasetName, int height, int width, List<String> classNames,
                                       int latentDim, String why) {
        SplitPoints none = new SplitPoints(new float[0], new float[0], new int[0], new float[0]);
        return write(datasetName, height, width, classNames, latentDim, Map.of("test", none), null, why);
    }

    private static byte[] write(String datasetName, int height, int width, List<String> classNames, int latentDim,
                                Map<String, SplitPoints> splits, String testSha256, String unavailable) {
        if (datasetName.contains("/") || datasetName.contains("\\")) {
            throw new IllegalArgumentException("dataset name '" + datasetName + "' is a path: the page is published,"
                    + " and must name the data without the folders it lay in (its file name)");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be positive, got " + latentDim);
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames must not be empty");
        }
        splits.forEach((name, split) -> check(name, split, height * width, latentDim, classNames.size()));
        if (splits.containsKey("test") && splits.get("test").pixels().length == 0 && splits.get("test").count() > 0) {
            throw new IllegalArgumentException("test: pixels are required (the explorer shows test inputs)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("dataset");
            g.writeStringField("name", datasetName);
            g.writeNumberField("height", height);
            g.writeNumberField("width", width);
            g.writeArrayFieldStart("classNames");
            for (String c : classNames) {
                g.writeString(c);
            }
            g.writeEndArray();
            if (testSha256 != null) {
                g.writeStringField("testSha256", testSha256);
            }
            if (unavailable != null) {
                g.writeStringField("unavailable", unavailable);
            }
            g.writeEndObject();
            g.writeNumberField("latentDim", latentDim);
            g.writeObjectFieldStart("splits");
            for (var e : splits.entrySet()) {
                writeSplit(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void check(String name, SplitPoints s, int dim, int latentDim, int classes) {
        int n = s.count();
        if (s.mu().length != (long) n * latentDim) {
            throw new IllegalArgumentException(name + ": mu has " + s.mu().length + " values, expected " + n
                    + " x latentDim " + latentDim + " = " + (long) n * latentDim);
        }
        if (s.pixels().length != 0 && s.pixels().length != (long) n * dim) {
            throw new IllegalArgumentException(name + ": pixels has " + s.pixels().length + " values, expected "
                    + n + " x " + dim + " = " + (long) n * dim);
        }
        for (int i = 0; i < n; i++) {
            if (s.labels()[i] < 0 || s.labels()[i] >= classes) {
                throw new IllegalArgumentException(name + ": label " + s.labels()[i] + " of point " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        for (int i = 0; i < s.pixels().length; i++) {
            if (!(s.pixels()[i] >= 0f && s.pixels()[i] <= 1f)) {
                throw new IllegalArgumentException(name + ": pixel " + i % dim + " of point " + i / dim + " is "
                        + s.pixels()[i] + ", outside [0, 1]");
            }
        }
        for (int i = 0; i < s.mu().length; i++) {
            if (!Float.isFinite(s.mu()[i]) || !(s.sigma()[i] > 0) || !Float.isFinite(s.sigma()[i])) {
                throw new IllegalArgumentException(name + ": point " + i / latentDim + " dim " + i % latentDim
                        + " has mu " + s.mu()[i] + ", sigma " + s.sigma()[i] + " (need finite mu, sigma > 0)");
            }
        }
    }

    private static void writeSplit(JsonGenerator g, String name, SplitPoints s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", s.count());
        writeFloats(g, "mu", s.mu());
        writeFloats(g, "sigma", s.sigma());
        g.writeArrayFieldStart("labels");
        for (int label : s.labels()) {
            g.writeNumber(label);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("pixels");
        for (float p : s.pixels()) {
            g.writeNumber(pixel(p));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeFloats(JsonGenerator g, String field, float[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (float v : values) {
            g.writeNumber(v); // shortest text that round-trips the float, so JS sees Java's exact values
        }
        g.writeEndArray();
    }

    /** A pixel to 3 decimals without trailing zeros: images are most of the bytes, and mostly 0 or 1. */
    static String pixel(float p) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("pixel " + p + " is outside [0, 1]");
        }
        return PIXEL_TEXT[Math.round(p * 1000f)];
    }

    /** "0", "0.001", ..., "0.999", "1": formatting millions of pixels one by one took seconds. */
    private static final String[] PIXEL_TEXT = new String[1001];

    static {
        PIXEL_TEXT[0] = "0";
        PIXEL_TEXT[1000] = "1";
        for (int k = 1; k < 1000; k++) {
            String digits = String.format("%03d", k);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            PIXEL_TEXT[k] = "0." + digits.substring(0, end);
        }
    }
}
