package org.latentatlas.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.latentatlas.model.InvalidSettingException;

/** The learning rate at each step: constant, or a cosine decay from the base rate to 0 over the run. */
public enum LearningRateSchedule {
    CONSTANT,
    /** lr(t) = lr·½(1 + cos(π·t/T)) (Loshchilov &amp; Hutter 2017, without restarts): lr at t = 0, 0 at t = T. */
    COSINE;

    public static LearningRateSchedule parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidSettingException(TrainConfig.class, "lrSchedule", "learning-rate schedule",
                    "must be constant or cosine", s);
        }
    }

    /** How it is written on the command line and in model metadata. */
    @JsonValue
    public String spec() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rate at step {@code step} (0-based) of {@code totalSteps}. */
    public double rate(double base, long step, long totalSteps) {
        if (this == CONSTANT) {
            return base;
        }
        return base * 0.5 * (1 + StrictMath.cos(Math.PI * Math.min(step, totalSteps) / totalSteps));
    }
}
