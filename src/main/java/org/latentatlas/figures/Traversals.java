package org.latentatlas.figures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.latentatlas.eval.LatentStatistics;

/**
 * Latent traversals (as in Higgins et al. 2017): change one dimension of a base code at a time and decode.
 * Rows are sorted by the dimension's KL so the dimensions that carry information come first; an autoencoder's,
 * which has no KL, by how much μ_u moves across images. A VAE's rows move ±3 prior σ; an autoencoder's, which has no
 * prior, ±3 standard deviations of its codes along the dimension, so each row spans where its codes are.
 */
public final class Traversals {
    public static final int STEPS = 11;
    public static final double RANGE = 3;
    public static final int MAX_ROWS = 16;

    private Traversals() {}

    /**
     * What the rows are sorted by, largest first.
     *
     * @param score   per dimension
     * @param name    the score in a title ("KL"), and before its value in a row label
     * @param unit    after the value in a row label ("nats", or "" for none)
     * @param value   a score as its row label writes it
     * @param meaning what the score is, for the note
     */
    record Ranking(double[] score, String name, String unit, DoubleFunction<String> value, String meaning) {
        static Ranking of(FigureContext ctx) {
            int d = ctx.latentDim();
            int n = ctx.data().size();
            if (ctx.autoencoder()) {
                // Its logvar head is untrained and unused: a KL from it would rank the rows by noise.
                return new Ranking(LatentStatistics.meanVariance(ctx.encoding().mu(), n, d), "Var(μ)", "",
                        v -> String.format(Locale.ROOT, "%.2f", v), "Var(μ) is the variance over the " + ctx.split() + " images of the dimension's code μ_u; an "
                                + "autoencoder has no KL to sort by (z = μ, its logvar head is untrained and unused)");
            }
            return new Ranking(LatentStatistics.klPerDimension(ctx.encoding().mu(), ctx.encoding().logvar(), n, d),
                    // As the KL figure writes it: a collapsed dimension's "0.00020", where "%.2f" wrote 0.00
                    "KL", " nats", KlBars::nats, "KL is the mean over the " + ctx.split() + " set of KL(q(z_u|x) ‖ N(0, 1))");
        }

        /** Dimensions, the largest score first. */
        Integer[] order() {
            Integer[] order = new Integer[score.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
            return order;
        }

        String rowLabel(int u) {
            return FigureContext.zName(u) + "  " + name + " " + value.apply(score[u]) + unit;
        }
    }

    public static TiledFigure figure(FigureContext ctx) {
        int d = ctx.latentDim();
        Ranking ranking = Ranking.of(ctx);
        Integer[] order = ranking.order();
        int rows = Math.min(MAX_ROWS, d);
        int base = Picks.central(ctx);
        float[] code = Interpolations.slice(ctx.encoding().mu(), base, d);
        double[] step = steps(ctx, ranking);
        float[] z = new float[rows * STEPS * d];
        List<String> rowLabels = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int u = order[r];
            for (int s = 0; s < STEPS; s++) {
                int at = (r * STEPS + s) * d;
                System.arraycopy(code, 0, z, at, d);
                z[at + u] = (float) (code[u] + offset(s) * step[u]);
            }
            rowLabels.add(ranking.rowLabel(u));
        }
        float[] pixels = ctx.vae().decode(z, rows * STEPS);
        List<String> colLabels = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            colLabels.add(offsetLabel(offset(s)));
        }
        ImageTable table = ImageTable.of(rows, STEPS, ctx.data().height(), ctx.data().width(), pixels)
                .withRowLabels(rowLabels).withColumnLabels(colLabels).withAxes(axis(ctx), "");
        return new TiledFigure("traversals", "Latent traversals: what each latent dimension changes, one row per "
                + "dimension, sorted by " + ranking.name(), ctx.caption(), table,
                List.of(note(ctx, base, rows, ranking)));
    }

    /**
     * What one unit of a column's offset is, per dimension: a VAE's prior σ = 1. An autoencoder has no prior, and ±3
     * z units may run far past its codes along one dimension and stay among them along another, so its unit is the
     * standard deviation of its codes along the dimension (√ of the Var(μ_u) its rows are sorted by): a row of a
     * dimension whose codes do not spread does not change, as a collapsed VAE dimension's does not.
     */
    static double[] steps(FigureContext ctx, Ranking ranking) {
        double[] step = new double[ctx.latentDim()];
        if (!ctx.autoencoder()) {
            Arrays.fill(step, 1);
            return step;
        }
        double[] variance = ranking.score(); // an autoencoder's ranking is by Var(μ_u) (Ranking.of)
        Arrays.setAll(step, u -> Math.sqrt(variance[u]));
        return step;
    }

    private static String axis(FigureContext ctx) {
        return "change added to one dimension of the base code (" + (ctx.autoencoder()
                ? "standard deviations of the " + ctx.split() + " set's codes along it)"
                : "z units = prior standard deviations)");
    }

    private static String note(FigureContext ctx, int base, int rows, Ranking ranking) {
        int d = ctx.latentDim();
        String shown = rows == d ? "all " + d + " latent dimensions" : "the " + rows + " of " + d
                + " dimensions with the largest " + ranking.name();
        String range = ctx.autoencoder() ? "from −3 to +3 standard deviations of the " + ctx.split() + " set's codes"
                + " along it (an autoencoder has no prior whose σ could set the step)"
                : "from −3σ to +3σ of the prior (σ = 1)";
        return "Base code: μ of the " + ctx.split() + " image nearest the average code (example " + base + ", "
                + ctx.className(ctx.data().labels()[base]) + "). Each row moves one dimension " + range
                + " and decodes; the centre column is the base code. Rows show " + shown + "; a row that does not "
                + "change is an unused (collapsed) dimension. " + ranking.meaning() + ".";
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
