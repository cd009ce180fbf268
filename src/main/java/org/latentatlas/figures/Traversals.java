package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.latentatlas.eval.LatentStatistics;

/**
 * Latent traversals (as in Higgins et al. 2017): change one dimension of a base code at a time and decode.
 * Rows are sorted by the dimension's KL so the dimensions that carry information come first.
 */
public final class Traversals {
    public static final int STEPS = 11;
    public static final double RANGE = 3;
    public static final int MAX_ROWS = 16;

    private Traversals() {}

    public static TiledFigure figure(FigureContext ctx) {
        int d = ctx.latentDim();
        int n = ctx.data().size();
        double[] kl = LatentStatistics.klPerDimension(ctx.encoding().mu(), ctx.encoding().logvar(), n, d);
        Integer[] order = new Integer[d];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(kl[b], kl[a]));
        int rows = Math.min(MAX_ROWS, d);
        int base = Picks.central(ctx);
        float[] code = Interpolations.slice(ctx.encoding().mu(), base, d);
        float[] z = new float[rows * STEPS * d];
        List<String> rowLabels = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int u = order[r];
            for (int s = 0; s < STEPS; s++) {
                int at = (r * STEPS + s) * d;
                System.arraycopy(code, 0, z, at, d);
                z[at + u] = (float) (code[u] + offset(s));
            }
            rowLabels.add(String.format(Locale.ROOT, "%s  KL %.2f nats", FigureContext.zName(u), kl[u]));
        }
        float[] pixels = ctx.vae().decode(z, rows * STEPS);
        List<String> colLabels = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            colLabels.add(offsetLabel(offset(s)));
        }
        ImageTable table = ImageTable.of(rows, STEPS, ctx.data().height(), ctx.data().width(), pixels)
                .withRowLabels(rowLabels).withColumnLabels(colLabels)
                .withAxes("change added to one dimension of the base code (z units = prior standard deviations)", "");
        String shown = rows == d ? "all " + d + " latent dimensions" : "the " + rows + " of " + d
                + " dimensions with the most KL";
        return new TiledFigure("traversals", "Latent traversals: what each latent dimension changes, one row per "
                + "dimension, sorted by KL", ctx.caption(), table,
                List.of("Base code: μ of the " + ctx.split() + " image nearest the average code (example " + base
                        + ", " + ctx.className(ctx.data().labels()[base]) + "). Each row moves one dimension from −3σ "
                        + "to +3σ of the prior (σ = 1) and decodes; the centre column is the base code. Rows show "
                        + shown + "; a row that does not change is an unused (collapsed) dimension. KL is the mean "
                        + "over the " + ctx.split() + " set of KL(q(z_u|x) ‖ N(0, 1))."));
    }

    static double offset(int step) {
        return -RANGE + 2 * RANGE * step / (STEPS - 1);
    }

    private static String offsetLabel(double v) {
        if (Math.abs(v) < 1e-9) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%+.1f", v);
        return s.replace('-', '−');
    }
}
