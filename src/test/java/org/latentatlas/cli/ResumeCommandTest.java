package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command an interrupted run, a failed save or moved checkpoints print to continue the run: --resume and what
 * the checkpoint does not hold, as this run was given it, and nothing it does hold (a checkpoint this run wrote holds
 * its data options and interval).
 */
class ResumeCommandTest {
    /** The train command as parsed from {@code args}, without running it. */
    private static TrainCommand parsed(String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult result = cl.parseArgs(args);
        return (TrainCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void aCheckpointOfThisRunsHoldsTheDataOptionsCheckpointingAndTrainingOptions() {
        TrainCommand train = parsed("train", "--dataset", "my data.csv", "--csv-header", "--limit", "50", "--lr", "0.01",
                "--epochs", "9", "-o", "out/m.safetensors", "--checkpoint-every", "5");

        assertThat(train.resumeCommand(Path.of("out/m.ckpt.safetensors")))
                .isEqualTo("atlas train --resume out/m.ckpt.safetensors");
    }

    /** Checkpoints moved aside (m-1.ckpt...) no longer name the model: -o is given (the run goes on in m-1). */
    @Test
    void aCheckpointNotBesideTheModelGivesTheOutput() {
        TrainCommand train = parsed("train", "-o", "out/m.safetensors", "--checkpoint-every", "5");

        assertThat(train.resumeCommand(Path.of("out/m-1.ckpt.safetensors"))).isEqualTo("atlas train --resume"
                + " out/m-1.ckpt.safetensors -o out/m.safetensors");
    }

    /**
     * The checkpoint a run resumed may be older than the record of its data and interval: they are given again as
     * this run was given them, which is what they were (or they would have been refused).
     */
    @Test
    void theCheckpointResumedIsGivenTheDataOptionsAndCheckpointingAgain() {
        TrainCommand train = parsed("train", "--resume", "r.ckpt.safetensors", "--dataset", "my data.csv",
                "--csv-header", "--limit", "50", "--checkpoint-every", "5", "-o", "r.safetensors");

        assertThat(train.resumeCommand(Path.of("r.ckpt.safetensors"))).isEqualTo("atlas train --resume"
                + " r.ckpt.safetensors --limit 50 --csv-header --dataset 'my data.csv' --checkpoint-every 5");
    }

    /**
     * Interrupted before a checkpoint of its own, a resumed run is continued from the one it resumed, which holds
     * not what this run changed (--epochs): that is given again.
     */
    @Test
    void aRunResumedAndInterruptedBeforeItsOwnCheckpointGivesItsChangesAgain() {
        TrainCommand train = parsed("train", "--resume", "r.ckpt.safetensors", "--epochs", "9", "--record-time",
                "--lr", "0.01", "-o", "r.safetensors");

        assertThat(train.resumeCommand(Path.of("r.ckpt.safetensors"))).isEqualTo("atlas train --resume"
                + " r.ckpt.safetensors --epochs 9 --record-time");
        assertThat(train.resumeCommand(Path.of("r-1.ckpt.safetensors"))).as("a checkpoint of this run's")
                .doesNotContain("--epochs");
    }

    @Test
    void theModelBesideACheckpointIsItsNameWithoutCkpt() {
        assertThat(ResumedOptions.modelBeside(Path.of("runs/r.ckpt.safetensors"))).isEqualTo(Path.of("runs/r.safetensors"));
        assertThat(ResumedOptions.modelBeside(Path.of("r.ckpt"))).isEqualTo(Path.of("r"));
        assertThat(ResumedOptions.modelBeside(Path.of("r-1.ckpt.safetensors"))).isEqualTo(Path.of("r-1.safetensors"));
        assertThat(ResumedOptions.modelBeside(Path.of("saved.safetensors"))).isNull();
        assertThat(ResumedOptions.modelBeside(Path.of(".ckpt.safetensors"))).isNull();
    }
}
