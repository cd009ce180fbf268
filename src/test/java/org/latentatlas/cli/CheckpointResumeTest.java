package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;
import org.latentatlas.train.Checkpoint;

/** Checkpoints, exact resume, refusal and the divergence guard, all through {@code atlas train}. */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    /**
     * A small run that exercises every piece of state a checkpoint must carry: shuffling, ε and dynamic
     * binarization (noise stream), the KL warm-up and cosine learning rate (step count), Adam's moments,
     * validation with early-stopping bookkeeping and the history. 1,497 − 100 validation examples in batches of
     * 64 make 22 steps per epoch, so step 30 is in the middle of epoch 2.
     */
    private List<String> options(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "4", "--hidden", "16", "--seed", "5",
                "--likelihood", "bernoulli", "--binarize", "dynamic", "--warmup", "2", "--lr-schedule", "cosine",
                "--validation", "100", "--patience", "9", "--no-progress", "-o", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** {@code args} without {@code --lr-schedule cosine}. */
    private static List<String> constantRate(List<String> args) {
        int at = args.indexOf("--lr-schedule");
        args.subList(at, at + 2).clear();
        return args;
    }

    private Path straightRun() {
        Path straight = dir.resolve("straight.safetensors");
        run(options(straight));
        return straight;
    }

    /** The same run's first part, stopped at step 30, with its checkpoint beside it (first.ckpt.safetensors). */
    private Path stoppedAtStep30() {
        Path first = dir.resolve("first.safetensors");
        run(options(first, "--stop-after-steps", "30", "--checkpoint-every", "30"));
        return first;
    }

    private CliRun run(List<String> args) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    @Test
    void resumingInTheMiddleOfAnEpochGivesAByteIdenticalModelFileToTheStraightRun() throws Exception {
        Path straight = dir.resolve("straight.safetensors");
        run(options(straight));

        Path first = dir.resolve("first.safetensors");
        Path ckpt = dir.resolve("run.ckpt.safetensors");
        run(options(first, "--stop-after-steps", "30", "--checkpoint-every", "30", "--checkpoint", ckpt.toString()));
        assertThat(Checkpoint.read(ckpt).step()).isEqualTo(30);
        Path resumed = dir.resolve("resumed.safetensors");
        CliRun second = run(options(resumed, "--resume", ckpt.toString()));

        assertThat(second.out()).contains("completed").contains("resuming after step 30 of the checkpoint");
        assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(straight));
    }

    /**
     * The checkpoint holds the run's options: --resume alone continues it (its warm-up, cosine rate, dynamic
     * binarization, validation and patience, its seed and architecture), lifts the step limit the first part reached
     * and writes the model beside the checkpoint, byte for byte the straight run's.
     */
    @Test
    void resumingWithOnlyTheCheckpointGivesTheStraightRunsBytesBesideIt() throws Exception {
        Path straight = straightRun();
        Path first = stoppedAtStep30();
        Path ckpt = dir.resolve("first.ckpt.safetensors");
        assertThat(Checkpoint.read(ckpt).step()).isEqualTo(30);

        CliRun second = run(List.of("train", "--resume", ckpt.toString(), "--no-progress"));

        assertThat(second.out()).contains("resuming after step 30 of the checkpoint").contains("completed")
                .contains("wrote " + first);
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(straight));
    }

    /**
     * The run's schedule kind typed again ("--kl-schedule linear", as a user retyping the command would) keeps the
     * checkpoint's --warmup 2 for what was left out, where the defaults made a linear schedule without a warm-up,
     * refused: "--warmup must be at least 1".
     */
    @Test
    void retypingTheScheduleKindKeepsTheCheckpointsWarmup() throws Exception {
        Path straight = straightRun();
        Path first = stoppedAtStep30();

        run(List.of("train", "--resume", dir.resolve("first.ckpt.safetensors").toString(), "--kl-schedule", "linear",
                "--no-progress"));

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(straight));
    }

    /**
     * The bar shows where the run is: 30 of the 88 steps were taken before, in epoch 2 of 4, with the β of the last of
     * them and the test numbers the checkpoint holds from epoch 1. The resumed run stops where it starts, so every
     * line the bar draws is of that state.
     */
    @Test
    void aResumedRunsProgressStartsAtTheCheckpointsStep() throws Exception {
        Path ckpt = dir.resolve("p.ckpt.safetensors");
        run(options(dir.resolve("first.safetensors"), "--stop-after-steps", "30", "--checkpoint-every", "30",
                "--checkpoint", ckpt.toString()));
        List<String> args = options(dir.resolve("resumed.safetensors"), "--resume", ckpt.toString(),
                "--stop-after-steps", "30");
        args.remove("--no-progress");

        CliRun resumed = run(args);

        assertThat(resumed.err().lines().filter(l -> l.contains("/88 steps")).toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(" 30/88 steps")
                        .as("beta of step 30 of the 44-step warm-up, as the straight run's line there shows it")
                        .contains("epoch 2/4  beta 0.659  after epoch 1")
                        .containsPattern("after epoch 1 \\(from the checkpoint\\): test ELBO -\\d+\\.\\d\\d"));
    }

    /**
     * More --patience on resume lets a run that early stopping ended go on, exactly as the straight run with that
     * patience: the bookkeeping (best score, best weights, epochs without a better one) does not depend on it.
     */
    @Test
    void morePatienceOnResumeContinuesARunEarlyStoppingEndedAsTheStraightRunWithIt() throws Exception {
        // 80 training examples in batches of 8: 10 steps an epoch. The --limit is the checkpoint's on resume.
        List<String> patient = List.of("train", "--limit", "100", "--validation", "20", "--lr", "0.2", "--batch", "8",
                "--epochs", "12", "--hidden", "16", "--seed", "2", "--no-progress", "--patience");
        Path straight = dir.resolve("straight.safetensors");
        assertThat(run(with(patient, "6", "-o", straight.toString())).out()).contains("completed, kept epoch 7");
        Path first = dir.resolve("impatient.safetensors");
        CliRun f = run(with(patient, "1", "-o", first.toString(), "--checkpoint-every", "1000"));
        assertThat(f.out()).contains("8 epochs (80 steps, early stopping, kept epoch 7)");

        CliRun resumed = run(List.of("train", "--resume", dir.resolve("impatient.ckpt.safetensors").toString(),
                "--patience", "6", "--no-progress"));

        assertThat(resumed.out()).contains("resumed after step 80 (the end of epoch 8) up to step 120");
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(straight));
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void resumingAtAnEpochBoundaryIsExactToo() throws Exception {
        Path straight = dir.resolve("straight.safetensors");
        run(options(straight));
        Path ckpt = dir.resolve("b.ckpt.safetensors");
        run(options(dir.resolve("first.safetensors"), "--stop-after-steps", "44", "--checkpoint-every", "22",
                "--checkpoint", ckpt.toString()));
        assertThat(Checkpoint.read(ckpt).step()).as("the end of epoch 2").isEqualTo(44);
        Path resumed = dir.resolve("resumed.safetensors");
        run(options(resumed, "--resume", ckpt.toString()));
        assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(straight));
    }

    /** With a constant learning rate: under a cosine one no other --epochs may continue a checkpoint at all. */
    @Test
    void resumingWithFewerEpochsThanTheCheckpointHasTrainedIsRefusedNamingTheEpochsNeeded() throws Exception {
        Path ckpt = dir.resolve("d.ckpt.safetensors");
        List<String> first = constantRate(options(dir.resolve("first.safetensors"), "--stop-after-steps", "30",
                "--checkpoint-every", "30", "--checkpoint", ckpt.toString()));
        run(first);
        Path out = dir.resolve("short.safetensors");
        List<String> args = constantRate(options(out, "--resume", ckpt.toString()));
        args.set(args.indexOf("--epochs") + 1, "1");

        CliRun r = CliRun.of(args.toArray(String[]::new));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("atlas train: invalid setting: --epochs must be at least 2 to continue the"
                + " checkpoint " + ckpt + ", which has taken 30 steps at 22 per epoch, got 1 (see 'atlas train"
                + " --help')\n");
        assertThat(r.out()).as("refused before the training banner").doesNotContain("training");
        assertThat(out).doesNotExist();
    }

    @Test
    void resumingWithADifferentArchitectureIsRefusedNamingTheOption() throws Exception {
        Path ckpt = dir.resolve("c.ckpt.safetensors");
        run(options(dir.resolve("first.safetensors"), "--stop-after-steps", "5", "--checkpoint-every", "5",
                "--checkpoint", ckpt.toString()));
        Path out = dir.resolve("other.safetensors");
        List<String> args = options(out, "--resume", ckpt.toString(), "--latent", "3");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot resume").contains("this run has --latent 3 where the checkpoint has 2");
        assertThat(r.out()).as("refused before the training banner").doesNotContain("training");
        assertThat(out).doesNotExist();

        CliRun otherData = CliRun.of(options(out, "--resume", ckpt.toString(), "--limit", "500")
                .toArray(String[]::new));
        assertThat(otherData.exitCode()).isEqualTo(2);
        assertThat(otherData.err()).contains("cannot resume").contains("this run's data differ from the checkpoint's");
    }

    @Test
    void aHugeLearningRateStopsAtTheStepThatDivergesAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path out = dir.resolve("nan.safetensors");
        Path ckpt = dir.resolve("nan.ckpt.safetensors");
        CliRun r = CliRun.of("train", "--epochs", "1", "--hidden", "16", "--lr", "1e6", "--checkpoint-every", "1",
                "--checkpoint", ckpt.toString(), "--no-progress", "-o", out.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("diverged at step").contains("not finite (try a smaller --lr or --clip-norm)");
        assertThat(r.err()).containsAnyOf("reconstruction term", "KL term", "the gradient of", "the loss");
        assertThat(out).doesNotExist();
        Checkpoint last = Checkpoint.read(ckpt);
        int failedStep = Integer.parseInt(r.err().replaceAll("(?s).*diverged at step (\\d+).*", "$1"));
        assertThat(last.step()).isEqualTo(failedStep - 1);
        for (float p : last.parameters()) {
            assertThat(Float.isFinite(p)).isTrue();
        }
    }

    @Test
    void theModelFileOfACheckpointedRunLoadsAndCarriesTheHistory() throws Exception {
        Path out = dir.resolve("m.safetensors");
        run(options(out, "--checkpoint-every", "50"));
        ModelFile.LoadedModel m = ModelFile.read(out);
        var training = Json.readTree(m.metadata().get(TrainingRun.TRAINING_KEY));
        assertThat(training.get("history")).hasSize(4);
        assertThat(training.at("/history/0/beta").asDouble()).isLessThan(training.at("/history/3/beta").asDouble());
        assertThat(training.at("/history/0/wallSeconds").isNull()).isTrue();
        assertThat(training.at("/history/0/validationElbo").asDouble()).isNegative();
        assertThat(Files.exists(dir.resolve("m.ckpt.safetensors"))).isTrue();
    }
}
