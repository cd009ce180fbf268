package org.latentatlas.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded scikit-learn digits: 1,797 images of 8x8 counts 0..16 with labels 0..9 (UCI optdigits,
 * Alpaydin &amp; Kaynak 1998; BSD-3 via scikit-learn). One CSV row per image: 64 pixel counts, then the label.
 */
public final class DigitsCsv {
    public static final String RESOURCE = "/data/digits.csv.gz";
    public static final int SIDE = 8;
    public static final int LEVELS = 16;
    public static final List<String> CLASS_NAMES =
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private DigitsCsv() {}

    /** Loads the embedded copy. */
    public static Dataset load() {
        try (InputStream in = DigitsCsv.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the embedded digits resource " + RESOURCE + " is missing from the jar");
            }
            return parse("digits", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded digits " + RESOURCE, e);
        }
    }

    /** Parses gzip-compressed CSV bytes; {@code source} names them in error messages. */
    static Dataset parse(String source, byte[] gzipped) throws IOException {
        byte[] csv;
        // the reader every other gzip goes through: bytes after the last member are refused, not dropped unseen
        try (InputStream gz = new GzipMembers(Path.of(source), new ByteArrayInputStream(gzipped), gzipped.length)) {
            csv = gz.readAllBytes();
        }
        String sha = Hashing.sha256Hex(csv);
        String[] lines = new String(csv, StandardCharsets.US_ASCII).split("\n");
        int dim = SIDE * SIDE;
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != dim + 1) {
                throw new IOException(source + " line " + (li + 1) + ": expected " + (dim + 1)
                        + " values (64 pixels and a label), got " + cells.length);
            }
            float[] row = new float[dim];
            for (int j = 0; j < dim; j++) {
                int v = parseInt(source, li, cells[j]);
                if (v < 0 || v > LEVELS) {
                    throw new IOException(source + " line " + (li + 1) + " column " + (j + 1)
                            + ": pixel count must be in 0.." + LEVELS + ", got " + v);
                }
                row[j] = v / (float) LEVELS;
            }
            rows.add(row);
            labels.add(parseInt(source, li, cells[dim]));
        }
        float[] pixels = new float[rows.size() * dim]; // (n, 64)
        int[] lb = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, pixels, i * dim, dim);
            lb[i] = labels.get(i);
        }
        return new Dataset("digits", SIDE, SIDE, pixels, lb, CLASS_NAMES, LEVELS, sha);
    }

    private static int parseInt(String source, int line, String cell) throws IOException {
        try {
            return Integer.parseInt(cell.strip());
        } catch (NumberFormatException e) {
            throw new IOException(source + " line " + (line + 1) + ": expected an integer, got '" + cell + "'");
        }
    }
}
