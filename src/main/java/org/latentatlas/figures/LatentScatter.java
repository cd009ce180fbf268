package org.latentatlas.figures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.latentatlas.eval.Progress;
import org.latentatlas.eval.Projection;
import org.latentatlas.eval.Tsne;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.math.Rng;

/**
 * The scatter of posterior means μ (an autoencoder's codes z = μ(x)) coloured by class, projected to a plane when the
 * latent space is larger.
 */
public final class LatentScatter {
    /**
     * Beyond this many points a seeded subsample is drawn: Barnes-Hut t-SNE of this many takes
     * {@link #TSNE_SECONDS_AT_MAX} on two cores (docs/figures.md), the whole test set of MNIST or Fashion-MNIST.
     */
    public static final int TSNE_MAX_POINTS = 10_000;
    /** The wall time of t-SNE of {@link #TSNE_MAX_POINTS} 20-D means measured on a 2-core machine, rounded up. */
    static final String TSNE_SECONDS_AT_MAX = "about 20 s";

    /**
     * Points ready to draw.
     *
     * @param points    (m, 2) plane coordinates
     * @param indices   (m) which examples of the split they are
     * @param labels    (m) their classes
     * @param xLabel    x axis title
     * @param yLabel    y axis title
     * @param method    how the plane was made, for the title ("" for a 2-D latent drawn as is)
     * @param zUnits    whether both axes are in z units (equal scales then make sense)
     */
    public record Projected(float[] points, int[] indices, int[] labels, String xLabel, String yLabel,
                            String method, boolean zUnits) {}

    private LatentScatter() {}

    public static Projected project(FigureContext ctx, Projection projection, long seed) {
        return project(ctx, projection, seed, Progress.NONE);
    }

    /** The plane, telling {@code progress} how far a slow projection has got: see {@link #projecting}. */
    public static Projected project(FigureContext ctx, Projection projection, long seed, Progress progress) {
        int d = ctx.latentDim();
        int[] indices = indices(ctx.data().size(), projection == Projection.TSNE && d > 2 ? TSNE_MAX_POINTS
                : Integer.MAX_VALUE, seed);
        float[] mu = rows(ctx.encoding().mu(), indices, d);
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = ctx.data().labels()[indices[i]];
        }
        if (d == 1) {
            return new Projected(strip(mu, labels, seed), indices, labels, FigureContext.zName(0) + " (z units)",
                    "class (spread vertically so points do not overlap)", "", false);
        }
        if (d == 2) {
            return new Projected(mu, indices, labels, FigureContext.zName(0) + " (z units)",
                    FigureContext.zName(1) + " (z units)", "", true);
        }
        float[] plane = projection.project(mu, indices.length, d, seed, progress);
        String units = projection.keepsUnits() ? " of μ (z units)" : " (no units)";
        return new Projected(plane, indices, labels, projection.axisName(0) + units, projection.axisName(1) + units,
                projection == Projection.TSNE ? tsneName(indices.length) : projection.name(), projection.keepsUnits());
    }

    /** "t-SNE" for exact t-SNE, else with the approximation named, so a figure says how it was made. */
    private static String tsneName(int n) {
        return Tsne.usesBarnesHut(n) ? String.format(Locale.ROOT, "t-SNE (Barnes-Hut, θ = %s)", Tsne.THETA) : "t-SNE";
    }

    /**
     * What a projection that takes a while is about to do, and how long such a run takes, for a command to say
     * before it starts; empty for a plane drawn as is and for PCA, which take a moment. The times were measured on
     * a 2-core machine (docs/figures.md).
     */
    public static Optional<String> projecting(FigureContext ctx, Projection projection) {
        int n = ctx.data().size();
        int d = ctx.latentDim();
        // An autoencoder's encoder gives codes z = μ(x), no posterior whose means they would be.
        String points = String.format(Locale.ROOT, "%,d %s %s (%d-D)", n, ctx.split(),
                ctx.autoencoder() ? "codes" : "means", d);
        if (d <= 2 || projection == Projection.PCA) {
            return Optional.empty();
        }
        if (projection == Projection.UMAP) {
            return Optional.of("UMAP of the " + points + ", seeded on one thread: about 10 s per 10,000 points");
        }
        int m = Math.min(n, TSNE_MAX_POINTS);
        String which = m < n ? String.format(Locale.ROOT, "%,d of the %s, a seeded subsample (more would take"
                + " minutes)", m, points) : "the " + points;
        Tsne tsne = Tsne.defaults(0);
        String how = Tsne.usesBarnesHut(m)
                ? String.format(Locale.ROOT, "Barnes-Hut (θ = %s, %d nearest neighbours per point), %d iterations, %s"
                        + " for %,d points on 2 cores", Tsne.THETA, tsne.neighbours(m), tsne.iterations(),
                        TSNE_SECONDS_AT_MAX, TSNE_MAX_POINTS)
                : String.format(Locale.ROOT, "exact, %d iterations, a few seconds", tsne.iterations());
        return Optional.of("t-SNE of " + which + ": " + how);
    }

    /** All indices, or a seeded sorted subsample of {@code max}. */
    static int[] indices(int n, int max, long seed) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (n <= max) {
            return all;
        }
        new Rng(seed).shuffle(all);
        int[] some = Arrays.copyOf(all, max);
        Arrays.sort(some);
        return some;
    }

    static float[] rows(float[] a, int[] indices, int d) {
        float[] out = new float[indices.length * d];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(a, indices[i] * d, out, i * d, d);
        }
        return out;
    }

    private static float[] strip(float[] mu, int[] labels, long seed) {
        Rng rng = new Rng(seed);
        float[] out = new float[mu.length * 2];
        for (int i = 0; i < mu.length; i++) {
            out[2 * i] = mu[i];
            out[2 * i + 1] = labels[i] + 0.6f * (rng.nextFloat() - 0.5f);
        }
        return out;
    }

    public static ScatterFigure figure(FigureContext ctx, Projected p, String name, int width, int height) {
        // An autoencoder has no q(z|x): its encoder gives one code per image, the μ head alone.
        String title = "Latent space: where the encoder puts each " + ctx.split() + " image ("
                + (ctx.autoencoder() ? "the code z = μ(x)" : "μ of q(z|x)") + "), coloured by class";
        List<String> subtitles = new ArrayList<>();
        subtitles.add(ctx.caption());
        subtitles.add(description(ctx, p));
        return new ScatterFigure(name, title, subtitles, p.points(), p.labels(), classNames(ctx), p.xLabel(),
                p.yLabel(), p.zUnits(), ctx.latentDim() == 1, width, height);
    }

    static List<String> classNames(FigureContext ctx) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < ctx.data().classNames().size(); c++) {
            names.add(ctx.className(c));
        }
        return names;
    }

    private static String description(FigureContext ctx, Projected p) {
        String shown = p.indices().length == ctx.data().size() ? "all " + p.indices().length
                : p.indices().length + " (seeded sample) of " + ctx.data().size();
        // An autoencoder has no prior, so no ±2 of one to read its axes by.
        String prior = ctx.autoencoder() ? "" : ctx.latentDim() == 1 ? "; the prior N(0, 1) puts 95% of its mass"
                + " within ±2" : "; the prior N(0, I) puts 95% of its mass within ±2";
        if (ctx.latentDim() == 1) { // the y axis is no latent dimension, so it has no z units and no ±2
            return "One dot per image, " + shown + ". Across: z₀ in z units" + prior + ". Up: the image's class, each"
                    + " dot moved by a seeded random amount so they do not overlap.";
        }
        if (p.method().isEmpty()) {
            return "One dot per image, " + shown + ". Axes in z units" + prior + ".";
        }
        return String.format(Locale.ROOT, "%s of the %d-D μ to a plane, one dot per image, %s.%s", p.method(),
                ctx.latentDim(), shown, p.zUnits() ? " Axes in z units along the two directions of largest spread."
                        : " Neighbours are kept; distances between clusters and the axes have no units.");
    }

    /** The first line of {@link #writeCsv}'s file. */
    public static final String CSV_HEADER = "index,label,class,x,y";

    /** The plane coordinates as CSV (index, label, class, x, y) so users can reuse a slow projection. */
    public static void writeCsv(FigureContext ctx, Projected p, Path file) throws IOException {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (int i = 0; i < p.indices().length; i++) {
            String cls = ctx.data().classNames().get(p.labels()[i]).replace("\"", "\"\"");
            csv.append(String.format(Locale.ROOT, "%d,%d,\"%s\",%s,%s%n", p.indices()[i], p.labels()[i], cls,
                    Float.toString(p.points()[2 * i]), Float.toString(p.points()[2 * i + 1])));
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8)); // never half a file
    }
}
