package org.latentatlas.eval;

import java.util.Locale;

/**
 * Posterior collapse in plain words, from {@link LatentStatistics}: a dimension is active when its μ varies
 * across examples (Burda et al. 2015, Cov_x E_q[z_u] &gt; 0.01) and collapsed when its KL to the prior is
 * below 0.01 nats, i.e. q(z_u|x) ≈ p(z_u) whatever x is.
 *
 * @param latentDim           dimensions of z
 * @param activeUnits         dimensions above the activity threshold
 * @param collapsedDimensions dimensions carrying less than {@link #COLLAPSED_KL} nats of KL
 * @param state               "none" (every dimension active), "partial" or "total" (no dimension active)
 * @param sentence            the verdict a person reads
 */
public record CollapseVerdict(int latentDim, int activeUnits, int collapsedDimensions, String state, String sentence) {
    /** KL (nats) under which a dimension is called collapsed. */
    public static final double COLLAPSED_KL = 0.01;

    public CollapseVerdict {
        if (activeUnits < 0 || activeUnits > latentDim || collapsedDimensions < 0 || collapsedDimensions > latentDim) {
            throw new IllegalArgumentException("counts must be within 0.." + latentDim + ", got " + activeUnits
                    + " active and " + collapsedDimensions + " collapsed");
        }
        if (!state.equals("none") && !state.equals("partial") && !state.equals("total")) {
            throw new IllegalArgumentException("state must be none, partial or total, got '" + state + "'");
        }
    }

    public static CollapseVerdict of(LatentStatistics stats) {
        int latent = stats.latentDim();
        int active = stats.activeUnits();
        int collapsed = 0;
        for (double kl : stats.klPerDimension()) {
            if (kl < COLLAPSED_KL) {
                collapsed++;
            }
        }
        String state = active == latent ? "none" : active == 0 ? "total" : "partial";
        String counts = String.format(Locale.ROOT, "%d of %d dimensions active; %d carry < %.2f nats", active,
                latent, collapsed, COLLAPSED_KL);
        String sentence = switch (state) {
            case "none" -> counts + ": no posterior collapse";
            case "total" -> counts + ": total posterior collapse, the decoder ignores z"
                    + " — try KL warm-up or free bits, or a smaller beta";
            default -> counts + ": posterior collapse in " + (latent - active == 1 ? "one dimension" : "those dimensions")
                    + " — try KL warm-up or free bits if you need them";
        };
        return new CollapseVerdict(latent, active, collapsed, state, sentence);
    }
}
