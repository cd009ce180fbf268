package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.latentatlas.data.Dataset;
import org.latentatlas.math.Rng;

/**
 * A dataset's images, one row per class in label order, drawn as every model figure draws images (an
 * {@link ImageTable}: ink on paper, tiles near 56 px, rows labelled with the class names): what
 * {@code atlas datasets show} writes, so the data reads like the reconstructions of a model trained on it.
 */
public final class ContactSheet {
    /** A sheet wider than this many images is no longer a picture one can look at. */
    public static final int MAX_PER_CLASS = 1000;

    private ContactSheet() {}

    /**
     * The sheet of {@code perClass} images per class drawn at random (same seed, same images). A class with fewer
     * shows all of them, and the sheet is as wide as its longest row.
     *
     * @param data    the examples to show (atlas datasets show gives the train split)
     * @param caption which data and split they are, as a model figure's caption says it
     */
    public static TiledFigure figure(Dataset data, int perClass, long seed, String caption) {
        if (perClass < 1 || perClass > MAX_PER_CLASS) {
            throw new IllegalArgumentException("samples per class must be in 1.." + MAX_PER_CLASS + ", got " + perClass);
        }
        List<int[]> chosen = samples(data, perClass, seed);
        int cols = columns(data, perClass);
        int dim = data.dim();
        float[] pixels = new float[chosen.size() * cols * dim]; // (classes·cols, dim), row-major over the table
        Arrays.fill(pixels, Float.NaN); // the tiles past a short row's end stay empty
        List<String> rowLabels = new ArrayList<>();
        for (int c = 0; c < chosen.size(); c++) {
            int[] row = chosen.get(c);
            for (int k = 0; k < row.length; k++) {
                System.arraycopy(data.pixels(), row[k] * dim, pixels, (c * cols + k) * dim, dim);
            }
            String all = row.length == 0 ? " (none)" : row.length < cols ? " (all " + row.length + ")" : "";
            rowLabels.add(FigureContext.className(data, c) + all);
        }
        ImageTable table = new ImageTable(chosen.size(), cols, data.height(), data.width(), pixels, rowLabels,
                List.of(), "", "", Set.of(), Set.of());
        boolean shortRow = chosen.stream().anyMatch(row -> row.length < cols);
        return new TiledFigure("contact-sheet", data.name() + ": " + (shortRow ? "up to " : "") + cols + " image"
                + (cols == 1 ? "" : "s") + " per class", caption, table, List.of("Rows are the classes in label order; each shows " + perClass
                + " of the class's images drawn at random (seed " + seed + "), or all of a class with fewer. Pixel"
                + " darkness is the pixel's value, 0 white to 1 dark, as in every figure."));
    }

    /** Images in the sheet's longest row: {@code perClass}, or all of the largest class if it has fewer. */
    public static int columns(Dataset d, int perClass) {
        return Math.max(1, Math.min(perClass, Arrays.stream(d.classCounts()).max().orElse(0)));
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
