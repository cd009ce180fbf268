package org.latentatlas.figures;

import java.util.List;
import org.latentatlas.math.Rng;

/**
 * What the model generates: decode(z) for z drawn from the prior N(0, I). A plain autoencoder has no prior, so it
 * has no such figure; the compare figure still decodes the same draws for one, labelled as what they are.
 */
public final class PriorSamples {
    public static final int SIDE = 10;

    /**
     * Why an autoencoder has no samples figure: nothing in its training fitted its codes to N(0, I), so decodings
     * of draws from it would be passed off as samples of a model that generates none.
     */
    public static final String NOT_FOR_AN_AUTOENCODER = "an autoencoder has no prior p(z) (its codes z = μ(x) were"
            + " never fitted to N(0, I)), so decoding z ~ N(0, I) draws no samples of it";

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

    /** @throws IllegalArgumentException for an autoencoder, which has no prior to sample */
    public static TiledFigure figure(FigureContext ctx, long seed) {
        if (ctx.autoencoder()) {
            throw new IllegalArgumentException(ctx.modelName() + ": no samples figure: " + NOT_FOR_AN_AUTOENCODER);
        }
        return new TiledFigure("samples", "Samples from the prior: decoder output for " + SIDE * SIDE
                + " random codes z ~ N(0, I)", ctx.caption(), table(ctx, SIDE, seed),
                List.of("Each tile is the mean of p(x|z) for one z drawn from the standard normal prior (seed " + seed
                        + "). A good generative model gives recognisable images for most draws; blurry or mixed "
                        + "tiles come from regions of z that no training image was encoded to."));
    }
}
