package org.latentatlas.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;

/** The look shared by every figure: fonts, ink, and the class palette the web explorer uses too. */
public final class Theme {
    /**
     * Okabe &amp; Ito's eight colours (distinct under the common colour-vision deficiencies), then a neutral
     * grey and Paul Tol's wine: the same list, in the same order, as the explorer's palette.js, so class 3 is
     * the same colour on the page and in the paper.
     */
    public static final List<Color> CLASS_COLOURS = List.of(
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73), new Color(0xF0E442),
            new Color(0x0072B2), new Color(0xD55E00), new Color(0xCC79A7), new Color(0x000000),
            new Color(0x999999), new Color(0x882255));

    public static final Color INK = new Color(0x111827);
    public static final Color MUTED = new Color(0x4B5563);
    public static final Color PAPER = Color.WHITE;
    public static final Color RULE = new Color(0xE5E7EB);
    public static final Color GUTTER = new Color(0xD1D5DB);

    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    public static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    public static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    public static final int MARGIN = 16;

    private Theme() {}

    public static Color classColour(int label) {
        return CLASS_COLOURS.get(Math.floorMod(label, CLASS_COLOURS.size()));
    }

    /**
     * The marker of class {@code label}, {@code diameter} pixels across: a circle for the first round of
     * {@link #CLASS_COLOURS}, then a polygon of one more corner each round (triangle, square, pentagon, ...), so
     * classes 0 and 10, which share a colour, still look different, however many classes there are.
     */
    public static Shape classShape(int label, double diameter) {
        int round = Math.floorDiv(Math.max(label, 0), CLASS_COLOURS.size());
        double r = diameter / 2;
        if (round == 0) {
            return new Ellipse2D.Double(-r, -r, diameter, diameter);
        }
        int corners = round + 2;
        Path2D.Double polygon = new Path2D.Double();
        polygon.moveTo(0, -r); // a corner straight up
        for (int k = 1; k < corners; k++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * k / corners;
            polygon.lineTo(r * StrictMath.cos(angle), r * StrictMath.sin(angle)); // StrictMath: same SVG on every JDK
        }
        polygon.closePath();
        return polygon;
    }

    /** Antialiased shapes and text; nearest-neighbour image scaling so pixels stay pixels. */
    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** Metrics independent of the target, so a PNG and an SVG of one figure lay out identically. */
    static FontMetrics metrics(Font font) {
        Graphics2D g = SCRATCH.createGraphics();
        try {
            hints(g);
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    private static final BufferedImage SCRATCH = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    /** Greedy word wrap to a pixel width. */
    static List<String> wrap(String text, Font font, int width) {
        FontMetrics fm = metrics(font);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Height that {@link #drawHeading} will use for this title and subtitle at this width. */
    static int headingHeight(String title, String subtitle, int width) {
        int h = MARGIN;
        h += wrap(title, TITLE, width - 2 * MARGIN).size() * metrics(TITLE).getHeight();
        h += 4 + wrap(subtitle, SUBTITLE, width - 2 * MARGIN).size() * metrics(SUBTITLE).getHeight();
        return h + 8;
    }

    /** Title (what the figure shows) and subtitle (which model, data and split), left-aligned; returns the y below. */
    static int drawHeading(Graphics2D g, String title, String subtitle, int width) {
        int y = MARGIN;
        g.setColor(INK);
        y = drawLines(g, wrap(title, TITLE, width - 2 * MARGIN), TITLE, y);
        g.setColor(MUTED);
        y = drawLines(g, wrap(subtitle, SUBTITLE, width - 2 * MARGIN), SUBTITLE, y + 4);
        return y + 8;
    }

    private static int drawLines(Graphics2D g, List<String> lines, Font font, int top) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int y = top;
        for (String line : lines) {
            g.drawString(line, MARGIN, y + fm.getAscent());
            y += fm.getHeight();
        }
        return y;
    }

    /** JFreeChart's defaults are grey and bevelled; this makes a chart look like the rest of the figures. */
    static void style(JFreeChart chart) {
        chart.setBackgroundPaint(PAPER);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 8, 8, 16));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(INK);
            chart.getTitle().setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        }
        for (Object sub : chart.getSubtitles()) {
            if (sub instanceof TextTitle t) {
                t.setFont(SUBTITLE);
                t.setPaint(MUTED);
                t.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
                t.setTextAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
            } else if (sub instanceof LegendTitle legend) {
                legend.setItemFont(LABEL);
                legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
                legend.setBackgroundPaint(PAPER);
            }
        }
        stylePlot(chart.getPlot());
    }

    static void stylePlot(Plot plot) {
        plot.setBackgroundPaint(PAPER);
        plot.setOutlinePaint(GUTTER);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(RULE);
            xy.setRangeGridlinePaint(RULE);
            xy.setDomainGridlineStroke(new BasicStroke(1f));
            xy.setRangeGridlineStroke(new BasicStroke(1f));
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                styleAxis(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                styleAxis(xy.getRangeAxis(i));
            }
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(RULE);
            cat.setRangeGridlineStroke(new BasicStroke(1f));
            styleAxis(cat.getDomainAxis());
            styleAxis(cat.getRangeAxis());
        }
    }

    static void styleAxis(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(LABEL);
        axis.setLabelPaint(INK);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(MUTED);
        axis.setAxisLinePaint(GUTTER);
        axis.setTickMarkPaint(GUTTER);
    }
}
