package org.latentatlas.train;

import java.util.Locale;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.Wording;
import org.latentatlas.text.Words;

/**
 * How the KL weight β moves during training; the loss is {@code recon + β(t)·KL} at step t (0-based, counted
 * over the whole run, so a resumed run continues the schedule).
 *
 * <ul>
 *   <li>{@code constant}: β(t) = β.</li>
 *   <li>{@code linear} warm-up (Bowman et al. 2016; Sønderby et al. 2016): β(t) = β₀ + (β − β₀)·min(1, t/L), with
 *       L = {@code warmup} steps, or {@code warmup} epochs × steps per epoch. β(0) = β₀, β(t ≥ L) = β.</li>
 *   <li>{@code cyclical} (Fu et al. 2019): the T steps of the run are split into M cycles; with τ the position
 *       within the cycle in [0, 1), β(t) = β·min(1, τ/R): a linear ramp over the first fraction R of each
 *       cycle, then β. Every cycle starts again at 0.</li>
 * </ul>
 *
 * @param kind          constant, linear or cyclical
 * @param betaStart     β₀ of the linear warm-up
 * @param warmup        length L of the linear warm-up, in {@code warmupInSteps ? steps : epochs}
 * @param warmupInSteps whether {@code warmup} counts steps rather than epochs
 * @param cycles        M, cycles of the cyclical schedule
 * @param ratio         R in (0, 1], the rising fraction of each cycle
 */
public record KlSchedule(String kind, double betaStart, int warmup, boolean warmupInSteps, int cycles,
                         double ratio) {
    public static final KlSchedule CONSTANT = new KlSchedule("constant", 0, 0, false, 1, 0.5);

    public KlSchedule {
        kind = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("constant") && !kind.equals("linear") && !kind.equals("cyclical")) {
            throw invalid("kind", "KL schedule", "must be constant, linear or cyclical", kind);
        }
        if (!(betaStart >= 0 && betaStart <= 1000)) {
            throw invalid("betaStart", "beta start", "must be in [0, 1000]", betaStart);
        }
        // 0 is refused with the negatives: read as "no warm-up" it would silently train another objective.
        if (kind.equals("linear") && warmup < 1) {
            throw InvalidSettingException.advising(KlSchedule.class, "warmup", "warm-up length", "must be at least 1"
                    + " for a linear schedule (epochs, or steps)", warmup, "without a warm-up the ",
                    new Wording.Mention(KlSchedule.class, "kind", "KL schedule"), " is constant");
        }
        if (warmup < 0) {
            throw invalid("warmup", "warm-up length", "must be >= 0", warmup);
        }
        if (cycles < 1 || cycles > 1_000_000) {
            throw invalid("cycles", "cycles", "must be in 1..1000000", cycles);
        }
        if (!(ratio > 0 && ratio <= 1)) {
            throw invalid("ratio", "cycle ratio", "must be in (0, 1]", ratio);
        }
        // Fields another schedule ignores take one value, so the same schedule is recorded (and a model file
        // written) the same way whichever command or default built it.
        if (!kind.equals("linear")) {
            betaStart = 0;
            warmup = 0;
            warmupInSteps = false;
        }
        if (!kind.equals("cyclical")) {
            cycles = 1;
            ratio = 0.5;
        }
    }

    /** The schedules, as {@code kind} names them. */
    public enum Kind { CONSTANT, LINEAR, CYCLICAL }

    /** The kind as a type, for callers that branch on it (not a bean getter: the file records {@code kind}). */
    public Kind type() {
        return Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    }

    private static InvalidSettingException invalid(String field, String subject, String requirement, Object value) {
        return new InvalidSettingException(KlSchedule.class, field, subject, requirement, value);
    }

    /** A linear warm-up from β₀ over {@code length} epochs (or steps). */
    public static KlSchedule linear(double betaStart, int length, boolean inSteps) {
        return new KlSchedule("linear", betaStart, length, inSteps, 1, 0.5);
    }

    public static KlSchedule cyclical(int cycles, double ratio) {
        return new KlSchedule("cyclical", 0, 0, false, cycles, ratio);
    }

    /**
     * β at step {@code step} (0-based) of a run of {@code totalSteps} steps.
     *
     * @param beta the target β
     */
    public double beta(double beta, long step, int stepsPerEpoch, long totalSteps) {
        return switch (kind) {
            case "linear" -> {
                long length = warmupInSteps ? warmup : (long) warmup * stepsPerEpoch;
                yield betaStart + (beta - betaStart) * Math.min(1.0, (double) step / length);
            }
            case "cyclical" -> {
                // τ = (t mod T/M) / (T/M) in integers, so the cycle boundaries are exact.
                double tau = (double) Math.floorMod(step * cycles, totalSteps) / totalSteps;
                yield beta * Math.min(1.0, tau / ratio);
            }
            default -> beta;
        };
    }

    /**
     * "beta linear from 0 to 4 over 10 epochs (4 from epoch 11 on)", numbers as typed (4, not 4.0), for logs and
     * --help. When β reaches its target is said: the first step has β₀, so the warm-up's last epoch (or step) is still
     * below it, and an epoch's β as history records it (at its last step) is the target only from epoch L + 1.
     */
    public String describe(double beta) {
        return switch (kind) {
            case "linear" -> {
                String unit = warmupInSteps ? "step" : "epoch";
                yield String.format(Locale.ROOT, "beta linear from %s to %s over %d %s (%s from %s %d on)",
                        Words.number(betaStart), Words.number(beta), warmup, unit + (warmup == 1 ? "" : "s"),
                        Words.number(beta), unit, warmup + 1L);
            }
            // In parentheses: info lists this among the config's comma-separated fields.
            case "cyclical" -> String.format(Locale.ROOT, "beta cyclical to %s (%d cycles, ratio %s)",
                    Words.number(beta), cycles, Words.number(ratio));
            default -> "beta " + Words.number(beta);
        };
    }
}
