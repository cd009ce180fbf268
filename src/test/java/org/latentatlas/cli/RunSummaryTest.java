package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary line of a training run says what this run trained: whole epochs, or its steps and where they ran. */
class RunSummaryTest {
    @TempDir
    Path dir;

    @Test
    void aRunOfWholeEpochsSaysItsEpochsAndSteps() {
        assertThat(TrainingRun.runLength(0, 96, 24, "completed")).isEqualTo("4 epochs (96 steps, completed)");
        assertThat(TrainingRun.runLength(0, 24, 24, "completed")).isEqualTo("1 epoch (24 steps, completed)");
    }

    /** It said "1 epoch (1 steps, completed)" for data that fits in one batch. */
    @Test
    void anEpochOfOneBatchSaysOneStep() {
        assertThat(TrainingRun.runLength(0, 1, 1, "completed")).isEqualTo("1 epoch (1 step, completed)");
        assertThat(TrainingRun.runLength(0, 3, 1, "completed")).isEqualTo("3 epochs (3 steps, completed)");
    }

    /** It said "trained 1 epoch (30 steps, ...)" for 1.25 epochs. */
    @Test
    void aRunStoppedInsideAnEpochSaysItsStepsAndWhereItStopped() {
        assertThat(TrainingRun.runLength(0, 30, 24, "stop after steps"))
                .isEqualTo("30 steps, 1.25 epochs of 24 steps (to 6 steps into epoch 2; stop after steps)");
        assertThat(TrainingRun.runLength(0, 1, 24, "stop after steps"))
                .isEqualTo("1 step, 0.04 epochs of 24 steps (to 1 step into epoch 1; stop after steps)");
    }

    /** It said "trained 4 epochs (96 steps, ...)" having run 66 steps: the checkpoint's epochs and steps counted too. */
    @Test
    void aResumedRunSaysTheStepsItRanAndWhereItStartedAndEnded() {
        Path model = dir.resolve("m.safetensors");
        String[] common = {"train", "--epochs", "4", "--hidden", "8", "--no-progress", "--checkpoint-every", "10", "-o",
                model.toString()};
        CliRun first = CliRun.of(concat(common, "--stop-after-steps", "30"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("trained 30 steps, 1.25 epochs of 24 steps (to 6 steps into epoch 2; stop"
                + " after steps) in ");

        CliRun resumed = CliRun.of(concat(common, "--resume", TrainCommand.defaultCheckpoint(model).toString()));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("trained 66 steps, 2.75 epochs of 24 steps, resumed after step 30 (6 steps"
                + " into epoch 2) up to step 96 (the end of epoch 4; completed) in ");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
