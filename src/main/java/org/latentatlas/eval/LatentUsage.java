package org.latentatlas.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Each latent dimension's KL and activity, sorted by KL (largest first), from {@link LatentStatistics}.
 *
 * @param latentDim       dimensions of z
 * @param activeUnits     dimensions with μ-variance above {@code activeThreshold}; null on one example
 *                        ({@link #onOneExample})
 * @param activeThreshold Burda et al.'s 0.01
 * @param totalKl         Σ of the per-dimension KL = mean KL(q(z|x) ‖ p(z)), nats
 * @param dimensions      (latentDim) one entry per dimension, largest KL first
 */
public record LatentUsage(int latentDim, Integer activeUnits, double activeThreshold, double totalKl,
                          List<Dimension> dimensions) {
    /**
     * @param index      0-based dimension of z
     * @param kl         mean over examples of KL(q(z_u|x) ‖ N(0, 1)), nats
     * @param muVariance variance over examples of μ_u; null on one example
     * @param active     muVariance above the threshold; null with it
     */
    public record Dimension(int index, double kl, Double muVariance, Boolean active) {
        public Dimension {
            if ((muVariance == null) != (active == null)) {
                throw new IllegalArgumentException("dimension " + index + ": activity needs the variance of mu and"
                        + " the variance needs its verdict, got variance " + muVariance + ", active " + active);
            }
        }
    }

    public LatentUsage {
        dimensions = List.copyOf(dimensions);
        if (dimensions.size() != latentDim) {
            throw new IllegalArgumentException("expected " + latentDim + " dimensions, got " + dimensions.size());
        }
        for (Dimension d : dimensions) {
            if ((d.active() == null) != (activeUnits == null)) {
                throw new IllegalArgumentException("activity is measured for every dimension or none (one example):"
                        + " got " + activeUnits + " active units and dimension " + d.index() + " active " + d.active());
            }
        }
    }

    /**
     * This usage where it was measured on one example: μ cannot vary over one, so a variance of 0 and "inactive"
     * would be read off nothing, and 0 active units as total collapse. They are null, as the JSON writes a figure it
     * cannot measure; the KL per dimension stays.
     */
    public LatentUsage onOneExample() {
        return new LatentUsage(latentDim, null, activeThreshold, totalKl, dimensions.stream()
                .map(d -> new Dimension(d.index(), d.kl(), null, null)).toList());
    }

    public static LatentUsage of(LatentStatistics s) {
        List<Dimension> dims = new ArrayList<>();
        for (int u = 0; u < s.latentDim(); u++) {
            dims.add(new Dimension(u, s.klPerDimension()[u], s.muVariance()[u],
                    s.muVariance()[u] > LatentStatistics.ACTIVE_THRESHOLD));
        }
        dims.sort(Comparator.comparingDouble(Dimension::kl).reversed().thenComparingInt(Dimension::index));
        return new LatentUsage(s.latentDim(), s.activeUnits(), LatentStatistics.ACTIVE_THRESHOLD, s.totalKl(), dims);
    }
}
