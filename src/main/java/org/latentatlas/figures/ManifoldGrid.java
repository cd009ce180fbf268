package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.latentatlas.eval.Pca;

/**
 * The learned manifold (Kingma &amp; Welling 2014, Fig. 4): the decoder's output on an N×N grid of the latent
 * plane, the grid spaced by Φ⁻¹ so every cell holds the same prior probability.
 */
public final class ManifoldGrid {
    private ManifoldGrid() {}

    /**
     * Which plane to walk when the latent space has more than two dimensions.
     *
     * @param dims the two 0-based dimensions of an axis-aligned slice (others held at 0, the prior mean), or
     *             null for the plane of the two principal components of the split's μ
     */
    public record Plane(int[] dims) {
        public static final Plane PCA = new Plane(null);

        public Plane {
            if (dims != null && (dims.length != 2 || dims[0] == dims[1] || dims[0] < 0 || dims[1] < 0)) {
                throw new IllegalArgumentException("--dims needs two different dimensions such as 0,1, got "
                        + java.util.Arrays.toString(dims));
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
        double[] q = NormalQuantile.grid(n);
        if (d == 1) {
            return strip(ctx, q);
        }
        Plane p = d == 2 && plane.dims() == null ? new Plane(new int[] {0, 1}) : plane;
        p.checkFits(d);
        return p.dims() == null ? pcaPlane(ctx, q) : slice(ctx, q, p.dims()[0], p.dims()[1]);
    }

    private static TiledFigure slice(FigureContext ctx, double[] q, int a, int b) {
        int n = q.length;
        int d = ctx.latentDim();
        float[] z = new float[n * n * d]; // (n·n, d), row 0 at the top = largest z_b
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                z[(r * n + c) * d + a] = (float) q[c];
                z[(r * n + c) * d + b] = (float) q[n - 1 - r];
            }
        }
        String rest = d == 2 ? "" : d == 3 ? " (" + FigureContext.zName(3 - a - b) + " held at 0, the prior mean)"
                : " (the other " + (d - 2) + " dimensions held at 0, the prior mean)";
        return build(ctx, z, q, q, FigureContext.zName(a) + " (z units)", FigureContext.zName(b) + " (z units)",
                "Decoder output on a " + n + "×" + n + " grid of the latent plane " + FigureContext.zName(a) + "–"
                        + FigureContext.zName(b) + rest, "");
    }

    private static TiledFigure pcaPlane(FigureContext ctx, double[] q) {
        int n = q.length;
        int d = ctx.latentDim();
        Pca pca = Pca.fit(ctx.encoding().mu(), ctx.data().size(), d, 2);
        double sd1 = Math.sqrt(pca.variances()[0]);
        double sd2 = Math.sqrt(pca.variances()[1]);
        double[] u1 = new double[n];
        double[] u2 = new double[n];
        for (int i = 0; i < n; i++) {
            u1[i] = q[i] * sd1;
            u2[i] = q[i] * sd2;
        }
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
                        + ctx.split() + " set's μ", " In this plane the quantiles are scaled by the standard "
                        + "deviation of μ along each component, so the grid covers where the codes are.");
    }

    private static TiledFigure strip(FigureContext ctx, double[] q) {
        float[] z = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            z[i] = (float) q[i];
        }
        float[] x = ctx.vae().decode(z, q.length);
        ImageTable table = ImageTable.of(1, q.length, ctx.data().height(), ctx.data().width(), x)
                .withColumnLabels(ticks(q)).withAxes(FigureContext.zName(0) + " (z units)", "");
        return new TiledFigure("grid", "Decoder output along the 1-D latent line, z spaced by the inverse normal CDF",
                ctx.caption(), table, List.of(note()));
    }

    private static TiledFigure build(FigureContext ctx, float[] z, double[] xs, double[] ys, String xLabel,
                                     String yLabel, String title, String extra) {
        int n = xs.length;
        float[] x = ctx.vae().decode(z, n * n);
        List<String> rowTicks = new ArrayList<>(ticks(ys));
        Collections.reverse(rowTicks); // row 0 is the top, the largest value
        ImageTable table = ImageTable.of(n, n, ctx.data().height(), ctx.data().width(), x)
                .withColumnLabels(ticks(xs)).withRowLabels(rowTicks).withAxes(xLabel, yLabel);
        return new TiledFigure("grid", title, ctx.caption(), table, List.of(note() + extra));
    }

    private static String note() {
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
