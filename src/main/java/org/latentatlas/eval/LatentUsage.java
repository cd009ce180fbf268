package org.latentatlas.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Each latent dimension's KL and activity, sorted by KL (largest first), from {@link LatentStatistics}.
 *
 * @param latentDim       dimensions of z
 * @param activeUnits     dimensions with μ-variance above {@code activeThreshold}
 * @param activeThreshold Burda et al.'s 0.01
 * @param totalKl         Σ of the per-dimension KL = mean KL(q(z|x) ‖ p(z)), nats
 * @param dimensions      (latentDim) one entry per dimension, largest KL first
 */
public record LatentUsage(int latentDim, int activeUnits, double activeThreshold, double totalKl,
                          List<Dimension> dimensions) {
    /**
     * @param index      0-based dimension of z
     * @param kl         mean over examples of KL(q(z_u|x) ‖ N(0, 1)), nats
     * @param muVariance variance over examples of μ_u
     * @param active     muVariance above the threshold
     */
    public record Dimension(int index, double kl, double muVariance, boolean active) {}

    public LatentUsage {
        dimensions = List.copyOf(dimensions);
        if (dimensions.size() != latentDim) {
            throw new IllegalArgumentException("expected " + latentDim + " dimensions, got " + dimensions.size());
        }
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
