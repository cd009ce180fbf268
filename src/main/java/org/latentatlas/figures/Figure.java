package org.latentatlas.figures;

import java.awt.Graphics2D;

/**
 * One figure: a fixed-size drawing onto any Graphics2D, so the same code makes the PNG (a BufferedImage's
 * graphics) and the SVG (Batik's SVGGraphics2D) and the two cannot drift apart.
 */
public interface Figure {
    /** File name stem: "scatter" becomes scatter.png and scatter.svg. */
    String name();

    int width();

    int height();

    /** Draws the whole figure in (0, 0, width, height), background included. */
    void draw(Graphics2D g);
}
