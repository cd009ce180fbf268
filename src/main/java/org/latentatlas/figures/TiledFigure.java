package org.latentatlas.figures;

import java.awt.Graphics2D;
import java.util.List;

/** A titled figure around one {@link ImageTable}, with optional notes under it. */
public record TiledFigure(String name, String title, String subtitle, ImageTable table, List<String> notes)
        implements Figure {
    private static final int MIN_WIDTH = 560;

    public TiledFigure {
        notes = List.copyOf(notes);
    }

    @Override
    public int width() {
        return Math.max(MIN_WIDTH, table.width() + 2 * Theme.MARGIN);
    }

    @Override
    public int height() {
        return Theme.headingHeight(title, subtitle, width()) + table.height() + notesHeight() + Theme.MARGIN;
    }

    private int notesHeight() {
        int lines = 0;
        for (String note : notes) {
            lines += Theme.wrap(note, Theme.SUBTITLE, width() - 2 * Theme.MARGIN).size();
        }
        return lines == 0 ? 0 : 8 + lines * Theme.metrics(Theme.SUBTITLE).getHeight();
    }

    @Override
    public void draw(Graphics2D g) {
        int y = Theme.drawHeading(g, title, subtitle, width());
        int x = Theme.MARGIN + Math.max(0, (width() - 2 * Theme.MARGIN - table.width()) / 2);
        table.draw(g, x, y);
        y += table.height() + 8;
        g.setFont(Theme.SUBTITLE);
        g.setColor(Theme.MUTED);
        int ascent = g.getFontMetrics().getAscent();
        for (String note : notes) {
            for (String line : Theme.wrap(note, Theme.SUBTITLE, width() - 2 * Theme.MARGIN)) {
                g.drawString(line, Theme.MARGIN, y + ascent);
                y += g.getFontMetrics().getHeight();
            }
        }
    }
}
