package org.latentatlas.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latentatlas.text.Words;
import org.latentatlas.train.Binarization;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.LearningRateSchedule;
import org.latentatlas.train.Objective;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.Option;

/** The optimization options of {@code atlas train}: objective, KL weighting, schedules, validation. */
public final class TrainingOptions {
    // The cyclical schedule's defaults: --help gives them, and a schedule is told in options without them.
    private static final int DEFAULT_CYCLES = 4;
    private static final double DEFAULT_CYCLE_RATIO = 0.5;

    @Option(names = "--objective", defaultValue = "elbo", paramLabel = "elbo|iwae|ae",
            description = {"elbo: the (beta-weighted) ELBO, KL in closed form (Kingma & Welling 2014).",
                "iwae: the importance-weighted bound log (1/k) sum w_i over --k samples (Burda et al. 2015); k = 1 is"
                        + " the single-sample ELBO with the KL taken at the sample.",
                "ae: a plain autoencoder on the same network: z = mu, no sampling, no KL; the logvar head stays in the"
                        + " file (same format as a VAE) but is untrained and unused. Its reported 'ELBO' is minus the"
                        + " reconstruction at z = mu, not a bound."})
    String objective;

    @Option(names = "--k", paramLabel = "K", description = "Importance samples per example for --objective iwae"
            + " (default 5 with iwae; 1 otherwise).")
    Integer k;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, paramLabel = "N",
            description = "Passes over the training set.")
    int epochs;

    @Option(names = "--batch", defaultValue = Defaults.BATCH, paramLabel = "N", description = "Examples per Adam step.")
    int batch;

    @Option(names = "--lr", defaultValue = Defaults.LEARNING_RATE, paramLabel = "RATE",
            description = "Adam learning rate.")
    double learningRate;

    @Option(names = "--lr-schedule", defaultValue = "constant", paramLabel = "constant|cosine",
            description = "constant, or cosine: lr * (1 + cos(pi t/T)) / 2 from lr at the first step to 0 at the last.")
    String lrSchedule;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "C",
            description = "Scale each step's gradient down to global L2 norm C; 0 = off.")
    double clipNorm;

    @Option(names = "--beta", defaultValue = Defaults.BETA, paramLabel = "BETA",
            description = "Weight of the KL term (the target of any schedule); 1 is the true ELBO, >1 a beta-VAE.")
    double beta;

    // The schedule's own options have no picocli default (null = not given), so that one given for another
    // schedule is refused instead of silently ignored; their defaults are applied in schedule().
    @Option(names = "--kl-schedule", paramLabel = "constant|linear|cyclical",
            description = {"How beta moves over the run (current beta is shown in the progress bar and stored per"
                    + " epoch in the history). Default: constant, or linear when --warmup is given.",
                "constant: beta throughout; linear: from --beta-start to --beta over --warmup epochs (or steps),"
                        + " then beta;",
                "cyclical: --cycles cycles over the run, each rising linearly from 0 to beta over its first"
                        + " --cycle-ratio and then flat (Fu et al. 2019)."})
    String klSchedule;

    @Option(names = "--warmup", paramLabel = "N", description = "Length of the linear KL warm-up (linear schedule),"
            + " at least 1; leave it out for none.")
    Integer warmup;

    @Option(names = "--warmup-unit", paramLabel = "epochs|steps",
            description = "Unit of --warmup (linear schedule). Default: epochs.")
    String warmupUnit;

    @Option(names = "--beta-start", paramLabel = "BETA0", description = "Beta at the start of a linear warm-up."
            + " Default: 0.")
    Double betaStart;

    @Option(names = "--cycles", paramLabel = "M",
            description = "Cycles of the cyclical schedule. Default: " + DEFAULT_CYCLES + ".")
    Integer cycles;

    @Option(names = "--cycle-ratio", paramLabel = "R",
            description = "Rising fraction of each cycle of the cyclical schedule, in (0, 1]. Default: "
                    + DEFAULT_CYCLE_RATIO + ".")
    Double cycleRatio;

    @Option(names = "--free-bits", defaultValue = "0", paramLabel = "LAMBDA",
            description = {"Free bits (Kingma et al. 2016): each latent dimension's KL, averaged over the batch, is"
                    + " floored at LAMBDA nats in the training loss (sum_j max(LAMBDA, KL_j)), so a dimension below"
                    + " LAMBDA gets no KL gradient and is free to carry information. The reported ELBO is always the"
                    + " true, unclamped bound. 0 = off."})
    double freeBits;

    @Option(names = "--binarize", defaultValue = "none", paramLabel = "none|static|dynamic",
            description = {"For --likelihood bernoulli: train on x ~ Bernoulli(pixel) instead of grayscale.",
                "dynamic: a fresh draw every batch (from the noise stream); static: one seeded draw of the training"
                        + " set. Validation and test are then binarized once with a fixed seed, so evaluation is"
                        + " deterministic and the nats are a true bound on the binary data."})
    String binarize;

    // As typed, read by ValidationSize in toConfig: its refusal says which reading failed (1.0 is no count, 1.5 no
    // fraction), where a converter's would be told only as the kind of value the option takes (BadValues).
    @Option(names = "--validation", defaultValue = "0", paramLabel = "N|FRACTION",
            description = "Carve a validation set from the training split (seeded, stratified): a count (100) or,"
                    + " written with a decimal point, a fraction of the split in (0, 1) (0.1); evaluated every epoch."
                    + " 0 = none.")
    String validation;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "Early stopping: stop after N epochs without a better validation ELBO and keep the best"
                    + " weights (needs --validation). 0 = off.")
    int patience;

    @Option(names = "--stop-after-steps", defaultValue = "0", paramLabel = "N",
            description = "Stop after N Adam steps in all (the schedules still span --epochs), e.g. to split a run in"
                    + " pieces with --resume. 0 = no limit.")
    long stopAfterSteps;

    @Option(names = "--record-time", description = "Store in the history, at the end of each epoch, the wall time in"
            + " seconds since the run began (a running total, wallSeconds). Off by default: the same seed then gives a"
            + " byte-identical model file; the time is printed either way.")
    boolean recordTime;

    TrainConfig toConfig(long seed) {
        Objective o = Objective.parse(objective);
        if (o != Objective.ELBO) {
            refuseKlOptions(o);
        }
        int samples = k != null ? k : o == Objective.IWAE ? 5 : 1;
        if (k != null && o != Objective.IWAE && k != 1) {
            throw new IllegalArgumentException("--k " + k + " is for --objective iwae (this run's is " + o.spec()
                    + ")");
        }
        double held = ValidationSize.parse(validation);
        if (patience > 0 && held == 0) {
            throw new IllegalArgumentException("--patience " + patience + " needs --validation N|FRACTION: early"
                    + " stopping watches the validation ELBO");
        }
        return new TrainConfig(epochs, batch, learningRate, beta, seed, o, samples, schedule(), freeBits,
                LearningRateSchedule.parse(lrSchedule), clipNorm, Binarization.parse(binarize), held, patience,
                stopAfterSteps, recordTime);
    }

    /** The schedule's kind as the options choose it: --kl-schedule, else linear by --warmup alone, else constant. */
    String scheduleKind() {
        return klSchedule != null ? klSchedule.strip().toLowerCase(Locale.ROOT)
                : warmup != null ? "linear" : "constant";
    }

    private KlSchedule schedule() {
        String kind = scheduleKind();
        // The kind as the user chose it, which may be by --warmup alone or by giving nothing.
        String chosen = kind + (klSchedule != null ? "" : warmup != null ? ", from --warmup " + warmup
                : ", the default");
        onlyFor("linear", kind, chosen, "--warmup", warmup);
        onlyFor("linear", kind, chosen, "--warmup-unit", warmupUnit);
        onlyFor("linear", kind, chosen, "--beta-start", betaStart);
        onlyFor("cyclical", kind, chosen, "--cycles", cycles);
        onlyFor("cyclical", kind, chosen, "--cycle-ratio", cycleRatio);
        String unit = warmupUnit == null ? "epochs" : warmupUnit.strip().toLowerCase(Locale.ROOT);
        boolean inSteps = switch (unit) {
            case "steps" -> true;
            case "epochs" -> false;
            default -> throw new IllegalArgumentException("--warmup-unit must be epochs or steps, got '" + warmupUnit + "'");
        };
        return new KlSchedule(kind, betaStart == null ? 0 : betaStart, warmup == null ? 0 : warmup, inSteps,
                cycles == null ? DEFAULT_CYCLES : cycles, cycleRatio == null ? DEFAULT_CYCLE_RATIO : cycleRatio);
    }

    /**
     * The KL schedule options given, as typed ("--warmup 3"), --kl-schedule first.
     *
     * @param withConstant whether a --kl-schedule constant, which schedules nothing, counts
     */
    List<String> scheduleTyped(boolean withConstant) {
        List<String> typed = new ArrayList<>();
        if (klSchedule != null && (withConstant || !klSchedule.strip().equalsIgnoreCase("constant"))) {
            typed.add("--kl-schedule " + klSchedule);
        }
        given(typed, "--warmup", warmup);
        given(typed, "--warmup-unit", warmupUnit);
        given(typed, "--beta-start", betaStart);
        given(typed, "--cycles", cycles);
        given(typed, "--cycle-ratio", cycleRatio);
        return typed;
    }

    /** The fewest options that make {@code s}: none for the constant schedule, "--warmup 10" for a linear one. */
    static List<String> scheduleOptions(KlSchedule s) {
        List<String> options = new ArrayList<>();
        switch (s.kind()) {
            case "linear" -> {
                options.add("--warmup " + s.warmup());
                given(options, "--warmup-unit", s.warmupInSteps() ? "steps" : null);
                given(options, "--beta-start", s.betaStart() != 0 ? s.betaStart() : null);
            }
            case "cyclical" -> {
                options.add("--kl-schedule cyclical");
                given(options, "--cycles", s.cycles() != DEFAULT_CYCLES ? s.cycles() : null);
                given(options, "--cycle-ratio", s.ratio() != DEFAULT_CYCLE_RATIO ? s.ratio() : null);
            }
            default -> { } // constant: nothing to give
        }
        return options;
    }

    /**
     * IWAE and the autoencoder have no KL term: the KL options given for one are refused together, as typed. Left
     * to the records, a schedule's option would be refused under an option the user never gave: --warmup 3 makes the
     * schedule linear, refused as "--kl-schedule must be constant ..., got 'linear'", and --kl-schedule linear as
     * "--warmup must be at least 1 ..., got 0". --beta or --free-bits alone is left to the record, which names it.
     */
    private void refuseKlOptions(Objective o) {
        List<String> schedule = scheduleTyped(false);
        if (schedule.isEmpty()) {
            return;
        }
        List<String> refused = new ArrayList<>();
        List<String> what = new ArrayList<>();
        if (beta != 1) {
            refused.add("--beta " + Words.number(beta));
            what.add("weight");
        }
        refused.addAll(schedule);
        what.add("schedule");
        if (freeBits != 0) {
            refused.add("--free-bits " + Words.number(freeBits));
            what.add("floor");
        }
        boolean one = refused.size() == 1;
        throw new IllegalArgumentException(String.join(", ", refused) + ": the " + o.spec() + " objective has no KL"
                + " term to " + Words.or(what) + "; leave " + (one ? "it" : "them") + " out, or train with --objective"
                + " elbo");
    }

    private static void given(List<String> options, String option, Object value) {
        if (value != null) {
            options.add(option + " " + (value instanceof Double d ? Words.number(d) : value));
        }
    }

    /**
     * Refuses an option of one KL schedule given with another, which would otherwise do nothing.
     *
     * @param kind   this run's schedule
     * @param chosen the same and how it was chosen: "linear, from --warmup 3"
     */
    private static void onlyFor(String schedule, String kind, String chosen, String option, Object value) {
        if (value != null && !kind.equals(schedule)) {
            throw new IllegalArgumentException(option + " " + value + " is for --kl-schedule " + schedule
                    + " (this run's is " + chosen + ")");
        }
    }

    /**
     * --validation as --test-size reads its value: written with a decimal point it is a fraction of the training
     * split, else a count of examples. 1.0 is refused, not read as 1 example: a decimal reads as a share, and "all
     * of it" is no validation carve. 0.0 is 0 either way.
     */
    static final class ValidationSize {
        private ValidationSize() {}

        /**
         * The value of {@code typed}, for {@link TrainConfig#validation}.
         *
         * @throws IllegalArgumentException naming --validation, the value as typed and what is expected
         */
        static double parse(String typed) {
            String text = typed.strip();
            if (text.contains(".")) {
                double f = number(text, typed);
                if (f == 0 || f > 0 && f < 1) {
                    return f;
                }
                if (f >= 1 && f == Math.rint(f) && f <= Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("--validation " + typed + " has a decimal point, so it is read"
                            + " as a fraction of the training split, which must be in (0, 1), like 0.1; for a number"
                            + " of examples write a whole number: " + (long) f);
                }
                throw refused(typed);
            }
            try {
                int count = Integer.parseInt(text);
                if (count >= 0) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // falls through to the message
            }
            throw refused(typed);
        }

        /** {@code held} as --validation takes it back: 100 for a count, 0.1 for a fraction. */
        static String typed(double held) {
            return Words.number(held);
        }

        private static double number(String text, String typed) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw refused(typed);
            }
        }

        private static IllegalArgumentException refused(String typed) {
            return new IllegalArgumentException("--validation must be a number of examples like 100, or a fraction"
                    + " of the training split in (0, 1) like 0.1 (0 = none), got '" + typed + "'");
        }
    }
}
