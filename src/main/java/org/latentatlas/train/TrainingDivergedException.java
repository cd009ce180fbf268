package org.latentatlas.train;

import java.util.function.Function;
import org.latentatlas.model.Wording;

/**
 * Training produced a non-finite loss or gradient; the message names where, and the settings that may cure it as
 * {@link Wording.Mention}s, so that a caller names them its own way ({@link #restatedAs}).
 */
public final class TrainingDivergedException extends RuntimeException {
    private final Wording why;

    public TrainingDivergedException(Wording why) {
        super(why.toString());
        this.why = why;
    }

    private TrainingDivergedException(String message, TrainingDivergedException cause) {
        super(message, cause);
        this.why = Wording.of(message);
    }

    /** The same failure, naming each setting it mentions as {@code names} does (a command's options, say). */
    public TrainingDivergedException restatedAs(Function<Wording.Mention, String> names) {
        return new TrainingDivergedException(why.read(names), this);
    }
}
