package org.latentatlas.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.latentatlas.eval.LatentStatistics;

/**
 * How much each latent dimension is used: KL per dimension (nats) above, and the activity statistic
 * Var_x(μ_u) below on a log scale with the active-unit threshold of Burda et al. (2015) drawn in.
 */
public final class KlBars {
    private static final Color ACTIVE = Theme.classColour(4);
    private static final Color INACTIVE = Theme.classColour(8);
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
        combined.add(klPlot(klData, active), 3);
        combined.add(varPlot(varData, active), 2);
        Theme.stylePlot(combined);
        combined.setFixedLegendItems(legend());
        JFreeChart chart = new JFreeChart("KL per latent dimension, and which dimensions are active", Theme.TITLE,
                combined, true);
        chart.addSubtitle(0, new TextTitle(ctx.caption()));
        chart.addSubtitle(1, new TextTitle(String.format(Locale.ROOT, "Top: mean over the %s set of "
                + "KL(q(z_u|x) ‖ N(0, 1)) = ½(μ² + σ² − log σ² − 1); the bars sum to the KL term, %.2f nats. Bottom: "
                + "how much μ_u moves across images; a unit is active when Var_x(μ_u) > %s (Burda et al. 2015). "
                + "%d of %d active.", ctx.split(), total, Double.toString(LatentStatistics.ACTIVE_THRESHOLD), activeCount, d)));
        Theme.style(chart);
        dims.setTickLabelFont(d > 16 ? Theme.TICK : Theme.LABEL); // after styling, which sets every tick font
        return new ChartFigure("kl", chart, width, height);
    }

    private static CategoryPlot klPlot(DefaultCategoryDataset data, boolean[] active) {
        NumberAxis axis = new NumberAxis("KL (nats)");
        Theme.styleAxis(axis);
        CategoryPlot plot = new CategoryPlot(data, null, axis, bars(active));
        Theme.stylePlot(plot);
        return plot;
    }

    private static CategoryPlot varPlot(DefaultCategoryDataset data, boolean[] active) {
        LogAxis axis = new LogAxis("Var over images of μ (log)");
        axis.setSmallestValue(FLOOR);
        axis.setBase(10);
        Theme.styleAxis(axis);
        CategoryPlot plot = new CategoryPlot(data, null, axis, bars(active));
        ValueMarker threshold = new ValueMarker(LatentStatistics.ACTIVE_THRESHOLD, Theme.classColour(5),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        threshold.setLabel("active-unit threshold 0.01");
        threshold.setLabelFont(Theme.TICK);
        threshold.setLabelPaint(Theme.classColour(5));
        threshold.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        threshold.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        threshold.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(threshold);
        Theme.stylePlot(plot);
        return plot;
    }

    private static BarRenderer bars(boolean[] active) {
        BarRenderer r = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return active[column] ? ACTIVE : INACTIVE;
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0);
        r.setMaximumBarWidth(0.08);
        return r;
    }

    private static LegendItemCollection legend() {
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem("active dimension", ACTIVE));
        items.add(new LegendItem("inactive (collapsed to the prior)", INACTIVE));
        return items;
    }
}
