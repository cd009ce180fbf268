package org.latentatlas.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latentatlas.text.Words;

/**
 * Posterior collapse in plain words, from {@link LatentStatistics}. Two definitions, each counted on its own: a
 * dimension is <em>active</em> when its μ varies across examples (Burda et al. 2015, Var_x E_q[z_u] &gt; 0.01), and
 * <em>collapsed</em> when its KL to the prior is below 0.01 nats, i.e. q(z_u|x) ≈ p(z_u) whatever x is. They
 * usually agree; where they do not (an inactive dimension that still costs KL, because its posterior is off the
 * prior the same way for every x) the sentence says so instead of calling it collapsed.
 *
 * <p>A model trained with free bits λ has no KL gradient on a dimension below λ, so its KL settles near λ whatever
 * the data would make of it: the sentence counts the dimensions that sit there, so no one reads a floor as a
 * measurement.
 *
 * @param latentDim           dimensions of z
 * @param activeUnits         dimensions with var(μ) above the activity threshold; null on one example, where μ cannot
 *                            vary ({@link #onOneExample})
 * @param collapsedDimensions dimensions carrying less than {@link #COLLAPSED_KL} nats of KL
 * @param inactiveCarrying    inactive dimensions that still carry at least {@link #COLLAPSED_KL} nats of KL; null
 *                            with activeUnits
 * @param freeBits            the free-bits floor λ the model was trained with, in nats (0: none)
 * @param atFreeBitsFloor     dimensions whose KL is within {@link #FLOOR_BAND} of λ (0 without free bits)
 * @param state               how many dimensions are active: all, some or none; null with activeUnits
 * @param sentence            the verdict a person reads
 */
public record CollapseVerdict(int latentDim, Integer activeUnits, int collapsedDimensions, Integer inactiveCarrying,
                              double freeBits, int atFreeBitsFloor, State state, String sentence) {
    /** KL (nats) under which a dimension is called collapsed. */
    public static final double COLLAPSED_KL = 0.01;
    /**
     * How near λ (relative) a dimension's KL is said to sit at the free-bits floor. The floor binds each minibatch's
     * mean KL during training, not the mean over the evaluated split, which scatters about it: 4 to 11 % above
     * λ = 0.5 in a 3-epoch Fashion-MNIST run (whose other dimensions carried 2.8 times λ or more), 6 to 18 % below
     * λ = 1 in a 10-epoch digits run with every dimension held there.
     */
    public static final double FLOOR_BAND = 0.2;
    /** Dimensions named one by one in a clause; beyond this many the clause counts them. */
    private static final int NAMED = 3;

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
        if ((activeUnits == null) != (inactiveCarrying == null) || (activeUnits == null) != (state == null)) {
            throw new IllegalArgumentException("activity is measured, or not (one example), for the active units, the"
                    + " inactive dimensions carrying KL and the state alike; got " + activeUnits + " active, "
                    + inactiveCarrying + " inactive yet carrying, state " + state);
        }
        int active = activeUnits == null ? 0 : activeUnits; // unmeasured: checked as none
        int carrying = inactiveCarrying == null ? 0 : inactiveCarrying;
        for (int count : new int[] {active, collapsedDimensions, carrying, atFreeBitsFloor}) {
            if (count < 0 || count > latentDim) {
                throw new IllegalArgumentException("counts must be within 0.." + latentDim + ", got " + activeUnits
                        + " active, " + collapsedDimensions + " collapsed, " + inactiveCarrying
                        + " inactive yet carrying and " + atFreeBitsFloor + " at the free-bits floor");
            }
        }
        if (carrying > latentDim - active) {
            throw new IllegalArgumentException(inactiveCarrying + " inactive dimensions carrying KL, but only "
                    + (latentDim - active) + " of " + latentDim + " are inactive");
        }
        if (!(freeBits >= 0) || (freeBits == 0 && atFreeBitsFloor > 0)) {
            throw new IllegalArgumentException("free bits must be >= 0 nats, and 0 dimensions sit at a floor of 0;"
                    + " got free bits " + freeBits + " with " + atFreeBitsFloor + " at the floor");
        }
        if (state != null && state != State.of(active, latentDim)) {
            throw new IllegalArgumentException("state " + state.spec() + " disagrees with " + activeUnits + " of "
                    + latentDim + " dimensions active");
        }
    }

    /** The verdict of a model trained without free bits. */
    public static CollapseVerdict of(LatentStatistics stats) {
        return of(stats, new Remedies(0, 1, false));
    }

    /** The verdict of a model trained as {@code training} says: its β and schedule decide the advice. */
    public static CollapseVerdict of(LatentStatistics stats, Training training) {
        return of(stats, new Remedies(training.config().freeBits(), training.config().beta(), training.warmedUp()));
    }

    private static CollapseVerdict of(LatentStatistics stats, Remedies remedies) {
        double freeBits = remedies.freeBits();
        Dimensions dims = Dimensions.sort(stats, freeBits);
        int latent = stats.latentDim();
        State state = State.of(stats.activeUnits(), latent);
        // "0 of 1 dimension active": the noun counts the dimensions, as in the free-bits clause
        String counts = String.format(Locale.ROOT, "%d of %d dimension%s active (var(mu) > %s), %d collapsed"
                + " (KL < %s nats)", stats.activeUnits(), latent, latent == 1 ? "" : "s",
                LatentStatistics.ACTIVE_THRESHOLD, dims.collapsed(), COLLAPSED_KL);
        return new CollapseVerdict(latent, stats.activeUnits(), dims.collapsed(), dims.inactiveCarrying.size(),
                freeBits, dims.atFloor.size(), state, counts + ": " + dims.findings(stats, state, remedies));
    }

    /**
     * This verdict where it was taken on one example: μ cannot vary over one, so every dimension reads inactive
     * whatever the model does, and "total posterior collapse — try KL warm-up" would be advice read off nothing. What
     * rests on activity (the active units, the inactive dimensions carrying KL, the state) is null, as the JSON
     * writes a figure it cannot measure; the counts read off the KL alone stay as measured; the sentence says that
     * activity, and so collapse, needs two or more examples.
     */
    public CollapseVerdict onOneExample() {
        return new CollapseVerdict(latentDim, null, collapsedDimensions, null, freeBits,
                atFreeBitsFloor, null, "not measurable on one example: whether a dimension is active (var(mu) > "
                        + LatentStatistics.ACTIVE_THRESHOLD + " over examples) takes two or more, so posterior"
                        + " collapse cannot be told; evaluate more examples for a verdict");
    }

    /**
     * Which dimensions fall under each finding, by index: inactive and under {@link #COLLAPSED_KL} (collapsed by
     * both definitions), inactive yet carrying KL, active yet under {@link #COLLAPSED_KL} (possible only just above
     * the threshold, since KL ≥ var(μ)/2), and at the free-bits floor (any of the others too).
     */
    private record Dimensions(List<Integer> inactiveCollapsed, List<Integer> inactiveCarrying,
                              List<Integer> activeButEmpty, List<Integer> atFloor) {
        static Dimensions sort(LatentStatistics s, double freeBits) {
            Dimensions d = new Dimensions(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int u = 0; u < s.latentDim(); u++) {
                double kl = s.klPerDimension()[u];
                boolean active = s.muVariance()[u] > LatentStatistics.ACTIVE_THRESHOLD;
                boolean empty = kl < COLLAPSED_KL;
                if (active && empty) {
                    d.activeButEmpty.add(u);
                } else if (!active) {
                    (empty ? d.inactiveCollapsed : d.inactiveCarrying).add(u);
                }
                if (freeBits > 0 && Math.abs(kl - freeBits) <= FLOOR_BAND * freeBits) {
                    d.atFloor.add(u);
                }
            }
            return d;
        }

        int collapsed() {
            return inactiveCollapsed.size() + activeButEmpty.size();
        }

        /** What the counts mean for this model, the dimensions that need a word, then the free-bits floor. */
        String findings(LatentStatistics s, State state, Remedies remedies) {
            double freeBits = remedies.freeBits();
            List<String> clauses = new ArrayList<>();
            if (state == State.TOTAL && inactiveCarrying.isEmpty()) {
                clauses.add("total posterior collapse, the decoder ignores z");
            } else {
                if (state == State.TOTAL) {
                    clauses.add("no dimension's mu moves with x, so z tells the decoder little about the input");
                }
                if (!inactiveCollapsed.isEmpty()) {
                    clauses.add("posterior collapse in " + dimensions(inactiveCollapsed));
                }
                clauses.addAll(described(s, inactiveCarrying, "inactive (var(mu) %.4f) yet carrying %.4f nats",
                        "inactive (var(mu) <= " + LatentStatistics.ACTIVE_THRESHOLD + ") yet carry " + COLLAPSED_KL
                                + " nats or more each"));
                clauses.addAll(described(s, activeButEmpty, "active (var(mu) %.4f) yet carrying only %.4f nats",
                        "active yet carry under " + COLLAPSED_KL + " nats each"));
            }
            String sentence = (clauses.isEmpty() ? "no posterior collapse" : String.join("; ", clauses))
                    + remedies.advice(state);
            if (!atFloor.isEmpty()) {
                boolean one = atFloor.size() == 1;
                // "1 of 20 dimensions sits": the noun counts the dimensions, the verb those at the floor.
                sentence += String.format(Locale.ROOT, ". %d of %d dimension%s %s at the free-bits floor of %s nat%s:"
                        + " the floor, not the data, sets %s KL", atFloor.size(), s.latentDim(),
                        s.latentDim() == 1 ? "" : "s", one ? "sits" : "sit",
                        Words.number(freeBits), freeBits == 1 ? "" : "s", one ? "its" : "their");
            }
            return sentence;
        }

        /**
         * One clause per dimension ("dimension 1 is inactive (var(mu) 0.0074) yet carrying 0.0855 nats"), or one
         * for them all ("5 dimensions are {@code many}") when there are more than {@link #NAMED}.
         */
        private static List<String> described(LatentStatistics s, List<Integer> dims, String each, String many) {
            if (dims.size() > NAMED) {
                return List.of(dimensions(dims) + " are " + many);
            }
            return dims.stream().map(u -> "dimension " + u + " is " + String.format(Locale.ROOT, each,
                    s.muVariance()[u], s.klPerDimension()[u])).toList();
        }

        /** "dimension 3", "dimensions 3 and 5", "dimensions 3, 5 and 7", or "5 dimensions" when there are many. */
        private static String dimensions(List<Integer> dims) {
            if (dims.size() == 1) {
                return "dimension " + dims.get(0);
            }
            if (dims.size() > NAMED) {
                return dims.size() + " dimensions";
            }
            return "dimensions " + Words.and(dims.stream().map(String::valueOf).toList());
        }
    }

    /**
     * What a collapsed model could be trained with instead. A KL weight above 1 prices every nat a dimension carries
     * at β, so lowering β comes first: docs/training.md measures a warm-up alone keeping no unit active at β = 8.
     *
     * @param freeBits the free-bits floor it was trained with (0: none)
     * @param beta     the KL weight it was trained with (the target of any schedule)
     * @param warmedUp whether β already rose over the run (a linear or cyclical schedule)
     */
    private record Remedies(double freeBits, double beta, boolean warmedUp) {
        String advice(State state) {
            if (state == State.NONE) {
                return "";
            }
            String warmUp = warmedUp ? "a longer KL warm-up" : "KL warm-up";
            String others = freeBits > 0 ? warmUp : warmUp + " or free bits";
            if (beta > 1) {
                String why = "trained with beta " + Words.number(beta) + ": a KL weight above 1 pushes dimensions onto"
                        + " the prior, which " + warmUp + " alone does not prevent";
                return state == State.PARTIAL ? " — lower beta first if you need every dimension (" + why + ")"
                        : " — lower beta first (" + why + "), then try " + others;
            }
            return switch (state) {
                case PARTIAL -> " — try " + others + " if you need every dimension";
                default -> " — try " + others + ", or a smaller beta";
            };
        }
    }
}
