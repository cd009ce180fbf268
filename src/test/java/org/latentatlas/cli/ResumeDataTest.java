package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;
import org.latentatlas.train.Checkpoint;

/**
 * A checkpoint records how its run was given its data and how often it checkpointed, so {@code --resume CHECKPOINT}
 * alone reads the same data (found beside the checkpoint first, as a model finds its own) and goes on checkpointing;
 * a checkpoint older than that record still resumes with the data options given again.
 */
class ResumeDataTest {
    @TempDir
    Path dir;
    private Path csv;

    /** 40 rows of 4x4 pixels (0..15) and a last column of labels 0..3: 32 train / 8 test, --limit 12 of each. */
    @BeforeEach
    void tinyCsv() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            for (int p = 0; p < 16; p++) {
                rows.append((r * 7 + p * (r % 4 + 1)) % 16).append(',');
            }
            rows.append(r % 4).append('\n');
        }
        csv = Files.writeString(dir.resolve("tiny.csv"), rows);
    }

    /** 12 training examples in batches of 4: 3 steps an epoch, 9 in all; the first part stops after 4. */
    private List<String> options(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", csv.toString(), "--csv-label", "last",
                "--value-range", "0:15", "--limit", "12", "--epochs", "3", "--batch", "4", "--hidden", "8",
                "--latent", "2", "--seed", "3", "--no-progress", "-o", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private static CliRun run(List<String> args) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private Path checkpointAfterFourSteps() {
        run(options(dir.resolve("run.safetensors"), "--stop-after-steps", "4", "--checkpoint-every", "2"));
        return dir.resolve("run.ckpt.safetensors");
    }

    @Test
    void resumingWithOnlyTheCheckpointReadsItsCsvWithItsOptionsAndGivesTheStraightRunsBytes() throws Exception {
        Path straight = dir.resolve("straight.safetensors");
        run(options(straight));
        Path ckpt = checkpointAfterFourSteps();
        assertThat(Checkpoint.read(ckpt).step()).isEqualTo(4);

        CliRun resumed = run(List.of("train", "--resume", ckpt.toString(), "--no-progress"));

        assertThat(resumed.out()).contains("resuming after step 4 of the checkpoint").contains("completed");
        assertThat(Files.readAllBytes(dir.resolve("run.safetensors"))).isEqualTo(Files.readAllBytes(straight));
        assertThat(Checkpoint.read(ckpt).step()).as("the resumed run checkpoints every 2 steps, as the first")
                .isEqualTo(9);
    }

    @Test
    void theRecordNamesTheDataAsTypedAndFromTheCheckpointsFolder() throws Exception {
        Path ckpt = checkpointAfterFourSteps();

        var recorded = Json.readTree(Checkpoint.read(ckpt).runOptions());

        assertThat(recorded.at("/data/dataset").asText()).isEqualTo(csv.toString());
        assertThat(recorded.at("/data/limit").asInt()).isEqualTo(12);
        assertThat(recorded.at("/data/csv/labelColumn").asText()).isEqualTo("last");
        assertThat(recorded.path("dataBesideCheckpoint").asText()).isEqualTo("tiny.csv");
        assertThat(recorded.path("checkpointEvery").asLong()).isEqualTo(2);
    }

    /** Moved together, the checkpoint finds its data beside it, where it was from the checkpoint's folder. */
    @Test
    void aCheckpointMovedWithItsDataFindsItBesideIt() throws Exception {
        Path ckpt = checkpointAfterFourSteps();
        Path moved = Files.createDirectory(dir.resolve("moved"));
        Files.move(csv, moved.resolve("tiny.csv"));
        Files.move(ckpt, moved.resolve("run.ckpt.safetensors"));

        CliRun resumed = run(List.of("train", "--resume", moved.resolve("run.ckpt.safetensors").toString(),
                "--no-progress"));

        assertThat(resumed.out()).contains("completed").contains("wrote " + moved.resolve("run.safetensors"));
    }

    /**
     * Data typed as a relative path and found beside the moved checkpoint is recorded from the working directory,
     * relative as it was typed: the model never records a folder of this machine that nobody gave it.
     */
    @Test
    void dataTypedRelativeAndFoundBesideTheMovedCheckpointIsRecordedRelative() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        List<String> args = options(dir.resolve("run.safetensors"), "--stop-after-steps", "4", "--checkpoint-every", "2");
        args.set(args.indexOf(csv.toString()), here.relativize(csv).toString());
        run(args);
        Path moved = Files.createDirectory(dir.resolve("moved"));
        Files.move(csv, moved.resolve("tiny.csv"));
        Files.move(dir.resolve("run.ckpt.safetensors"), moved.resolve("run.ckpt.safetensors"));

        run(List.of("train", "--resume", moved.resolve("run.ckpt.safetensors").toString(), "--no-progress"));

        var dataset = Json.readTree(ModelFile.read(moved.resolve("run.safetensors")).metadata()
                .get(TrainingRun.DATASET_KEY));
        assertThat(dataset.get("name").asText()).isEqualTo(here.relativize(moved.resolve("tiny.csv")).toString());
    }

    @Test
    void dataFoundNowhereIsNamedWithThePlacesTriedAndTheOptionsThatReadItElsewhere() throws Exception {
        Path ckpt = checkpointAfterFourSteps();
        Files.delete(csv);

        CliRun resumed = CliRun.of("train", "--resume", ckpt.toString(), "--no-progress");

        assertThat(resumed.exitCode()).isNotZero();
        assertThat(resumed.err()).contains(ckpt + ": the checkpoint's recorded data, " + csv + ", is not found: tried "
                + csv + " (beside the checkpoint); give its new place with --dataset PATH --csv-label last"
                + " --value-range 0:15 --limit 12");
    }

    @Test
    void aDataOptionGivenReplacesTheRecordedOneAndOtherDataAreRefusedSayingWhichToLeaveOut() {
        Path ckpt = checkpointAfterFourSteps();
        Path out = dir.resolve("other.safetensors");

        CliRun resumed = CliRun.of("train", "--resume", ckpt.toString(), "--limit", "10", "--no-progress", "-o",
                out.toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(resumed.err()).contains("this run's data differ from the checkpoint's: training examples 10 where"
                + " the checkpoint has 12; leave out the data options for the checkpoint's own (--dataset " + csv
                + " --csv-label last --value-range 0:15 --limit 12)");
        assertThat(out).doesNotExist();
    }

    /**
     * Other data under another name are told by both, the name and the hash, recorded and found: the name alone cannot
     * tell other data from the checkpoint's own file renamed (which resumes: same sizes and hashes).
     */
    @Test
    void otherDataUnderAnotherNameAreToldByNameAndHashOnEachSide() throws Exception {
        Path ckpt = checkpointAfterFourSteps();
        String recordedHash = Checkpoint.read(ckpt).data().trainSha256().substring(0, 12);
        Path other = Files.writeString(dir.resolve("other.csv"), Files.readString(csv).replaceFirst("^\\d+", "15"));

        CliRun resumed = CliRun.of("train", "--resume", ckpt.toString(), "--dataset", other.toString(), "--csv-label",
                "last", "--value-range", "0:15", "--limit", "12", "--no-progress", "-o",
                dir.resolve("other.safetensors").toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(resumed.err()).containsPattern("this run's data differ from the checkpoint's: dataset "
                + Pattern.quote(other.toString()) + " \\(training split SHA-256 (?!" + recordedHash + ")[0-9a-f]{12}…\\)"
                + " where the checkpoint has " + Pattern.quote(csv.toString()) + " \\(training split SHA-256 "
                + recordedHash + "…\\); leave out the data options");
    }

    /**
     * A checkpoint written before the record (here: one with it taken out) resumes as it always did: the data options
     * given again; left out, the refusal says that this checkpoint does not hold them.
     */
    @Test
    void aCheckpointWithoutTheRecordResumesWithTheDataOptionsGivenAgain() throws Exception {
        Path straight = dir.resolve("straight.safetensors");
        run(options(straight));
        Path ckpt = withoutRunOptions(checkpointAfterFourSteps());

        CliRun alone = CliRun.of("train", "--resume", ckpt.toString(), "--no-progress");
        assertThat(alone.exitCode()).as(alone.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(alone.err()).contains("give the --dataset, data options, --test-size, --limit and --seed of the"
                + " checkpointed run (this checkpoint, older than those that record them, holds only the data's sizes"
                + " and hashes)");

        CliRun resumed = run(List.of("train", "--resume", ckpt.toString(), "--no-progress", "--dataset",
                csv.toString(), "--csv-label", "last", "--value-range", "0:15", "--limit", "12"));

        assertThat(resumed.out()).contains("completed");
        assertThat(Files.readAllBytes(dir.resolve("run.safetensors"))).isEqualTo(Files.readAllBytes(straight));
        assertThat(Checkpoint.read(ckpt).step()).as("no interval recorded, none given: no checkpoint written")
                .isEqualTo(4);
    }

    /**
     * A damaged record of the run's options was refused as "has damaged atlas.checkpoint.run metadata: Cannot
     * deserialize value of type `long` ...", and a missing interval was read as 0 (no more checkpoints): each is named
     * as a model file's metadata is.
     */
    @Test
    void aDamagedRecordOfTheRunsOptionsIsRefusedNamingItsField() throws Exception {
        Path ckpt = checkpointAfterFourSteps();
        String recorded = SafeTensors.read(ckpt).metadata().get(Checkpoint.RUN_OPTIONS_KEY);
        Map<String, String> damages = Map.of(
                "checkpointEvery: got \"x\", expected a whole number", recorded.replaceFirst(
                        "\"checkpointEvery\":\\d+", "\"checkpointEvery\":\"x\""),
                "checkpointEvery: missing, expected a whole number", recorded.replaceFirst(
                        ",?\"checkpointEvery\":\\d+", ""));
        for (Map.Entry<String, String> damage : damages.entrySet()) {
            assertThat(damage.getValue()).isNotEqualTo(recorded);
            withRunOptions(ckpt, damage.getValue());

            CliRun resumed = CliRun.of("train", "--resume", ckpt.toString(), "--no-progress");

            assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(resumed.err()).contains(ckpt + ": __metadata__ \"atlas.checkpoint.run\" → " + damage.getKey());
        }
    }

    /** The checkpoint as one written before {@link Checkpoint#RUN_OPTIONS_KEY}: its entry taken out. */
    private static Path withoutRunOptions(Path ckpt) throws IOException {
        return withRunOptions(ckpt, null);
    }

    /** The checkpoint with its {@link Checkpoint#RUN_OPTIONS_KEY} entry replaced by {@code json} (null: none). */
    private static Path withRunOptions(Path ckpt, String json) throws IOException {
        SafeTensors.Contents file = SafeTensors.read(ckpt);
        List<SafeTensors.TensorSpec> specs = new ArrayList<>();
        int bytes = 0;
        for (SafeTensors.TensorEntry t : file.tensors()) {
            bytes += file.data(t).remaining();
        }
        ByteBuffer data = ByteBuffer.allocate(bytes);
        for (SafeTensors.TensorEntry t : file.tensors()) {
            specs.add(new SafeTensors.TensorSpec(t.name(), t.dtype(), t.shape()));
            data.put(file.data(t));
        }
        Map<String, String> metadata = new HashMap<>(file.metadata());
        assertThat(metadata.remove(Checkpoint.RUN_OPTIONS_KEY)).isNotNull();
        if (json != null) {
            metadata.put(Checkpoint.RUN_OPTIONS_KEY, json);
        }
        SafeTensors.write(ckpt, specs, data.flip(), metadata);
        return ckpt;
    }
}
