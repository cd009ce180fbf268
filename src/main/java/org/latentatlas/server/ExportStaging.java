package org.latentatlas.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hidden folder an export is staged in, removed by a shutdown hook when the JVM stops (Ctrl-C) before the export
 * is in place: {@link ExplorerExport}'s clean-up on failure never runs then, and a staging folder the size of the data
 * (61 MB for Fashion-MNIST) was left behind, hidden, at every interrupt; so were the folders above a new export's
 * that it had made ({@code atlas export m.safetensors new/deeper/site}). Each step of the write (a file written, a
 * file renamed into place) runs under the lock the hook takes, so the hook finds the folder between steps and can
 * say exactly which files an interrupted {@code --force} had replaced.
 */
final class ExportStaging implements AutoCloseable {
    /** One step of the write: writing a file into the staging folder, or renaming one out of it. */
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    private final Path dir;
    private final Path staged;
    private final List<String> moved = new ArrayList<>(); // renamed into dir, in order
    private List<Path> made = List.of(); // folders made above a new export's, the highest first
    private final Thread hook;
    private boolean stopped;
    private boolean done;

    /**
     * @param dir    the export's folder, as the user gave it, for the message
     * @param staged the staging folder, registered before it is made so that no moment is left uncovered
     */
    private ExportStaging(Path dir, Path staged) {
        this.dir = dir;
        this.staged = staged;
        this.hook = new Thread(() -> {
            String said = interrupt();
            if (said != null) {
                System.err.println(said);
                System.err.flush();
            }
        }, "atlas-export-staging");
    }

    /** Starts covering {@code staged} with a shutdown hook until {@link #close}. */
    static ExportStaging cover(Path dir, Path staged) {
        ExportStaging staging = new ExportStaging(dir, staged);
        try {
            Runtime.getRuntime().addShutdownHook(staging.hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping already: the write fails and its own clean-up removes the folder
        }
        return staging;
    }

    /** Runs one step of the write; once the hook has run, waits for the JVM to halt instead. */
    synchronized void step(Step step) throws IOException {
        if (stopped) {
            awaitHalt();
        }
        step.run();
    }

    /** The folders above a new export's that this export made, the highest first: a failure removes them too. */
    synchronized void made(List<Path> folders) {
        made = List.copyOf(folders);
    }

    /**
     * Undoes what the export did so far, its files renamed into place aside: removes the staging folder and the
     * folders made above the export's ({@link #made}). A failure is added to {@code failure} as suppressed.
     */
    synchronized void undo(Throwable failure) {
        ExplorerExport.deleteTree(staged, failure);
        ExplorerExport.removeMade(made, failure);
    }

    /** Renames one file into place, as one step, remembering it for an interrupt's message. */
    synchronized void moved(String name, Step move) throws IOException {
        step(move);
        moved.add(name);
    }

    /** The export is in place: an interrupt from now on has nothing to clean up or say. */
    synchronized void done() {
        done = true;
    }

    /** The names renamed into the folder so far, for a failure's message. */
    synchronized List<String> movedSoFar() {
        return List.copyOf(moved);
    }

    /**
     * What the shutdown hook does: removes the staging folder and says what the interrupt left, or returns null when
     * the export was already in place.
     */
    synchronized String interrupt() {
        if (done) {
            return null;
        }
        stopped = true;
        RuntimeException failed = new RuntimeException();
        ExplorerExport.deleteTree(staged, failed);
        String left = failed.getSuppressed().length == 0 ? "" : " (the staging folder " + staged
                + " could not be removed: delete it)";
        RuntimeException notRemoved = new RuntimeException();
        ExplorerExport.removeMade(made, notRemoved);
        left += notRemoved.getSuppressed().length == 0 ? "" : " (the folders it made above it, from " + made.get(0)
                + ", could not all be removed)";
        return moved.isEmpty()
                ? "atlas export: interrupted; nothing was written to " + dir + left
                : "atlas export: interrupted while moving the export into " + dir + ": only " + String.join(", ", moved)
                        + " are the new export's, the other files are as they were; run the export again" + left;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it found the export done, or this thread waits in step()
        }
    }

    /** The JVM halts once its hooks are done; going on would report a failure over the hook's own line. */
    private void awaitHalt() throws IOException {
        try {
            while (true) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the export was interrupted");
        }
    }
}
