package org.latentatlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.latentatlas.train.Trainer;

/**
 * The checkpoint path of a training run, looked at again before each periodic write, as {@link OutputFiles} looks
 * at every other output right before it is written. A checkpoint there is taken to be this run's own (the path was
 * claimed before training: another run's checkpoint was refused then). A file of another kind put there while the
 * run trains is kept, and so is the run: its checkpoints go beside that file under a free name from then on, and
 * one line on the error stream says where. Stopping would throw away the training done so far, which the
 * checkpoint exists to keep; a silent move would leave the user resuming from the wrong file.
 */
final class CheckpointFile implements Trainer.CheckpointPath {
    private final String option;
    private final Consumer<String> warn;
    private Path path;

    /**
     * @param option  the option that gave the path, for messages
     * @param claimed the path, claimed with {@link OutputFiles#claimCheckpoint}
     * @param warn    takes the line saying the checkpoints moved
     */
    CheckpointFile(String option, Path claimed, Consumer<String> warn) {
        this.option = option;
        this.path = claimed;
        this.warn = warn;
    }

    @Override
    public Path next() {
        if (!Files.exists(path)) {
            return path;
        }
        OutputFiles.Kind there = OutputFiles.kindOf(path);
        if (there == OutputFiles.Kind.CHECKPOINT) {
            return path;
        }
        Path aside = OutputFiles.freeSibling(path);
        warn.accept(option + " " + path + " is now " + there.description() + ", put there while this command ran;"
                + " it is kept, and this run's checkpoints go to " + aside + " instead (to continue the run:"
                + " atlas train --resume " + aside + ")");
        path = aside;
        return path;
    }
}
