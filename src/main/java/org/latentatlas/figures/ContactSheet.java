package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;

/**
 * A dataset's images, the classes in label order, drawn as every model figure draws images (an
 * {@link ImageTable}: ink on paper, tiles near 56 px, each class named beside its first line): what
 * {@code atlas datasets show} writes, so the data reads like the reconstructions of a model trained on it. A class
 * with more images than fit across {@link #LINE_WIDTH} pixels goes on over further lines, so many images make a
 * taller page rather than a strip no viewer can show.
 */
public final class ContactSheet {
    /** The images' width a line fills before the class goes on below: 20 tiles of 56 px. */
    static final int LINE_WIDTH = 1200;
    /**
     * The most pixels a sheet's images may cover, 4096²: about 16 MB of PNG and seconds to draw, and still an image
     * a browser opens. Fashion-MNIST's 1,000 per class made a strip 58,000 px wide that took 1.7 GB to draw.
     */
    public static final long MAX_PIXELS = 4096L * 4096;

    private ContactSheet() {}

    /**
     * The sheet of {@code perClass} images per class drawn at random (same seed, same images). A class with fewer
     * shows all of them, and the sheet is as wide as its longest line.
     *
     * @param data    the examples to show (atlas datasets show gives the train split)
     * @param caption which data and split they are, as a model figure's caption says it
     * @throws IllegalArgumentException for a sheet over {@link #MAX_PIXELS}, saying how many per class fit
     */
    public static TiledFigure figure(Dataset data, int perClass, long seed, String caption) {
        checkFits(data, perClass);
        List<int[]> chosen = samples(data, perClass, seed);
        int perLine = perLine(data);
        int longest = columns(data, perClass);
        int cols = Math.min(perLine, longest);
        int[] lines = lines(chosen.stream().mapToInt(row -> row.length).toArray(), perLine);
        int rows = IntStream.of(lines).sum();
        int dim = data.dim();
        float[] pixels = new float[rows * cols * dim]; // (lines·cols, dim), row-major over the table
        Arrays.fill(pixels, Float.NaN); // the tiles past a short line's end stay empty
        List<String> rowLabels = new ArrayList<>();
        for (int c = 0, first = 0; c < chosen.size(); first += lines[c], c++) {
            int[] row = chosen.get(c);
            for (int k = 0; k < row.length; k++) {
                int at = (first + k / perLine) * cols + k % perLine;
                System.arraycopy(data.pixels(), row[k] * dim, pixels, at * dim, dim);
            }
            String all = row.length == 0 ? " (none)" : row.length < longest ? " (all " + row.length + ")" : "";
            rowLabels.add(FigureContext.className(data, c) + all);
            rowLabels.addAll(Collections.nCopies(lines[c] - 1, "")); // named once, beside its first line
        }
        ImageTable table = new ImageTable(rows, cols, data.height(), data.width(), pixels, rowLabels,
                List.of(), "", "", Set.of(), classBreaks(lines));
        boolean shortRow = chosen.stream().anyMatch(row -> row.length < longest);
        String layout = rows > lines.length ? "Each class fills lines of up to " + perLine + " images, in label order"
                + " with a wider gap between classes" : "Rows are the classes in label order";
        return new TiledFigure("contact-sheet", data.name() + ": " + (shortRow ? "up to " : "") + longest + " image"
                + (longest == 1 ? "" : "s") + " per class", caption, table, List.of(layout + "; each shows " + perClass
                + " of the class's images drawn at random (seed " + seed + "), or all of a class with fewer. Pixel"
                + " darkness is the pixel's value, 0 white to 1 dark, as in every figure."));
    }

    /** Images in the sheet's longest class: {@code perClass}, or all of the largest class if it has fewer. */
    public static int columns(Dataset d, int perClass) {
        return Math.max(1, Math.min(perClass, Arrays.stream(d.classCounts()).max().orElse(0)));
    }

    /** Images on one line of the sheet: as many as fit across {@link #LINE_WIDTH}. */
    public static int perLine(Dataset d) {
        return ImageTable.tilesIn(LINE_WIDTH, d.height(), d.width());
    }

    /**
     * Refuses a sheet whose images would cover more than {@link #MAX_PIXELS}, naming its size and the most images
     * per class that fit, before any image is drawn.
     */
    public static void checkFits(Dataset data, int perClass) {
        checkFits(data, perClass, MAX_PIXELS);
    }

    static void checkFits(Dataset data, int perClass, long maxPixels) {
        if (perClass < 1) {
            throw new IllegalArgumentException("samples per class must be at least 1, got " + perClass);
        }
        long pixels = pixels(data, perClass);
        if (pixels > maxPixels) {
            int fit = largestPerClass(data, maxPixels);
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%,d images per class make a contact sheet"
                    + " of %s for the %d classes of %s (%d images to a line), over the limit of %s; %s", perClass,
                    megapixels(pixels), data.classNames().size(), data.name(), perLine(data), megapixels(maxPixels),
                    fit == 0 ? "not even one image per class fits" : "at most " + fit + " per class fit"));
        }
    }

    private static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.1f megapixels", pixels / 1e6);
    }

    /** The most images per class whose sheet covers at most {@code maxPixels}, or 0 when not even one does. */
    static int largestPerClass(Dataset data, long maxPixels) {
        int all = columns(data, Integer.MAX_VALUE); // more per class than the largest class has changes nothing
        if (pixels(data, all) <= maxPixels) {
            return all;
        }
        int lo = 0; // fits (no image: nothing to draw)
        int hi = all; // does not fit
        while (hi - lo > 1) { // the sheet only grows with perClass
            int mid = lo + (hi - lo) / 2;
            if (pixels(data, mid) <= maxPixels) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The pixels the images of a sheet of {@code perClass} per class cover, found without drawing it. */
    static long pixels(Dataset data, int perClass) {
        int perLine = perLine(data);
        int[] lines = lines(IntStream.of(data.classCounts()).map(n -> Math.min(perClass, n)).toArray(), perLine);
        return ImageTable.mosaicPixels(IntStream.of(lines).sum(), Math.min(perLine, columns(data, perClass)),
                data.height(), data.width(), classBreaks(lines));
    }

    /** Lines taken by each class's images at {@code perLine} to a line: one at least, for the class's name. */
    private static int[] lines(int[] images, int perLine) {
        return IntStream.of(images).map(n -> Math.max(1, (n + perLine - 1) / perLine)).toArray();
    }

    /** The last line of every class but the last, when a class takes more than one: a wider gap follows it. */
    private static Set<Integer> classBreaks(int[] lines) {
        Set<Integer> breaks = new HashSet<>();
        if (IntStream.of(lines).anyMatch(n -> n > 1)) {
            for (int c = 0, last = -1; c < lines.length - 1; c++) {
                last += lines[c];
                breaks.add(last);
            }
        }
        return breaks;
    }

    /** Per class (label order), up to {@code perClass} of its examples in a seeded random order. */
    private static List<int[]> samples(Dataset d, int perClass, long seed) {
        Rng rng = new Rng(seed);
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < d.classNames().size(); c++) {
            final int cls = c;
            int[] members = IntStream.range(0, d.size()).filter(i -> d.labels()[i] == cls).toArray();
            rng.shuffle(members);
            out.add(Arrays.copyOf(members, Math.min(perClass, members.length)));
        }
        return out;
    }
}
