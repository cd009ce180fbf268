package org.latentatlas.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.latentatlas.math.Rng;

/** A PNG grid of samples: one row per class (in label order), {@code perClass} random examples per row. */
public final class ContactSheet {
    static final int GAP = 2;      // pixels between cells, in the background gray
    static final int MIN_CELL = 28; // small images (8x8 digits) are enlarged by an integer factor to at least this
    /** A sheet wider than this many cells is no longer a picture one can look at (and 6,000 would need ~200 MB). */
    public static final int MAX_PER_CLASS = 1000;

    private ContactSheet() {}

    /**
     * Draws the sheet; same seed, same samples. A class with fewer than {@code perClass} examples shows all of
     * them, and the sheet is as wide as its longest row.
     */
    public static BufferedImage render(Dataset d, int perClass, long seed) {
        if (perClass < 1 || perClass > MAX_PER_CLASS) {
            throw new IllegalArgumentException("samples per class must be in 1.." + MAX_PER_CLASS + ", got " + perClass);
        }
        int scale = Math.max(1, (MIN_CELL + d.height() - 1) / d.height());
        int cellH = d.height() * scale;
        int cellW = d.width() * scale;
        int classes = d.classNames().size();
        List<int[]> chosen = samples(d, perClass, seed);
        BufferedImage sheet = new BufferedImage(GAP + columns(d, perClass) * (cellW + GAP), GAP + classes * (cellH + GAP),
                BufferedImage.TYPE_INT_RGB);
        fill(sheet, 0x404040);
        for (int c = 0; c < classes; c++) {
            int[] idx = chosen.get(c);
            for (int k = 0; k < idx.length; k++) {
                drawCell(sheet, d, idx[k], GAP + k * (cellW + GAP), GAP + c * (cellH + GAP), scale);
            }
        }
        return sheet;
    }

    /** Samples in the sheet's longest row: {@code perClass}, or all of the largest class if it has fewer. */
    public static int columns(Dataset d, int perClass) {
        return Math.max(1, Math.min(perClass, Arrays.stream(d.classCounts()).max().orElse(0)));
    }

    /** The sheet as PNG bytes; the caller writes them (atomically: never a half-written sheet). */
    public static byte[] png(Dataset d, int perClass, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(render(d, perClass, seed), "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
        return out.toByteArray();
    }

    private static List<int[]> samples(Dataset d, int perClass, long seed) {
        Rng rng = new Rng(seed);
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < d.classNames().size(); c++) {
            final int cls = c;
            int[] members = java.util.stream.IntStream.range(0, d.size()).filter(i -> d.labels()[i] == cls).toArray();
            rng.shuffle(members);
            out.add(Arrays.copyOf(members, Math.min(perClass, members.length)));
        }
        return out;
    }

    private static void drawCell(BufferedImage sheet, Dataset d, int index, int x0, int y0, int scale) {
        int dim = d.dim();
        for (int r = 0; r < d.height() * scale; r++) {
            for (int c = 0; c < d.width() * scale; c++) {
                float v = d.pixels()[index * dim + (r / scale) * d.width() + c / scale];
                int g = Math.round(Math.max(0, Math.min(1, v)) * 255);
                sheet.setRGB(x0 + c, y0 + r, g << 16 | g << 8 | g);
            }
        }
    }

    private static void fill(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, rgb);
            }
        }
    }
}
