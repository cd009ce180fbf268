package org.latentatlas.train;

/** Training produced a non-finite loss or gradient; the message names where. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
