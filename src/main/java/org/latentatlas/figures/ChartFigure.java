package org.latentatlas.figures;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;

/** A JFreeChart drawn at a fixed size. */
public record ChartFigure(String name, JFreeChart chart, int width, int height) implements Figure {
    @Override
    public void draw(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }
}
