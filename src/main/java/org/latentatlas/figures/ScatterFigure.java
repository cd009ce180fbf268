package org.latentatlas.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Points on a plane coloured by class with a legend: the latent scatter. After {@link #draw} the chart's
 * transform from data to pixels is available through {@link #toPixel}, so tests can check that the colour
 * at an encoded position is its class's colour.
 */
public final class ScatterFigure implements Figure {
    private final String name;
    private final JFreeChart chart;
    private final int width;
    private final int height;
    private final boolean equalScales;
    private Rectangle2D dataArea;

    /**
     * @param points     (n, 2) coordinates
     * @param labels     (n) class of each point
     * @param classNames legend entry per class
     */
    public ScatterFigure(String name, String title, List<String> subtitles, float[] points, int[] labels,
                         List<String> classNames, String xLabel, String yLabel, boolean equalScales,
                         int width, int height) {
        this(name, title, subtitles, points, labels, classNames, xLabel, yLabel, equalScales, false, width, height);
    }

    /**
     * @param classRows whether y is a class index (a 1-D latent space, each class a row of jittered dots): the y
     *                  axis then has one tick a class, named as the legend names it, and none between rows
     */
    public ScatterFigure(String name, String title, List<String> subtitles, float[] points, int[] labels,
                         List<String> classNames, String xLabel, String yLabel, boolean equalScales,
                         boolean classRows, int width, int height) {
        this.name = name;
        this.width = width;
        this.height = height;
        this.equalScales = equalScales;
        this.chart = chart(title, subtitles, points, labels, classNames, xLabel, yLabel, classRows);
    }

    private static JFreeChart chart(String title, List<String> subtitles, float[] points, int[] labels,
                                    List<String> classNames, String xLabel, String yLabel, boolean classRows) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (String className : classNames) {
            dataset.addSeries(new XYSeries(className, false, true));
        }
        for (int i = 0; i < labels.length; i++) {
            dataset.getSeries(labels[i]).add(points[2 * i], points[2 * i + 1], false);
        }
        NumberAxis x = new NumberAxis(xLabel);
        NumberAxis y = classRows ? classAxis(yLabel, classNames) : new NumberAxis(yLabel);
        for (NumberAxis axis : new NumberAxis[] {x, y}) {
            axis.setAutoRangeIncludesZero(false);
            axis.setAutoRangeStickyZero(false); // otherwise a point at exactly 0 sits on the edge, half clipped
        }
        XYPlot plot = new XYPlot(dataset, x, y, renderer(classNames.size(), labels.length));
        plot.setOrientation(PlotOrientation.VERTICAL);
        // Later classes on top, in the order the legend lists them (JFreeChart's default is the reverse).
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart(title, Theme.TITLE, plot, true);
        for (String s : subtitles) {
            chart.addSubtitle(chart.getSubtitleCount() - 1, new TextTitle(s));
        }
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        Theme.style(chart);
        return chart;
    }

    /**
     * Ticks at the class rows 0, 1, ... named after their classes: numbers (−0.5, 0.0, 0.5, ...) would say nothing
     * of which row is which, and the half steps fall between rows.
     */
    private static SymbolAxis classAxis(String label, List<String> classNames) {
        SymbolAxis axis = new SymbolAxis(label, classNames.toArray(new String[0]));
        axis.setGridBandsVisible(false); // alternate shading would read as a grouping of the rows
        return axis;
    }

    /** Markers shrink as points multiply so a 10,000-point MNIST scatter is not one blot. */
    static double markerDiameter(int n) {
        return n <= 500 ? 8 : n <= 3000 ? 6 : 4;
    }

    private static XYLineAndShapeRenderer renderer(int classes, int n) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        double d = markerDiameter(n);
        r.setUseOutlinePaint(true);
        r.setDrawOutlines(true);
        r.setDefaultOutlinePaint(new Color(17, 24, 39, 110)); // a thin dark rim lets yellow read on white
        r.setDefaultOutlineStroke(new BasicStroke(0.6f));
        for (int c = 0; c < classes; c++) {
            r.setSeriesPaint(c, Theme.classColour(c));
            r.setSeriesShape(c, Theme.classShape(c, d));
        }
        return r;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public JFreeChart chart() {
        return chart;
    }

    @Override
    public void draw(Graphics2D g) {
        draw(g, new Rectangle2D.Double(0, 0, width, height));
    }

    /** Draws into an area of a larger figure (the compare figure puts two side by side). */
    public void draw(Graphics2D g, Rectangle2D area) {
        if (equalScales) {
            equalizeScales(area);
        }
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, area, info);
        dataArea = info.getPlotInfo().getDataArea();
    }

    /** One z unit is as long across as up, so circles in latent space look like circles. */
    private void equalizeScales(Rectangle2D area) {
        XYPlot plot = chart.getXYPlot();
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        x.setAutoRange(true);
        y.setAutoRange(true);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, area, info);
        g.dispose();
        Rectangle2D da = info.getPlotInfo().getDataArea();
        double perPxX = x.getRange().getLength() / da.getWidth();
        double perPxY = y.getRange().getLength() / da.getHeight();
        double perPx = Math.max(perPxX, perPxY);
        x.setRange(centred(x.getRange().getCentralValue(), perPx * da.getWidth()));
        y.setRange(centred(y.getRange().getCentralValue(), perPx * da.getHeight()));
    }

    private static org.jfree.data.Range centred(double centre, double length) {
        return new org.jfree.data.Range(centre - length / 2, centre + length / 2);
    }

    /** Pixel position of data point (x, y) in the last drawing. */
    public Point2D toPixel(double x, double y) {
        if (dataArea == null) {
            throw new IllegalStateException("the scatter has not been drawn yet");
        }
        XYPlot plot = chart.getXYPlot();
        double px = plot.getDomainAxis().valueToJava2D(x, dataArea, plot.getDomainAxisEdge());
        double py = plot.getRangeAxis().valueToJava2D(y, dataArea, plot.getRangeAxisEdge());
        return new Point2D.Double(px, py);
    }
}
