package org.latentatlas.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Posterior collapse in plain words, from {@link LatentStatistics}: a dimension is active when its μ varies
 * across examples (Burda et al. 2015, Cov_x E_q[z_u] &gt; 0.01) and collapsed when its KL to the prior is
 * below 0.01 nats, i.e. q(z_u|x) ≈ p(z_u) whatever x is.
 *
 * @param latentDim           dimensions of z
 * @param activeUnits         dimensions above the activity threshold
 * @param collapsedDimensions dimensions carrying less than {@link #COLLAPSED_KL} nats of KL
 * @param state               how many dimensions are active: all, some or none
 * @param sentence            the verdict a person reads
 */
public record CollapseVerdict(int latentDim, int activeUnits, int collapsedDimensions, State state, String sentence) {
    /** KL (nats) under which a dimension is called collapsed. */
    public static final double COLLAPSED_KL = 0.01;

    /** Posterior collapse by how many dimensions are active; written in JSON reports as {@link #spec()}. */
    public enum State {
        /** Every dimension is active. */
        NONE,
        /** Some dimensions are active, not all. */
        PARTIAL,
        /** No dimension is active: the decoder ignores z. */
        TOTAL;

        /** How the JSON report writes it ({@code none}, {@code partial}, {@code total}), a documented schema. */
        @JsonValue
        public String spec() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(int activeUnits, int latentDim) {
            return activeUnits == latentDim ? NONE : activeUnits == 0 ? TOTAL : PARTIAL;
        }
    }

    public CollapseVerdict {
        if (activeUnits < 0 || activeUnits > latentDim || collapsedDimensions < 0 || collapsedDimensions > latentDim) {
            throw new IllegalArgumentException("counts must be within 0.." + latentDim + ", got " + activeUnits
                    + " active and " + collapsedDimensions + " collapsed");
        }
        if (state != State.of(activeUnits, latentDim)) {
            throw new IllegalArgumentException("state " + state.spec() + " disagrees with " + activeUnits + " of "
                    + latentDim + " dimensions active");
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
        State state = State.of(active, latent);
        String counts = String.format(Locale.ROOT, "%d of %d dimensions active; %d carry < %.2f nats", active,
                latent, collapsed, COLLAPSED_KL);
        String sentence = switch (state) {
            case NONE -> counts + ": no posterior collapse";
            case TOTAL -> counts + ": total posterior collapse, the decoder ignores z"
                    + " — try KL warm-up or free bits, or a smaller beta";
            case PARTIAL -> counts + ": posterior collapse in " + (latent - active == 1 ? "one dimension"
                    : "those dimensions") + " — try KL warm-up or free bits if you need them";
        };
        return new CollapseVerdict(latent, active, collapsed, state, sentence);
    }
}
