package org.latentatlas.figures;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Set;

/**
 * A table of small grayscale images with row labels on the left, column labels underneath and optional
 * axis titles: the building block of the grid, interpolation, reconstruction, sample and traversal figures.
 *
 * <p>Images are drawn as ink on paper (0 = white, 1 = dark), as in the explorer, and scaled by a whole
 * number so every source pixel is a crisp square.
 *
 * @param rows          table rows
 * @param cols          table columns
 * @param imageHeight   source image rows
 * @param imageWidth    source image columns
 * @param pixels        (rows·cols, imageHeight·imageWidth) in [0, 1], row-major over the table; an image whose
 *                      first pixel is NaN is an empty place, drawn as paper without a frame (a short row)
 * @param rowLabels     one per row (or empty)
 * @param columnLabels  one per column (or empty); blank strings leave a column unlabelled
 * @param xLabel        title under the column labels, or ""
 * @param yLabel        title left of the row labels (drawn rotated), or ""
 * @param columnBreaks  columns after which a wider gap separates groups (e.g. the inputs of a strip)
 * @param rowBreaks     rows after which a wider gap separates groups
 */
public record ImageTable(int rows, int cols, int imageHeight, int imageWidth, float[] pixels,
                         List<String> rowLabels, List<String> columnLabels, String xLabel, String yLabel,
                         Set<Integer> columnBreaks, Set<Integer> rowBreaks) {
    private static final int GAP = 2;
    private static final int BREAK = 10;
    private static final int TARGET_TILE = 56;
    private static final int PAD = 6;

    public ImageTable {
        if (rows < 1 || cols < 1 || pixels.length != (long) rows * cols * imageHeight * imageWidth) {
            throw new IllegalArgumentException("an image table of " + rows + "x" + cols + " images of "
                    + imageHeight + "x" + imageWidth + " needs " + (long) rows * cols * imageHeight * imageWidth
                    + " pixels, got " + pixels.length);
        }
        if (!rowLabels.isEmpty() && rowLabels.size() != rows || !columnLabels.isEmpty() && columnLabels.size() != cols) {
            throw new IllegalArgumentException("labels must be one per row and column: " + rowLabels.size()
                    + " for " + rows + " rows, " + columnLabels.size() + " for " + cols + " columns");
        }
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        columnBreaks = Set.copyOf(columnBreaks);
        rowBreaks = Set.copyOf(rowBreaks);
    }

    /**
     * A bare table, to be labelled with the withers: figures add labels, axes and breaks as their layout needs,
     * and most need only some. {@code pixels} is not copied.
     */
    public static ImageTable of(int rows, int cols, int imageHeight, int imageWidth, float[] pixels) {
        return new ImageTable(rows, cols, imageHeight, imageWidth, pixels, List.of(), List.of(), "", "", Set.of(),
                Set.of());
    }

    /** This table with one label per row (or none, given an empty list), drawn right-aligned left of the row. */
    public ImageTable withRowLabels(List<String> labels) {
        return new ImageTable(rows, cols, imageHeight, imageWidth, pixels, labels, columnLabels, xLabel, yLabel,
                columnBreaks, rowBreaks);
    }

    /** This table with one label per column (or none), centred under it; blank ones leave their column bare. */
    public ImageTable withColumnLabels(List<String> labels) {
        return new ImageTable(rows, cols, imageHeight, imageWidth, pixels, rowLabels, labels, xLabel, yLabel,
                columnBreaks, rowBreaks);
    }

    /** This table with titles for the column axis (below) and the row axis (left, rotated); "" for none. */
    public ImageTable withAxes(String x, String y) {
        return new ImageTable(rows, cols, imageHeight, imageWidth, pixels, rowLabels, columnLabels, x, y,
                columnBreaks, rowBreaks);
    }

    /**
     * This table with wider gaps after the given columns and rows (0-based), so groups read as groups: the inputs
     * of an interpolation strip apart from its path, say. Replaces any breaks given before.
     */
    public ImageTable withBreaks(Set<Integer> afterColumns, Set<Integer> afterRows) {
        return new ImageTable(rows, cols, imageHeight, imageWidth, pixels, rowLabels, columnLabels, xLabel, yLabel,
                afterColumns, afterRows);
    }

    /** Screen pixels per source pixel: tiles near 56 px whatever the image size. */
    int scale() {
        return scale(imageHeight, imageWidth);
    }

    static int scale(int imageHeight, int imageWidth) {
        return Math.max(1, Math.round((float) TARGET_TILE / Math.max(imageHeight, imageWidth)));
    }

    int mosaicWidth() {
        return Math.toIntExact(extent(cols, imageWidth * scale(), columnBreaks));
    }

    int mosaicHeight() {
        return Math.toIntExact(extent(rows, imageHeight * scale(), rowBreaks));
    }

    /**
     * The width and height of the images' mosaic in pixels, for a table not built yet: what drawing it will cost,
     * known before its pixels are gathered.
     */
    static long mosaicPixels(int rows, int cols, int imageHeight, int imageWidth, Set<Integer> rowBreaks) {
        int s = scale(imageHeight, imageWidth);
        return extent(cols, imageWidth * s, Set.of()) * extent(rows, imageHeight * s, rowBreaks);
    }

    /** Tiles across that fit in {@code width} pixels (at least one), with the gaps between them. */
    static int tilesIn(int width, int imageHeight, int imageWidth) {
        return Math.max(1, (width + GAP) / (imageWidth * scale(imageHeight, imageWidth) + GAP));
    }

    /** Pixels taken by {@code n} tiles of {@code tile} pixels in a line, with gaps, and the wider group breaks. */
    private static long extent(int n, int tile, Set<Integer> breaks) {
        return (long) n * tile + (n - 1L) * GAP + (long) breaksBefore(n, breaks) * (BREAK - GAP);
    }

    private static int breaksBefore(int index, Set<Integer> breaks) {
        int n = 0;
        for (int b : breaks) {
            n += b < index - 1 ? 1 : 0;
        }
        return n;
    }

    private int left() {
        int w = 0;
        FontMetrics fm = Theme.metrics(Theme.TICK);
        for (String label : rowLabels) {
            w = Math.max(w, fm.stringWidth(label));
        }
        return (w == 0 ? 0 : w + PAD) + (yLabel.isEmpty() ? 0 : Theme.metrics(Theme.LABEL).getHeight() + PAD);
    }

    private int below() {
        return (columnLabels.isEmpty() ? 0 : Theme.metrics(Theme.TICK).getHeight() + PAD)
                + (xLabel.isEmpty() ? 0 : Theme.metrics(Theme.LABEL).getHeight() + PAD);
    }

    /** Screen pixels across, labels and titles included: what a figure lays out before calling {@link #draw}. */
    public int width() {
        return left() + mosaicWidth();
    }

    /** Screen pixels down, the column labels and title under the images included. */
    public int height() {
        return mosaicHeight() + below();
    }

    /** x of column c's left edge inside the mosaic. */
    int columnX(int c) {
        return c * (imageWidth * scale() + GAP) + breaksBefore(c + 1, columnBreaks) * (BREAK - GAP);
    }

    int rowY(int r) {
        return r * (imageHeight * scale() + GAP) + breaksBefore(r + 1, rowBreaks) * (BREAK - GAP);
    }

    /**
     * Draws with the top-left corner at (x, y), occupying exactly {@link #width()} × {@link #height()}, so a figure
     * can place tables side by side from those numbers alone. Labels are drawn in {@link Theme}'s fonts, which
     * {@code width} and {@code height} measure with.
     */
    public void draw(Graphics2D g, int x, int y) {
        int mx = x + left();
        g.drawImage(mosaic(), mx, y, null);
        drawRowLabels(g, mx, y);
        drawColumnLabels(g, mx, y + mosaicHeight());
        drawAxisTitles(g, x, mx, y);
    }

    private BufferedImage mosaic() {
        BufferedImage img = new BufferedImage(mosaicWidth(), mosaicHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Theme.PAPER); // group breaks stay white; a 1-px rule frames each tile so paper meets paper visibly
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Theme.GUTTER);
        int s = scale();
        int dim = imageHeight * imageWidth;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!empty(r, c)) {
                    g.fillRect(columnX(c) - 1, rowY(r) - 1, imageWidth * s + 2, imageHeight * s + 2);
                }
            }
        }
        g.dispose();
        // Into the image's own array: setRGB per pixel converted each through the colour model, which took seconds
        // on a contact sheet of millions of pixels. An INT_RGB image holds 0xRRGGBB, as inkOnPaper gives it.
        int[] rgb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int stride = img.getWidth();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int base = (r * cols + c) * dim;
                if (empty(r, c)) {
                    continue;
                }
                for (int py = 0; py < imageHeight * s; py++) {
                    int at = (rowY(r) + py) * stride + columnX(c);
                    for (int px = 0; px < imageWidth * s; px++) {
                        rgb[at + px] = inkOnPaper(pixels[base + (py / s) * imageWidth + px / s]);
                    }
                }
            }
        }
        return img;
    }

    private boolean empty(int row, int col) {
        return Float.isNaN(pixels[(row * cols + col) * imageHeight * imageWidth]);
    }

    /** 0 → paper white, 1 → the explorer's ink #111827. */
    static int inkOnPaper(float v) {
        float t = Math.max(0f, Math.min(1f, v));
        int r = Math.round(255 + (0x11 - 255) * t);
        int gr = Math.round(255 + (0x18 - 255) * t);
        int b = Math.round(255 + (0x27 - 255) * t);
        return (r << 16) | (gr << 8) | b;
    }

    private void drawRowLabels(Graphics2D g, int mx, int y) {
        g.setFont(Theme.TICK);
        g.setColor(Theme.INK);
        FontMetrics fm = g.getFontMetrics();
        int tileH = imageHeight * scale();
        for (int r = 0; r < rowLabels.size(); r++) {
            String label = rowLabels.get(r);
            int cy = y + rowY(r) + tileH / 2 + fm.getAscent() / 2 - 1;
            g.drawString(label, mx - PAD - fm.stringWidth(label), cy);
        }
    }

    private void drawColumnLabels(Graphics2D g, int mx, int bottom) {
        g.setFont(Theme.TICK);
        g.setColor(Theme.INK);
        FontMetrics fm = g.getFontMetrics();
        int tileW = imageWidth * scale();
        for (int c = 0; c < columnLabels.size(); c++) {
            String label = columnLabels.get(c);
            g.drawString(label, mx + columnX(c) + (tileW - fm.stringWidth(label)) / 2, bottom + PAD + fm.getAscent());
        }
    }

    private void drawAxisTitles(Graphics2D g, int x, int mx, int y) {
        g.setFont(Theme.LABEL);
        g.setColor(Theme.INK);
        FontMetrics fm = g.getFontMetrics();
        if (!xLabel.isEmpty()) {
            int top = y + mosaicHeight() + (columnLabels.isEmpty() ? 0 : Theme.metrics(Theme.TICK).getHeight() + PAD);
            g.drawString(xLabel, mx + (mosaicWidth() - fm.stringWidth(xLabel)) / 2, top + PAD + fm.getAscent());
        }
        if (!yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            int cy = y + (mosaicHeight() + fm.stringWidth(yLabel)) / 2;
            g.translate(x + fm.getAscent(), cy);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, 0, 0);
            g.setTransform(saved);
        }
    }
}
