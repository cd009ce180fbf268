package org.latentatlas.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.latentatlas.eval.CollapseVerdict;
import org.latentatlas.eval.LatentStatistics;
import org.latentatlas.text.Words;

/**
 * How much each latent dimension is used: KL per dimension (nats) above, and the activity statistic
 * Var_x(μ_u) below on a log scale with the active-unit threshold of Burda et al. (2015) drawn in. The bars are
 * coloured by {@code atlas evaluate}'s definitions (docs/evaluation.md): active when Var_x(μ_u) &gt; 0.01, collapsed
 * when its KL is under 0.01 nats, and an inactive dimension that still carries KL is told apart, not called
 * collapsed. A model trained with free bits gets its floor λ drawn across the KL panel.
 */
public final class KlBars {
    private static final Color ACTIVE = Theme.classColour(4);
    private static final Color INACTIVE = Theme.classColour(8);
    /** Inactive yet carrying KL: its posterior sits off the prior the same way for every x. */
    private static final Color CARRYING = Theme.classColour(0);
    private static final Color FREE_BITS = Theme.classColour(2);
    private static final double FLOOR = 1e-6; // a log axis cannot show 0; a dead unit's variance is drawn here

    /**
     * Why an autoencoder has no KL bars, in atlas evaluate's words: bars of its logvar head would add up to a "KL
     * term" it never had.
     */
    public static final String NOT_FOR_AN_AUTOENCODER = "an autoencoder has no posterior q(z|x) (z = μ; its logvar"
            + " head is untrained and unused), so it has no KL per dimension";

    private KlBars() {}

    /** @throws IllegalArgumentException for an autoencoder, which has no KL to draw */
    public static ChartFigure figure(FigureContext ctx, int width, int height) {
        if (ctx.autoencoder()) {
            throw new IllegalArgumentException(ctx.modelName() + ": no KL figure: " + NOT_FOR_AN_AUTOENCODER);
        }
        int n = ctx.data().size();
        int d = ctx.latentDim();
        float[] mu = ctx.encoding().mu();
        double[] kl = LatentStatistics.klPerDimension(mu, ctx.encoding().logvar(), n, d);
        double[] var = LatentStatistics.meanVariance(mu, n, d);
        boolean[] active = LatentStatistics.activeMask(mu, n, d);
        Color[] colours = new Color[d];
        boolean anyCarrying = false;
        // Read as evaluate reads it; the file refuses free bits for any objective but the ELBO.
        double freeBits = ctx.training().path("config").path("freeBits").asDouble(0);
        int atFloor = 0;
        for (int u = 0; u < d; u++) {
            boolean carrying = !active[u] && kl[u] >= CollapseVerdict.COLLAPSED_KL;
            anyCarrying |= carrying;
            colours[u] = active[u] ? ACTIVE : carrying ? CARRYING : INACTIVE;
            atFloor += freeBits > 0 && Math.abs(kl[u] - freeBits) <= CollapseVerdict.FLOOR_BAND * freeBits ? 1 : 0;
        }
        DefaultCategoryDataset klData = new DefaultCategoryDataset();
        DefaultCategoryDataset varData = new DefaultCategoryDataset();
        double total = 0;
        int activeCount = 0;
        for (int u = 0; u < d; u++) {
            klData.addValue(kl[u], "KL", FigureContext.zName(u));
            varData.addValue(Math.max(var[u], FLOOR), "Var", FigureContext.zName(u));
            total += kl[u];
            activeCount += active[u] ? 1 : 0;
        }
        CategoryAxis dims = new CategoryAxis("latent dimension");
        if (d > 16) {
            dims.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        }
        CombinedDomainCategoryPlot combined = new CombinedDomainCategoryPlot(dims);
        combined.setGap(14);
        combined.add(klPlot(klData, colours, freeBits), 3);
        combined.add(varPlot(varData, colours), 2);
        Theme.stylePlot(combined);
        combined.setFixedLegendItems(legend(anyCarrying));
        JFreeChart chart = new JFreeChart("KL per latent dimension, and which dimensions are active", Theme.TITLE,
                combined, true);
        chart.addSubtitle(0, new TextTitle(ctx.caption()));
        chart.addSubtitle(1, new TextTitle(String.format(Locale.ROOT, "Top: mean over the %s set of "
                + "KL(q(z_u|x) ‖ N(0, 1)) = ½(μ² + σ² − log σ² − 1); the bars sum to the KL term, %s nats. Bottom: "
                + "how much μ_u moves across images; a unit is active when Var_x(μ_u) > %s (Burda et al. 2015). "
                + "%d of %d active.%s", ctx.split(), nats(total),
                Double.toString(LatentStatistics.ACTIVE_THRESHOLD), activeCount, d,
                freeBits > 0 ? floorNote(freeBits, atFloor, d) : "")));
        Theme.style(chart);
        dims.setTickLabelFont(d > 16 ? Theme.TICK : Theme.LABEL); // after styling, which sets every tick font
        return new ChartFigure("kl", chart, width, height);
    }

    /**
     * A KL in nats as the figures say it (the subtitle's KL term, a traversal row's, the manifold grid's note): two
     * decimals, and below {@link CollapseVerdict#COLLAPSED_KL} (a collapsed dimension's, whose bars the axis shows as
     * 2·10⁻⁴) two significant digits: "%.2f" wrote 0.00 beside such bars, and a collapsed 0.007 as "0.01", the very
     * bound it is under; an exact 0 as "0".
     */
    static String nats(double kl) {
        return kl == 0 ? "0"
                : String.format(Locale.ROOT, Math.abs(kl) < CollapseVerdict.COLLAPSED_KL ? "%.2g" : "%.2f", kl);
    }

    /**
     * The free-bits sentence of the subtitle, in evaluate's words: "6 of 10 dimensions sit at the free-bits floor
     * of 0.5 nats: the floor, not the data, sets their KL", counting those within {@link CollapseVerdict#FLOOR_BAND}
     * of λ.
     */
    static String floorNote(double freeBits, int atFloor, int d) {
        String nats = Words.number(freeBits) + " nat" + (freeBits == 1 ? "" : "s");
        String line = " Green dashed line: the free-bits floor λ = " + nats + " the model was trained with (each"
                + " minibatch's KL per dimension counted as at least λ in the loss).";
        if (atFloor == 0) {
            return line + " No dimension sits at it (KL within " + Math.round(CollapseVerdict.FLOOR_BAND * 100)
                    + " % of λ).";
        }
        boolean one = atFloor == 1;
        return line + String.format(Locale.ROOT, " %d of %d dimension%s %s at the floor (KL within %d %% of λ): the"
                + " floor, not the data, sets %s KL.", atFloor, d, d == 1 ? "" : "s", one ? "sits" : "sit",
                Math.round(CollapseVerdict.FLOOR_BAND * 100), one ? "its" : "their");
    }

    private static CategoryPlot klPlot(DefaultCategoryDataset data, Color[] colours, double freeBits) {
        NumberAxis axis = new NumberAxis("KL (nats)");
        // A collapsed model's bars are 10⁻⁴ nats or less, whose steps the library labelled "0E0, 2E-5".
        axis.setStandardTickUnits(new PowerOfTenTicks());
        Theme.styleAxis(axis);
        CategoryPlot plot = new CategoryPlot(data, null, axis, bars(colours));
        double top = 0;
        for (int u = 0; u < data.getColumnCount(); u++) {
            top = Math.max(top, data.getValue(0, u).doubleValue());
        }
        if (freeBits > 0) {
            ValueMarker floor = labelledLine(freeBits, FREE_BITS,
                    "free-bits floor λ = " + Words.number(freeBits) + " nat" + (freeBits == 1 ? "" : "s"));
            plot.addRangeMarker(floor);
            // A marker does not widen the axis: where every bar is below λ the line would fall off the top.
            if (top < freeBits * 1.15) {
                axis.setRange(0, freeBits * 1.15);
            }
        } else if (top <= 0) {
            // No bar to scale to: left to itself the axis centred a range of 10⁻⁸ on 0, ticks at −5E-9 to 5E-9, a
            // negative KL. Up to the collapse threshold instead: every dimension is under it.
            axis.setRange(0, CollapseVerdict.COLLAPSED_KL);
        }
        Theme.stylePlot(plot);
        return plot;
    }

    private static CategoryPlot varPlot(DefaultCategoryDataset data, Color[] colours) {
        LogAxis axis = new LogAxis("Var over images of μ (log)");
        axis.setSmallestValue(FLOOR);
        axis.setBase(10);
        Theme.styleAxis(axis);
        double[] range = decades(data);
        axis.setRange(range[0], range[1]);
        // Whole powers of ten only: over a range of a decade or two the library's own choice was 10^-2.0, 10^-2.5.
        axis.setTickUnit(new NumberTickUnit(1, new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        CategoryPlot plot = new CategoryPlot(data, null, axis, bars(colours));
        ValueMarker threshold = labelledLine(LatentStatistics.ACTIVE_THRESHOLD, Theme.classColour(5),
                "active-unit threshold " + LatentStatistics.ACTIVE_THRESHOLD);
        plot.addRangeMarker(threshold);
        Theme.stylePlot(plot);
        return plot;
    }

    /**
     * The lower panel's range, {lower, upper}, in whole decades: every bar, and the threshold with a decade either
     * side, so its line and its label (drawn above it) stay inside the panel when no unit, or every unit, is active.
     * Left to itself the axis ended at the largest variance, which put the line of a model with no active unit on
     * the panel's top edge and its label outside it.
     */
    static double[] decades(DefaultCategoryDataset data) {
        double low = LatentStatistics.ACTIVE_THRESHOLD / 10;
        double high = LatentStatistics.ACTIVE_THRESHOLD * 10;
        for (int u = 0; u < data.getColumnCount(); u++) {
            double v = data.getValue(0, u).doubleValue();
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        // A hair past each end decade, whose tick the axis drops when it falls on the edge exactly.
        return new double[] {StrictMath.pow(10, StrictMath.floor(StrictMath.log10(low))) * 0.999,
                StrictMath.pow(10, StrictMath.ceil(StrictMath.log10(high))) * 1.001};
    }

    /**
     * A dashed reference line labelled just above its left end. The label has an opaque ground: a bar passing under
     * it drew across the text (green or orange on blue), which could not be read.
     */
    private static ValueMarker labelledLine(double value, Color colour, String label) {
        ValueMarker line = new ValueMarker(value, colour, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        line.setLabel(label);
        line.setLabelFont(Theme.TICK);
        line.setLabelPaint(colour);
        line.setLabelBackgroundColor(Theme.PAPER);
        line.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        line.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return line;
    }

    private static BarRenderer bars(Color[] colours) {
        BarRenderer r = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return colours[column];
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0);
        r.setMaximumBarWidth(0.08);
        return r;
    }

    /**
     * evaluate's two definitions, each with its threshold: activity (Var_x(μ_u)) and collapse (KL), which an inactive
     * dimension carrying KL does not meet. Its entry is listed only where such a dimension is drawn.
     */
    static LegendItemCollection legend(boolean carrying) {
        LegendItemCollection items = new LegendItemCollection();
        String kl = Double.toString(CollapseVerdict.COLLAPSED_KL);
        items.add(new LegendItem("active dimension (Var_x(μ_u) > " + LatentStatistics.ACTIVE_THRESHOLD + ")",
                ACTIVE));
        items.add(new LegendItem("inactive and collapsed (KL < " + kl + " nats)", INACTIVE));
        if (carrying) {
            items.add(new LegendItem("inactive yet carrying KL (≥ " + kl + " nats): not collapsed", CARRYING));
        }
        return items;
    }
}
