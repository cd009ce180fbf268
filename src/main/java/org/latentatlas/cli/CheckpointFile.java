package org.latentatlas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.latentatlas.train.Trainer;

/**
 * The checkpoint path of a training run, looked at again before each periodic write, as {@link OutputFiles} looks
 * at every other output right before it is written. The file there is this run's own only if it is the very file
 * this run last wrote (or resumed from), told by the file's identity on disk (see {@link #key}). Anything else put there while the run trains, a file of another kind or another
 * run's checkpoint (two runs given one --checkpoint path), is kept, and so is the run: its checkpoints go beside
 * that file under a free name from then on, and one line on the error stream says where. Stopping would throw away
 * the training done so far, which the checkpoint exists to keep; a silent move would leave the user resuming from
 * the wrong file.
 */
final class CheckpointFile implements Trainer.CheckpointPath {
    private final String option;
    private final Consumer<String> warn;
    private final Function<Path, String> resumeCommand;
    private final Function<Path, String> runOptions;
    private Path path;
    private Object own; // the file key of the checkpoint this run last wrote or resumed from, or null for none

    /**
     * @param option  the option that gave the path, for messages
     * @param claimed the path, claimed with {@link OutputFiles.Claims#claimCheckpoint} (a checkpoint there is the one resumed)
     * @param warn    takes the line saying the checkpoints moved
     * @param resumeCommand the command line that continues the run from a checkpoint, for that line
     * @param runOptions    the {@link org.latentatlas.train.Checkpoint#runOptions} of a checkpoint at a path (they
     *                      name the data from its folder), or null for none
     */
    CheckpointFile(String option, Path claimed, Consumer<String> warn, Function<Path, String> resumeCommand,
                   Function<Path, String> runOptions) throws IOException {
        this.option = option;
        this.resumeCommand = resumeCommand;
        this.runOptions = runOptions;
        this.path = claimed;
        this.warn = warn;
        this.own = Files.exists(claimed) ? key(claimed) : null;
    }

    @Override
    public Path next() throws IOException {
        if (!Files.exists(path) || (own != null && own.equals(key(path)))) {
            return path;
        }
        OutputFiles.Kind there = OutputFiles.kindOf(path);
        String what = there == OutputFiles.Kind.CHECKPOINT ? "a checkpoint this run did not write"
                : there.description();
        Path aside = OutputFiles.freeSibling(path);
        warn.accept(option + " " + path + " is now " + what + ", put there while this command ran; it is kept, and"
                + " this run's checkpoints go to " + aside + " instead (to continue the run: "
                + resumeCommand.apply(aside) + ")");
        path = aside;
        own = null;
        return path;
    }

    @Override
    public String runOptions(Path checkpoint) {
        return runOptions.apply(checkpoint);
    }

    @Override
    public void written(Path written) throws IOException {
        own = key(written);
    }

    /**
     * What tells one file from another at the same path: its file key (device and inode: a rename puts a new one
     * there), its modification time and size (a copy over it in place keeps the inode).
     */
    private static Object key(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
    }
}
