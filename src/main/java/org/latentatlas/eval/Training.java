package org.latentatlas.eval;

import java.util.Locale;
import java.util.Objects;
import org.latentatlas.text.Words;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainConfig;

/**
 * What a model's training says about the numbers reported for it. A β-weighted or free-bits objective is not the
 * ELBO: the reported ELBO stays the β = 1 bound, and the loss actually minimised is another number, which a reader
 * must be told apart from it. Train and evaluate word it the same way from here.
 *
 * @param config       the training config as the model file records it
 * @param stored       the test ELBO training stored in the file (fewer draws of ε than evaluate takes), or null
 * @param sameExamples whether an evaluation scores the examples {@code stored} did (the model's own test split, all
 *                     of it, binarized with the training seed where it is binarized)
 */
public record Training(TrainConfig config, Evaluation stored, boolean sameExamples) {
    /** What the reported ELBO is where the objective weighs the KL: one wording in train, evaluate and info. */
    public static final String BOUND = "the beta = 1 bound";
    /** The name of the loss training minimised, beside the bound. */
    public static final String OBJECTIVE = "objective minimised";

    public Training {
        Objects.requireNonNull(config, "config");
        if (sameExamples && stored == null) {
            throw new IllegalArgumentException("sameExamples says an evaluation scores the examples of the stored"
                    + " test ELBO, but stored is null");
        }
    }

    /** "1 draw of eps per example", "10 draws of eps per example": how every protocol line counts ε. */
    public static String drawsOfEps(long n) {
        return n + " draw" + (n == 1 ? "" : "s") + " of eps per example";
    }

    /** A run being trained: nothing stored yet. */
    public static Training of(TrainConfig config) {
        return new Training(config, null, false);
    }

    /** The minimised objective differs from the ELBO: a KL weight other than 1 or a free-bits floor. */
    public boolean weightsTheKl() {
        return config.objective() == Objective.ELBO && (config.beta() != 1 || config.freeBits() > 0);
    }

    /** What the loss weighs besides the reconstruction: "elbo, beta 4, free bits 0.25", or why there is no KL. */
    public String terms() {
        return config.objective().spec() + ", " + switch (config.objective()) {
            case AE -> "no KL term";
            case IWAE -> "k = " + config.samples() + " samples, no KL weight (beta applies to the ELBO only)";
            case ELBO -> config.klSchedule().describe(config.beta())
                    + (config.freeBits() > 0 ? ", free bits " + Words.number(config.freeBits()) : "");
        };
    }

    /** The objective minimised, per example: "recon + 4 · KL", "recon + 4 · sum_j max(0.25, KL_j)". */
    public String formula() {
        String kl = config.freeBits() > 0 ? "sum_j max(" + Words.number(config.freeBits()) + ", KL_j)" : "KL";
        return "recon + " + Words.number(config.beta()) + " · " + kl;
    }

    /**
     * The objective at the end of the schedule, from a split's mean reconstruction and mean KL per dimension: the
     * free-bits floor binds a dimension's KL averaged over the batch, here over the split.
     *
     * @param klPerDimension (latentDim) mean KL of each dimension over the examples
     */
    public double objective(double recon, double[] klPerDimension) {
        double kl = 0;
        for (double k : klPerDimension) {
            kl += Math.max(config.freeBits(), k);
        }
        return recon + config.beta() * kl;
    }

    /**
     * The objective from a split's stored means alone, where that is enough: null under a free-bits floor, which
     * binds each dimension's KL, and a split's KL summed over dimensions does not say how much of it each holds.
     */
    public Double objective(Evaluation split) {
        return config.freeBits() > 0 ? null : split.recon() + config.beta() * split.kl();
    }

    /**
     * The protocol's word on training: its terms, and what the reported ELBO is beside them. In words only, no
     * layout ("below", "the row"): the JSON report and {@code atlas info} carry it too.
     */
    public String describe() {
        String terms = terms();
        return switch (config.objective()) {
            case AE -> terms;
            case IWAE -> terms + "; the reported ELBO is the k = 1 bound, looser than the k = " + config.samples()
                    + " bound trained (IS-NLL with k >= " + config.samples() + " is at least as tight)";
            case ELBO -> terms + (weightsTheKl() ? "; the reported ELBO is " + BOUND + ", not the "
                    + OBJECTIVE + " (" + formula() + ")"
                    : warmedUp() ? "; the reported ELBO is " + BOUND + " the schedule ended on" : "");
        };
    }

    /** Whether β rose over the run (a linear or cyclical schedule), so a warm-up was already tried. */
    public boolean warmedUp() {
        return config.klSchedule().type() != KlSchedule.Kind.CONSTANT;
    }

    /** Train's stored test ELBO for the protocol card, beside one averaged over {@code draws}; null when none. */
    public ProtocolCard.TrainedElbo trainedElbo(long draws) {
        if (stored == null) {
            return null;
        }
        return new ProtocolCard.TrainedElbo(stored.elbo(), stored.elboStdErr(), stored.recon(), stored.kl(),
                stored.examples(), stored.samples(), stored.seed(), sameExamples, storedComparison(draws));
    }

    /**
     * How train's stored test ELBO compares with one averaged over {@code draws} draws of ε per example, so a reader
     * told two numbers for one model knows why; null when the file stores none.
     */
    public String storedComparison(long draws) {
        if (stored == null) {
            return null;
        }
        String more = stored.samples() < draws ? "fewer draws" : stored.samples() > draws ? "more draws" : "other draws";
        boolean one = stored.examples() == 1; // a spread over one example is no error, and "± 0.00" would read as exact
        String elbo = String.format(Locale.ROOT, one ? "%.2f (one example: no standard error)" : "%.2f ± %.2f",
                stored.elbo(), stored.elboStdErr());
        return String.format(Locale.ROOT, "the stored test-split ELBO, %s, averaged %s"
                + " (seed %d) in training on %s %d example%s; this evaluation's averages %d, so the two differ"
                + " by Monte Carlo noise (training used %s)%s", elbo, drawsOfEps(stored.samples()), stored.seed(),
                sameExamples ? "the same" : "the test split's", stored.examples(), one ? "" : "s", draws, more,
                sameExamples ? "" : " and by the examples");
    }
}
