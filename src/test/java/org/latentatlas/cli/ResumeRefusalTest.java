package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.KlSchedule;
import org.latentatlas.train.TrainConfig;

/**
 * {@code --resume} with options that differ from the checkpointed run's is refused before any work, naming the
 * option, this run's value and the checkpoint's, so the user can give it; the library's refusal names the field.
 */
class ResumeRefusalTest {
    private static final String ONLY = "(only --epochs, --patience, --stop-after-steps and --record-time may differ)";

    @TempDir
    static Path dir;
    static Path checkpoint;

    private static List<String> options() {
        return new ArrayList<>(List.of("train", "--epochs", "2", "--hidden", "16", "--seed", "5", "--warmup", "2",
                "--lr", "0.001", "--validation", "100", "--no-progress"));
    }

    @BeforeAll
    static void checkpointFiveSteps() {
        checkpoint = dir.resolve("run.ckpt.safetensors");
        List<String> args = options();
        args.addAll(List.of("--stop-after-steps", "5", "--checkpoint-every", "5", "--checkpoint",
                checkpoint.toString(), "-o", dir.resolve("first.safetensors").toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    static Stream<Arguments> aDifferentOptionIsNamedWithTheCheckpointsValue() {
        return Stream.of(
                arguments("--lr", "0.002", "this run has --lr 0.002 where the checkpoint has 0.001; give --lr 0.001"
                        + " to continue it " + ONLY),
                arguments("--seed", "6", "this run has --seed 6 where the checkpoint has 5; give --seed 5"),
                arguments("--warmup", "3", "this run has --warmup 3 where the checkpoint has 2; give --warmup 2"),
                arguments("--warmup-unit", "steps", "this run has --warmup-unit steps where the checkpoint has epochs"),
                arguments("--validation", "50", "this run has --validation 50 where the checkpoint has 100"),
                arguments("--hidden", "32,8", "this run has --hidden 32,8 where the checkpoint has 16; give --hidden 16"),
                arguments("--latent", "3", "this run has --latent 3 where the checkpoint has 2"),
                arguments("--likelihood", "bernoulli",
                        "this run has --likelihood bernoulli where the checkpoint has binomial(16)"),
                arguments("--limit", "500", "this run's data differ from the checkpoint's: training examples 500 where"
                        + " the checkpoint has 1497; leave out the data options for the checkpoint's own (--dataset"
                        + " digits)"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void aDifferentOptionIsNamedWithTheCheckpointsValue(String option, String value, String says) {
        List<String> args = options();
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(option, value));
        }
        assertRefused(args, says);
    }

    /**
     * A schedule of another kind is told in the options typed, and continued by the checkpoint's own: --warmup alone
     * chose the linear schedule, so "--kl-schedule linear" would name an option nobody typed.
     */
    @Test
    void aKlScheduleOfAnotherKindIsNamedAsTypedWithTheOptionsThatContinueIt() {
        List<String> cyclical = options();
        cyclical.set(cyclical.indexOf("--warmup"), "--kl-schedule");
        cyclical.set(cyclical.indexOf("--kl-schedule") + 1, "cyclical");
        assertRefused(cyclical, "this run has --kl-schedule cyclical (a cyclical KL schedule) where the checkpoint has"
                + " a linear one; give --warmup 2 instead of --kl-schedule cyclical to continue it");
    }

    @Test
    void aWarmupGivenToResumeAConstantScheduleIsNamedAsTyped() {
        Path constant = dir.resolve("constant.ckpt.safetensors");
        CliRun first = CliRun.of("train", "--epochs", "2", "--hidden", "16", "--no-progress", "--stop-after-steps",
                "5", "--checkpoint-every", "5", "--checkpoint", constant.toString(), "-o",
                dir.resolve("constant.safetensors").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path out = dir.resolve("resumed.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "2", "--hidden", "16", "--no-progress", "--warmup", "3",
                "--checkpoint-every", "5", "--checkpoint", constant.toString(), "--resume", constant.toString(),
                "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas train: invalid setting: cannot resume " + constant + ": this run has"
                + " --warmup 3 (a linear KL schedule) where the checkpoint has a constant one; leave out --warmup 3 to"
                + " continue it " + ONLY + " (see 'atlas train --help')\n");
        assertThat(out).doesNotExist();
    }

    /**
     * Every option typed that differs is named at once, each with the value typed and the checkpoint's: one run to
     * learn what to fix, not one a difference. A schedule of another kind is one difference, however many fields.
     */
    @Test
    void severalDifferentOptionsAreRefusedTogether() {
        List<String> args = options();
        args.set(args.indexOf("--lr") + 1, "0.002");
        args.set(args.indexOf("--warmup"), "--kl-schedule");
        args.set(args.indexOf("--kl-schedule") + 1, "cyclical");
        args.addAll(List.of("--latent", "3"));
        assertRefused(args, "this run differs from it in 3 ways: --lr 0.002 where the checkpoint has 0.001;"
                + " --kl-schedule cyclical (a cyclical KL schedule) where the checkpoint has a linear one; --latent 3"
                + " where the checkpoint has 2; to continue it, give --lr 0.001 --latent 2 and --warmup 2 instead of"
                + " --kl-schedule cyclical " + ONLY);
    }

    /** Options not typed are the checkpoint's: a run resumed without --warmup keeps its warm-up, refused nothing. */
    @Test
    void optionsLeftOutAreTheCheckpointsNotTheDefaults() throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--no-progress", "--epochs", "2", "--resume",
                checkpoint.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("VAE 64-16-2-16-64").contains("resuming after step 5")
                .contains("wrote " + dir.resolve("run.safetensors"));
        JsonNode config = Json.readTree(ModelFile.read(dir.resolve("run.safetensors")).metadata()
                .get(TrainingRun.TRAINING_KEY)).get("config");
        assertThat(config.at("/klSchedule/warmup").asInt()).isEqualTo(2);
        assertThat(config.get("seed").asLong()).isEqualTo(5);
        assertThat(config.get("learningRate").asDouble()).isEqualTo(0.001);
        assertThat(config.get("validation").asDouble()).isEqualTo(100);
        assertThat(config.get("stopAfterSteps").asLong()).as("the limit the checkpoint reached is lifted").isZero();
    }

    @Test
    void aMissingCheckpointIsAUsageErrorNamingTheFileOnce() {
        Path missing = dir.resolve("nothere.ckpt.safetensors");
        CliRun run = CliRun.of("train", "--resume", missing.toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas train: invalid setting: --resume " + missing + ": no such file; give"
                + " the checkpoint a run wrote with --checkpoint-every (by default its -o with .ckpt before the"
                + " extension) (see 'atlas train --help')\n");
    }

    /** --epochs may differ on resume, but not when a cosine learning rate is laid over the run's length. */
    @Test
    void anotherLengthIsRefusedForACosineLearningRateNamingTheStepLimitInstead() {
        Path cosine = dir.resolve("cosine.ckpt.safetensors");
        List<String> first = new ArrayList<>(List.of("train", "--epochs", "2", "--hidden", "16", "--seed", "5",
                "--lr-schedule", "cosine", "--no-progress", "--stop-after-steps", "5", "--checkpoint-every", "5",
                "--checkpoint", cosine.toString(), "-o", dir.resolve("cosine.safetensors").toString()));
        CliRun run = CliRun.of(first.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();

        Path out = dir.resolve("cosine-resumed.safetensors");
        CliRun resumed = CliRun.of("train", "--epochs", "4", "--hidden", "16", "--seed", "5", "--lr-schedule", "cosine",
                "--no-progress", "--resume", cosine.toString(), "-o", out.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(resumed.err()).startsWith("atlas train: invalid setting: cannot resume " + cosine + ": this run has"
                + " --epochs 4 where the checkpoint has 2; its cosine learning rate spans the run's length, so the"
                + " length cannot change on resume; a step limit splits a run instead (--stop-after-steps N); give"
                + " --epochs 2 to continue it");
        assertThat(out).doesNotExist();
    }

    /**
     * Where a schedule spans the run and --epochs is refused among other differences, the options said to be free to
     * differ are those that are, for this checkpoint: not --epochs.
     */
    @Test
    void theOptionsSaidFreeToDifferLeaveOutTheEpochsWhereAScheduleSpansTheRun() {
        Path cosine = dir.resolve("spanning.ckpt.safetensors");
        CliRun first = CliRun.of("train", "--epochs", "2", "--hidden", "16", "--seed", "5", "--lr-schedule", "cosine",
                "--no-progress", "--stop-after-steps", "5", "--checkpoint-every", "5", "--checkpoint",
                cosine.toString(), "-o", dir.resolve("spanning.safetensors").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();

        CliRun resumed = CliRun.of("train", "--epochs", "4", "--lr", "0.002", "--no-progress", "--resume",
                cosine.toString(), "-o", dir.resolve("spanning-resumed.safetensors").toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(resumed.err()).contains("this run differs from it in 2 ways: --epochs 4 where the checkpoint has"
                + " 2 (its cosine learning rate spans the run's length: split a run with --stop-after-steps N"
                + " instead); --lr 0.002 where the checkpoint has 0.003").endsWith("; to continue it, give --epochs 2"
                + " --lr 0.003 (only --patience, --stop-after-steps and --record-time may differ) (see 'atlas train"
                + " --help')\n");
    }

    private static void assertRefused(List<String> args, String says) {
        Path out = dir.resolve("resumed.safetensors");
        args.addAll(List.of("--resume", checkpoint.toString(), "-o", out.toString()));

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isOne();
        assertThat(run.err()).startsWith("atlas train: invalid setting: cannot resume " + checkpoint + ": " + says);
        assertThat(run.out()).as("refused before the training banner").isEmpty();
        assertThat(out).doesNotExist();
    }

    /** The library has no options: its refusal names the field, into the records the config holds. */
    @Test
    void theLibrarysRefusalNamesTheFieldThatDiffers() throws Exception {
        Checkpoint c = Checkpoint.read(checkpoint);
        TrainConfig otherWarmup = c.train().withKlSchedule(KlSchedule.linear(0, 3, false));

        assertThatThrownBy(() -> c.checkResumableWith(c.model(), otherWarmup, c.data()))
                .isInstanceOfSatisfying(Checkpoint.MismatchException.class, e -> {
                    assertThat(e).hasMessage("cannot resume: the checkpoint's training has klSchedule.warmup = 2 but"
                            + " this run has klSchedule.warmup = 3");
                    assertThat(e.record()).isEqualTo(KlSchedule.class);
                    assertThat(e.field()).isEqualTo("warmup");
                });
    }
}
