package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.Split;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.Elbo;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingListener;

/**
 * The periodic checkpoints of a run are written under the rule of every other output: a file of another kind put at
 * the checkpoint path while the run trains is never replaced. The run goes on, its checkpoints beside that file.
 */
class CheckpointFileTest {
    private static final byte[] NOTES = "notes written while the model trained".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** A run's resume command, as {@link TrainCommand#resumeCommand} makes it (tested in ResumeCommandTest). */
    private static final Function<Path, String> NONE = at -> null; // no run options
    private static final Function<Path, String> RESUME = p -> "atlas train --resume " + p + " --dataset mnist";

    @Test
    void theClaimedPathIsUsedWhileItHoldsNothingOrThisRunsCheckpoint() throws Exception {
        Path path = dir.resolve("m.ckpt.safetensors");
        List<String> warnings = new ArrayList<>();
        CheckpointFile file = new CheckpointFile("--checkpoint", path, warnings::add, RESUME, NONE);
        assertThat(file.next()).isEqualTo(path);

        train(new Trainer.Checkpointing(file, 10), null);
        assertThat(OutputFiles.kindOf(path)).isEqualTo(OutputFiles.Kind.CHECKPOINT);
        assertThat(file.next()).isEqualTo(path);
        assertThat(warnings).isEmpty();
    }

    /** The file is planted after the run's seventh step; the checkpoints of steps 10, 20 and the end go aside. */
    @Test
    void aFileOfAnotherKindPutThereDuringTheRunIsKeptAndTheCheckpointsGoBesideIt() throws Exception {
        Path path = dir.resolve("m.ckpt.safetensors");
        Path aside = dir.resolve("m-1.ckpt.safetensors");
        List<String> warnings = new ArrayList<>();
        CheckpointFile file = new CheckpointFile("--checkpoint", path, warnings::add, RESUME, NONE);
        long steps = train(new Trainer.Checkpointing(file, 10),
                path);

        assertThat(Files.readAllBytes(path)).as("the planted file's bytes").isEqualTo(NOTES);
        Checkpoint last = Checkpoint.read(aside);
        assertThat(last.step()).as("the run went on to its end").isEqualTo(steps);
        assertThat(warnings).containsExactly("--checkpoint " + path + " is now an unrecognized file, put there while"
                + " this command ran; it is kept, and this run's checkpoints go to " + aside + " instead (to continue"
                + " the run: atlas train --resume " + aside + " --dataset mnist)");
    }

    /**
     * Two runs given one --checkpoint path start before either has written there, so neither claim sees the other;
     * the second run's checkpoint, written over the first's mid-run, must not be taken for the first run's own.
     */
    @Test
    void anotherRunsCheckpointWrittenThereDuringTheRunIsKeptToo() throws Exception {
        Path path = dir.resolve("shared.ckpt.safetensors");
        Path other = dir.resolve("other.ckpt.safetensors");
        train(new Trainer.Checkpointing(other, 5), null);
        byte[] othersCheckpoint = Files.readAllBytes(other);
        List<String> warnings = new ArrayList<>();
        CheckpointFile file = new CheckpointFile("--checkpoint", path, warnings::add, RESUME, NONE);
        long steps = train(new Trainer.Checkpointing(file, 5),
                path, othersCheckpoint, 12); // after this run's checkpoints of steps 5 and 10

        assertThat(Files.readAllBytes(path)).as("the other run's checkpoint").isEqualTo(othersCheckpoint);
        assertThat(Checkpoint.read(dir.resolve("shared-1.ckpt.safetensors")).step()).isEqualTo(steps);
        assertThat(warnings).singleElement().asString()
                .contains("is now a checkpoint this run did not write, put there while this command ran");
    }

    /** Ctrl-C's last words: how far the run got, and the command that continues it from its last checkpoint. */
    @Test
    void anInterruptedRunNamesItsLastCheckpointAndTheResumeCommand() {
        Path path = dir.resolve("m.ckpt.safetensors");
        Trainer trainer = new Trainer(new Trainer.Checkpointing(path, 10), null);
        assertThat(trainer.lastCheckpoint()).isNull();
        trainer.train(VaeConfig.symmetric(8, 8, List.of(8), 2), load(), new TrainConfig(1, 64, 1e-3, 1, 1),
                TrainingListener.NONE);
        assertThat(trainer.lastCheckpoint()).isEqualTo(new Trainer.SavedAt(path, 24)); // the end of the run
        assertThat(trainer.stepsTaken()).isEqualTo(24);

        assertThat(TrainCommand.lastWords("atlas train", 846, new Trainer.SavedAt(path, 840), RESUME))
                .isEqualTo("atlas train: interrupted after step 846; the last checkpoint, " + path + ", holds step"
                        + " 840: continue with atlas train --resume " + path + " --dataset mnist");
        assertThat(TrainCommand.lastWords("atlas train", 12, null, RESUME)).isEqualTo("atlas train: interrupted after"
                + " step 12; no checkpoint was written (--checkpoint-every STEPS makes a run resumable)");
    }

    /** A resumed run interrupted before its first checkpoint of its own can go on from the one it resumed. */
    @Test
    void aResumedRunInterruptedBeforeItsOwnCheckpointNamesTheOneItResumedFrom() throws Exception {
        Path path = dir.resolve("r.ckpt.safetensors");
        new Trainer(new Trainer.Checkpointing(path, 10), null).train(VaeConfig.symmetric(8, 8, List.of(8), 2), load(),
                new TrainConfig(1, 64, 1e-3, 1, 1).withStopAfterSteps(10), TrainingListener.NONE);
        Checkpoint resumed = Checkpoint.read(path);
        Trainer.SavedAt written = new Trainer.SavedAt(dir.resolve("later.ckpt.safetensors"), 20);

        assertThat(TrainCommand.resumableAt(null, path, resumed)).isEqualTo(new Trainer.SavedAt(path, 10));
        assertThat(TrainCommand.resumableAt(written, path, resumed)).isEqualTo(written);
        assertThat(TrainCommand.resumableAt(null, null, null)).isNull();
    }

    /** One epoch of 24 steps on the digits; after step 7, {@link #NOTES} is written to {@code plantAt} if given. */
    private static long train(Trainer.Checkpointing checkpointing, Path plantAt) {
        return train(checkpointing, plantAt, NOTES, 7);
    }

    private static long train(Trainer.Checkpointing checkpointing, Path plantAt, byte[] content, int afterStep) {
        Split split = load();
        TrainingListener planting = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, Elbo.Terms batch) {
                if (step == afterStep && plantAt != null) {
                    write(plantAt, content);
                }
            }
        };
        return new Trainer(checkpointing, null).train(VaeConfig.symmetric(8, 8, List.of(8), 2), split,
                new TrainConfig(1, 64, 1e-3, 1, 1), planting).steps();
    }

    private static void write(Path p, byte[] content) {
        try {
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Split load() {
        try {
            return DatasetRequest.of("digits").load(1, l -> { }).split();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
