package org.latentatlas.eval;

import java.util.ArrayList;
import java.util.List;

/** What a computation told its progress, in order: "what of total unit" per phase, "what done", "finished". */
final class RecordingProgress implements Progress {
    final List<String> told = new ArrayList<>();
    private String phase;

    @Override
    public void phase(String what, long total, String unit) {
        phase = what;
        told.add(what + " of " + total + unit);
    }

    @Override
    public void advance(long done) {
        told.add(phase + " " + done);
    }

    @Override
    public void finish() {
        told.add("finished");
    }
}
