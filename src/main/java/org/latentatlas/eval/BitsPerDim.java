package org.latentatlas.eval;

import org.latentatlas.data.Dataset;
import org.latentatlas.model.Likelihood;

/**
 * How nats per example become the bits/dim a paper prints. A discrete likelihood's nats / (pixels · ln 2) is the
 * papers' figure. A density on [0, 1] is not: on 8-bit images the papers score a density on the 256 levels' scale,
 * which adds log2 256 = 8 bits per pixel (the change of variables from [0, 1] to [0, 256)); elsewhere the density's
 * bits/dim can be negative and compares with nothing outside this tool, and the card says so.
 *
 * @param offset     bits added to each pixel's nats / ln 2: 8 for a density on 8-bit data, else 0
 * @param convention what the figure is, for the protocol card
 */
public record BitsPerDim(double offset, String convention) {
    /** log2 256: a density on [0, 1] scaled to the 256 levels of 8-bit pixels. */
    public static final double EIGHT_BIT_OFFSET = 8;

    public BitsPerDim {
        if (offset != 0 && offset != EIGHT_BIT_OFFSET) {
            throw new IllegalArgumentException("the bits/dim offset is 0 or 8 (log2 256), got " + offset);
        }
    }

    public static BitsPerDim of(Likelihood likelihood, Dataset data) {
        if (!boundsLogP(likelihood, data)) {
            return new BitsPerDim(0, "nats / (pixels · ln 2), not comparable to the papers' bits/dim: a Bernoulli on"
                    + " grayscale x is a cross-entropy, no likelihood of the data (its floor is the pixels' own"
                    + " entropy, not 0)");
        }
        if (!likelihood.density()) {
            return new BitsPerDim(0, "nats / (pixels · ln 2), as in the papers");
        }
        if (data.levels() == 255 && data.range().min() == 0 && data.range().max() == 255) {
            return new BitsPerDim(EIGHT_BIT_OFFSET, "the papers' 8-bit figure: the density's nats / (pixels · ln 2)"
                    + " + 8 (log2 256 per pixel, for 8-bit pixels x/255 taken as the papers' x/256, 0.006 bits/dim"
                    + " apart); the density is scored at the pixel values, not dequantized, so this compares in scale"
                    + " with the papers but bounds no discrete likelihood");
        }
        return new BitsPerDim(0, "the nats of a density on [0,1] / (pixels · ln 2): it can be negative, and is not"
                + " comparable to the papers' bits/dim, which are for 8-bit pixels (these are " + data.range().describe()
                + ")");
    }

    /**
     * Whether a likelihood's nats on this data are a bound on −log p(x): not a Bernoulli on grayscale x, a
     * cross-entropy whose floor is the pixels' own entropy. On binary x (binarized, or 0/1 values) it is the data's
     * likelihood.
     */
    public static boolean boundsLogP(Likelihood likelihood, Dataset data) {
        return !(likelihood instanceof Likelihood.Bernoulli) || data.levels() == 1;
    }

    /** Bits per pixel of {@code nats} per example over {@code pixels} pixels. */
    public double of(double nats, int pixels) {
        return nats / (pixels * StrictMath.log(2)) + offset;
    }
}
