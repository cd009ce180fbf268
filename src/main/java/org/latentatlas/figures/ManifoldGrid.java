package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.latentatlas.eval.CollapseVerdict;
import org.latentatlas.eval.LatentStatistics;
import org.latentatlas.eval.Pca;

/**
 * The learned manifold (Kingma &amp; Welling 2014, Fig. 4): the decoder's output on an N×N grid of the latent
 * plane, the grid spaced by Φ⁻¹ so every cell holds the same prior probability. A plain autoencoder has no prior,
 * and its codes need not lie near N(0, I), so its grid is spaced evenly across the range its codes span.
 */
public final class ManifoldGrid {
    private ManifoldGrid() {}

    /**
     * Which plane to walk when the latent space has more than two dimensions.
     *
     * @param dims the two 0-based dimensions of an axis-aligned slice (others held at 0, the prior mean; an
     *             autoencoder's at the mean of its codes), or null for the plane of the two principal components
     *             of the split's μ
     */
    public record Plane(int[] dims) {
        public static final Plane PCA = new Plane(null);

        public Plane {
            if (dims != null && (dims.length != 2 || dims[0] == dims[1] || dims[0] < 0 || dims[1] < 0)) {
                throw new IllegalArgumentException("--dims needs two different dimensions such as 0,1, got "
                        + Arrays.toString(dims));
            }
        }

        /** Refuses a slice outside a latent space of {@code latentDim} dimensions (a 1-D space has no plane). */
        public void checkFits(int latentDim) {
            if (dims != null && (dims[0] >= latentDim || dims[1] >= latentDim)) {
                throw new IllegalArgumentException("--dims " + dims[0] + "," + dims[1] + " is outside the model's "
                        + latentDim + " latent dimension" + (latentDim == 1 ? " (0)" : "s (0.." + (latentDim - 1) + ")"));
            }
        }
    }

    public static TiledFigure figure(FigureContext ctx, int n, Plane plane) {
        int d = ctx.latentDim();
        if (d == 1) {
            return strip(ctx, n);
        }
        Plane p = d == 2 && plane.dims() == null ? new Plane(new int[] {0, 1}) : plane;
        p.checkFits(d);
        return p.dims() == null ? pcaPlane(ctx, n) : slice(ctx, n, p.dims()[0], p.dims()[1]);
    }

    /** How far either side of their one value an autoencoder's axis runs where its codes do not spread at all. */
    static final int FLAT_HALF_WIDTH = 1;

    /**
     * Where an autoencoder's grid runs along one axis: from the smallest to the largest of its codes' coordinates
     * there, or, where every code has the same one (a dimension the encoder does not use), {@link #FLAT_HALF_WIDTH}
     * either side of it: an even grid of a range of width 0 would repeat one tick and one image N times.
     *
     * @param flat whether the codes do not spread, so the span was widened around their one value
     */
    record CodeSpan(double min, double max, boolean flat) {
        static CodeSpan of(double[] coords) {
            double min = Arrays.stream(coords).min().orElseThrow();
            double max = Arrays.stream(coords).max().orElseThrow();
            return min < max ? new CodeSpan(min, max, false)
                    : new CodeSpan(min - FLAT_HALF_WIDTH, min + FLAT_HALF_WIDTH, true);
        }

        double[] positions(int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = min + (max - min) * i / (n - 1);
            }
            return v;
        }
    }

    /**
     * The standard deviation of μ along a principal component below which a VAE's PCA plane walks that component
     * at the prior's scale 1 instead: a thousandth of the prior's, where a collapsed posterior leaves μ (no active
     * unit, or only one) and quantiles scaled by it would repeat one tick and one image across the grid.
     */
    static final double COLLAPSED_SD = 1e-3;

    /**
     * How far a VAE's PCA plane spreads its quantiles along one principal component: the standard deviation of μ
     * along it, or the prior's 1 where μ hardly moves along it ({@link #COLLAPSED_SD}).
     *
     * @param sd        the standard deviation of μ along the component
     * @param collapsed whether sd is below {@link #COLLAPSED_SD}, so the scale is the prior's
     */
    record ComponentScale(double sd, boolean collapsed) {
        static ComponentScale of(double variance) {
            double sd = Math.sqrt(variance);
            return new ComponentScale(sd, !(sd >= COLLAPSED_SD)); // a NaN variance is no spread to scale by either
        }

        double scale() {
            return collapsed ? 1 : sd;
        }
    }

    /**
     * The n grid positions along one axis: a VAE's at Φ⁻¹((i + ½)/n) times {@code scale}, the axis's standard
     * deviation in prior units; an autoencoder's evenly across the {@link CodeSpan} of its codes' coordinates
     * {@code coords} there, which no prior places.
     */
    private static double[] positions(FigureContext ctx, int n, double[] coords, double scale) {
        if (!ctx.autoencoder()) {
            double[] q = NormalQuantile.grid(n);
            for (int i = 0; i < n; i++) {
                q[i] *= scale;
            }
            return q;
        }
        return CodeSpan.of(coords).positions(n);
    }

    /** For the note: that an autoencoder's {@code axis} was widened around its codes' one value there, or "". */
    private static String flat(FigureContext ctx, String axis, double[] coords) {
        if (!ctx.autoencoder() || !CodeSpan.of(coords).flat()) {
            return "";
        }
        return " Every one of the " + ctx.split() + " set's codes has " + axis + " = " + tick(coords[0], 2)
                + ", no spread to span, so that axis runs ±" + FLAT_HALF_WIDTH + " z unit around it, through"
                + " codes the encoder never gives.";
    }

    /** Coordinate k of each of the n rows of the (n, d) array {@code a}. */
    private static double[] column(float[] a, int n, int d, int k) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = a[i * d + k];
        }
        return c;
    }

    private static TiledFigure slice(FigureContext ctx, int n, int a, int b) {
        int d = ctx.latentDim();
        int m = ctx.data().size();
        float[] mu = ctx.encoding().mu();
        double[] ca = column(mu, m, d, a);
        double[] cb = column(mu, m, d, b);
        double[] xs = positions(ctx, n, ca, 1);
        double[] ys = positions(ctx, n, cb, 1);
        // The dimensions off the plane: a VAE's at the prior mean 0; an autoencoder's, which has no prior, where its
        // codes are on average, as its grid spans where they are.
        double[] rest = ctx.autoencoder() ? LatentStatistics.mean(mu, m, d) : new double[d];
        float[] z = new float[n * n * d]; // (n·n, d), row 0 at the top = largest z_b
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                for (int k = 0; k < d; k++) {
                    z[(r * n + c) * d + k] = (float) rest[k];
                }
                z[(r * n + c) * d + a] = (float) xs[c];
                z[(r * n + c) * d + b] = (float) ys[n - 1 - r];
            }
        }
        String held = ctx.autoencoder() ? " held at the mean of the " + ctx.split() + " set's codes"
                : " held at 0, the prior mean";
        String others = d == 2 ? "" : d == 3 ? " (" + FigureContext.zName(3 - a - b) + held + ")"
                : " (the other " + (d - 2) + " dimensions" + held + ")";
        return build(ctx, z, xs, ys, FigureContext.zName(a) + " (z units)", FigureContext.zName(b) + " (z units)",
                "Decoder output on a " + n + "×" + n + " grid of the latent plane " + FigureContext.zName(a) + "–"
                        + FigureContext.zName(b) + others,
                flat(ctx, FigureContext.zName(a), ca) + flat(ctx, FigureContext.zName(b), cb) + unread(ctx, a, b));
    }

    /**
     * For the note: which of the slice's two dimensions carry next to no KL (collapsed, as evaluate says), or "". The
     * decoder has learned to ignore such a dimension, so the grid walks it through N columns (or rows) of one image,
     * which without a word reads as a broken figure. An autoencoder has no KL: {@link #flat} speaks for it. Nor is
     * any KL known where the data is not at hand (a slice is drawn from the model alone): then nothing is said.
     */
    private static String unread(FigureContext ctx, int a, int b) {
        if (ctx.autoencoder() || ctx.data().size() == 0) {
            return "";
        }
        int m = ctx.data().size();
        int d = ctx.latentDim();
        double[] kl = LatentStatistics.klPerDimension(ctx.encoding().mu(), ctx.encoding().logvar(), m, d);
        List<String> names = new ArrayList<>();
        List<String> nats = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int u : new int[] {a, b}) {
            if (kl[u] < CollapseVerdict.COLLAPSED_KL) {
                names.add(FigureContext.zName(u));
                nats.add(KlBars.nats(kl[u]));
                lines.add(u == a ? "columns" : "rows");
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        boolean both = names.size() == 2;
        return " " + String.join(" and ", names) + (both ? " carry " : " carries ") + String.join(" and ", nats)
                + " nats of KL over the " + ctx.split() + " set (under " + CollapseVerdict.COLLAPSED_KL
                + ": collapsed), so the decoder hardly reads " + (both ? "them and every tile" : "it and the "
                + lines.get(0)) + " come" + (both ? "s" : "") + " out alike; the KL figure and atlas evaluate show"
                + " which dimensions are in use.";
    }

    private static TiledFigure pcaPlane(FigureContext ctx, int n) {
        int d = ctx.latentDim();
        int m = ctx.data().size();
        Pca pca = Pca.fit(ctx.encoding().mu(), m, d, 2);
        float[] projected = pca.transform(ctx.encoding().mu(), m);
        double[] c1 = column(projected, m, 2, 0);
        double[] c2 = column(projected, m, 2, 1);
        ComponentScale s1 = ComponentScale.of(pca.variances()[0]);
        ComponentScale s2 = ComponentScale.of(pca.variances()[1]);
        double[] u1 = positions(ctx, n, c1, s1.scale());
        double[] u2 = positions(ctx, n, c2, s2.scale());
        float[] z = new float[n * n * d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                for (int k = 0; k < d; k++) {
                    z[(r * n + c) * d + k] = (float) (pca.mean()[k] + u1[c] * pca.components()[0][k]
                            + u2[n - 1 - r] * pca.components()[1][k]);
                }
            }
        }
        return build(ctx, z, u1, u2, "PC1 of μ (z units from the mean μ)", "PC2 of μ (z units from the mean μ)",
                "Decoder output on a " + n + "×" + n + " grid of the plane of the two principal components of the "
                        + ctx.split() + " set's μ", ctx.autoencoder() ? flat(ctx, "PC1", c1) + flat(ctx, "PC2", c2)
                        : " In this plane the quantiles are scaled"
                        + " by the standard deviation of μ along each component, so the grid covers where the codes"
                        + " are." + collapsed(ctx, s1, s2));
    }

    /** For the note: which components μ hardly moves along, walked at the prior's scale instead, or "". */
    private static String collapsed(FigureContext ctx, ComponentScale s1, ComponentScale s2) {
        List<String> axes = new ArrayList<>();
        List<String> sds = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ComponentScale s = k == 0 ? s1 : s2;
            if (s.collapsed()) {
                axes.add("PC" + (k + 1));
                sds.add(s.sd() == 0 ? "0" : String.format(Locale.ROOT, "%.1e", s.sd()));
            }
        }
        if (axes.isEmpty()) {
            return "";
        }
        boolean both = axes.size() == 2;
        return " μ of the " + ctx.split() + " set hardly moves along " + String.join(" or ", axes) + " (standard"
                + " deviation" + (both ? "s " : " ") + String.join(" and ", sds) + ", under " + COLLAPSED_SD + "; the"
                + " prior's is 1), as when the posterior collapses, so " + (both ? "both axes are" : "that axis is")
                + " walked at the prior's scale 1 instead: what the decoder does there, at codes the encoder hardly"
                + " gives.";
    }

    private static TiledFigure strip(FigureContext ctx, int n) {
        double[] codes = column(ctx.encoding().mu(), ctx.data().size(), 1, 0);
        double[] q = positions(ctx, n, codes, 1);
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) q[i];
        }
        float[] x = ctx.vae().decode(z, n);
        ImageTable table = ImageTable.of(1, n, ctx.data().height(), ctx.data().width(), x)
                .withColumnLabels(ticks(q)).withAxes(FigureContext.zName(0) + " (z units)", "");
        return new TiledFigure("grid", "Decoder output along the 1-D latent line, z " + (ctx.autoencoder()
                ? "evenly spaced across the " + ctx.split() + " set's codes" : "spaced by the inverse normal CDF"),
                ctx.caption(), table, List.of(note(ctx) + flat(ctx, FigureContext.zName(0), codes)));
    }

    private static TiledFigure build(FigureContext ctx, float[] z, double[] xs, double[] ys, String xLabel,
                                     String yLabel, String title, String extra) {
        int n = xs.length;
        float[] x = ctx.vae().decode(z, n * n);
        List<String> rowTicks = new ArrayList<>(ticks(ys));
        Collections.reverse(rowTicks); // row 0 is the top, the largest value
        ImageTable table = ImageTable.of(n, n, ctx.data().height(), ctx.data().width(), x)
                .withColumnLabels(ticks(xs)).withRowLabels(rowTicks).withAxes(xLabel, yLabel);
        return new TiledFigure("grid", title, ctx.caption(), table, List.of(note(ctx) + extra));
    }

    private static String note(FigureContext ctx) {
        if (ctx.autoencoder()) {
            return "Each tile is the decoder's mean image p(x|z) at one grid point. An autoencoder has no prior to "
                    + "space the grid by, and its codes need not lie near N(0, I), so grid points are evenly spaced "
                    + "from the smallest to the largest of the " + ctx.split() + " set's codes along each axis; tick "
                    + "labels give the z value at each tile's centre.";
        }
        return "Each tile is the decoder's mean image p(x|z) at one grid point. Grid points are Φ⁻¹((i + ½)/N), the "
                + "inverse CDF of N(0, 1), so each cell holds equal prior probability and the edges sit in the tails "
                + "(as in Kingma & Welling 2014, Fig. 4); tick labels give the z value at each tile's centre.";
    }

    /**
     * The values with one decimal, or as many more as it takes for neighbours to differ: the Φ⁻¹ grid is dense at
     * its centre, and from N = 26 two ticks there both read 0.0.
     */
    static List<String> ticks(double[] v) {
        List<String> t = ticks(v, 1);
        for (int decimals = 2; decimals <= 6 && !neighboursDiffer(t); decimals++) {
            t = ticks(v, decimals);
        }
        return t;
    }

    private static List<String> ticks(double[] v, int decimals) {
        List<String> t = new ArrayList<>();
        for (double x : v) {
            t.add(tick(x, decimals));
        }
        return t;
    }

    private static boolean neighboursDiffer(List<String> t) {
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).equals(t.get(i - 1))) {
                return false;
            }
        }
        return true;
    }

    private static String tick(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0\\.0*") ? s.substring(1) : s.replace('-', '−'); // no "−0.0"
    }
}
