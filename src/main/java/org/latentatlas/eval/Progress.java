package org.latentatlas.eval;

/**
 * How far a long computation has got, for a command to show: a t-SNE of 10,000 points runs for tens of seconds,
 * and a command that prints nothing for that long looks hung. The computation names each phase and its units of work,
 * then counts them off; what is shown, and where, is the caller's.
 */
public interface Progress {
    /** Shows nothing: for tests, library callers and quick computations. */
    Progress NONE = new Progress() {
        @Override
        public void phase(String what, long total, String unit) {
        }

        @Override
        public void advance(long done) {
        }
    };

    /** A phase of {@code total} units of work begins, e.g. ("t-SNE", 1000, "iterations"); it ends the last one. */
    void phase(String what, long total, String unit);

    /** {@code done} units of the current phase are done. */
    void advance(long done);

    /** The computation is over: the last phase ends. */
    default void finish() {
    }
}
