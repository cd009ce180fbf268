package org.latentatlas.figures;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.latentatlas.eval.Progress;
import org.latentatlas.eval.Projection;

/**
 * Two models side by side (typically a plain autoencoder and a VAE): their latent scatters and their samples
 * from N(0, I). An autoencoder's codes leave holes and wander far from the prior, so its "samples" are
 * mostly not images; a VAE's are.
 */
public final class Comparison implements Figure {
    private static final int PANEL_WIDTH = 720;
    private static final int SCATTER_HEIGHT = 600;
    private static final int SAMPLE_SIDE = 8;
    private static final String TITLE = "Two models compared: latent spaces (top) and samples decoded from z ~ N(0, I) (bottom)";

    private final FigureContext left;
    private final FigureContext right;
    private final ScatterFigure[] scatters;
    private final ImageTable[] samples;
    private final String subtitle;

    public Comparison(FigureContext left, FigureContext right, Projection projection, long seed) {
        this(left, right, projection, seed, Progress.NONE);
    }

    /** @param progress told how far each model's projection has got, when it is a slow one */
    public Comparison(FigureContext left, FigureContext right, Projection projection, long seed, Progress progress) {
        this.left = left;
        this.right = right;
        this.scatters = new ScatterFigure[] {scatter(left, projection, seed, progress),
            scatter(right, projection, seed, progress)};
        this.samples = new ImageTable[] {PriorSamples.table(left, SAMPLE_SIDE, seed),
            PriorSamples.table(right, SAMPLE_SIDE, seed)};
        this.subtitle = "Left: " + left.caption() + ". Right: " + right.caption() + ". Same prior draws (seed " + seed
                + ") for both. Where a scatter leaves empty space inside ±2 (an autoencoder's often does), that decoder"
                + " was never trained there and its samples from there are not images.";
    }

    private static ScatterFigure scatter(FigureContext ctx, Projection projection, long seed, Progress progress) {
        LatentScatter.Projected p = LatentScatter.project(ctx, projection, seed, progress);
        String kind = ctx.autoencoder() ? "autoencoder" : "VAE (objective " + ctx.objective() + ")";
        return new ScatterFigure("compare-" + ctx.modelName(), ctx.modelName() + ": " + kind, List.of(), p.points(),
                p.labels(), LatentScatter.classNames(ctx), p.xLabel(), p.yLabel(), p.zUnits(), ctx.latentDim() == 1, PANEL_WIDTH,
                SCATTER_HEIGHT);
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public int width() {
        return 2 * PANEL_WIDTH + 3 * Theme.MARGIN;
    }

    @Override
    public int height() {
        // Each model's images have their own shape, so the taller sample table sets the height.
        return heading() + SCATTER_HEIGHT + labelHeight() + Math.max(samples[0].height(), samples[1].height())
                + 2 * Theme.MARGIN;
    }

    private int heading() {
        return Theme.headingHeight(TITLE, subtitle, width());
    }

    private static int labelHeight() {
        return Theme.metrics(Theme.LABEL).getHeight() + 8;
    }

    @Override
    public void draw(Graphics2D g) {
        int top = Theme.drawHeading(g, TITLE, subtitle, width());
        FigureContext[] models = {left, right};
        for (int i = 0; i < 2; i++) {
            int x = Theme.MARGIN + i * (PANEL_WIDTH + Theme.MARGIN);
            scatters[i].draw(g, new Rectangle2D.Double(x, top, PANEL_WIDTH, SCATTER_HEIGHT));
            int y = top + SCATTER_HEIGHT + Theme.MARGIN;
            g.setFont(Theme.LABEL);
            g.setColor(Theme.INK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(models[i].modelName() + ": decoded prior samples", x, y + fm.getAscent());
            samples[i].draw(g, x + (PANEL_WIDTH - samples[i].width()) / 2, y + labelHeight());
        }
    }
}
