package org.latentatlas.figures;

import java.util.List;
import org.latentatlas.math.Rng;

/** What the model generates: decode(z) for z drawn from the prior N(0, I). */
public final class PriorSamples {
    public static final int SIDE = 10;

    private PriorSamples() {}

    /** (side·side, dim) decoded prior samples, seeded. */
    static float[] decode(FigureContext ctx, int side, long seed) {
        int d = ctx.latentDim();
        float[] z = new float[side * side * d];
        new Rng(seed).fillGaussian(z, 0, z.length);
        return ctx.vae().decode(z, side * side);
    }

    static ImageTable table(FigureContext ctx, int side, long seed) {
        return ImageTable.of(side, side, ctx.data().height(), ctx.data().width(), decode(ctx, side, seed));
    }

    public static TiledFigure figure(FigureContext ctx, long seed) {
        return new TiledFigure("samples", "Samples from the prior: decoder output for " + SIDE * SIDE
                + " random codes z ~ N(0, I)", ctx.caption(), table(ctx, SIDE, seed),
                List.of("Each tile is the mean of p(x|z) for one z drawn from the standard normal prior (seed " + seed
                        + "). A good generative model gives recognisable images for most draws; blurry or mixed "
                        + "tiles come from regions of z that no training image was encoded to."));
    }
}
