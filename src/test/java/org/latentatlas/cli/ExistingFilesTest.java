package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.TrainConfig;

/**
 * What every command does with a file that is already where it would write, and with a checkpoint given where
 * a model is expected. The rule: a file may only be replaced by one of its own kind, anything else is refused
 * before any work with a message naming the option, the path and what is there, and the file keeps its bytes.
 */
class ExistingFilesTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path checkpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyModelWithACheckpoint() {
        model = shared.resolve("tiny.safetensors");
        checkpoint = shared.resolve("tiny.ckpt.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "16", "--no-progress", "--checkpoint-every",
                "1000", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(checkpoint).isRegularFile();
    }

    /** A copy of {@code original} in this test's folder under {@code name}, so each test can check its bytes. */
    private Path copy(Path original, String name) throws Exception {
        return Files.copy(original, dir.resolve(name));
    }

    private static void assertRefused(CliRun run, Path victim, byte[] before, String... says) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains(victim.toString()).contains(says);
        assertThat(Files.readAllBytes(victim)).as("the existing file's bytes").isEqualTo(before);
    }

    /** The file is sound; the command line named the wrong one: a usage error (exit 2), not a failed read (1). */
    @Test
    void infoRecognizesACheckpoint() throws Exception {
        Path ckpt = copy(checkpoint, "run.ckpt.safetensors");
        CliRun run = CliRun.of("info", ckpt.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("atlas info: invalid setting: " + ckpt + ": this is a training checkpoint,"
                + " not a model file: continue the run with 'atlas train --resume " + ckpt + "' (for a checkpoint"
                + " older than those that record their data, with its data options, --dataset ..., if it had any), or"
                + " use the model file the run wrote (its -o) (see 'atlas info --help')" + System.lineSeparator());
    }

    @Test
    void evaluatePlotAndServeRecognizeACheckpointToo() throws Exception {
        Path ckpt = copy(checkpoint, "run.ckpt.safetensors");
        String[][] commands = {{"evaluate", ckpt.toString(), "--k", "2"},
            {"plot", ckpt.toString(), "--out", dir.resolve("figs").toString()},
            {"plot", ckpt.toString(), "--only", "curves", "--out", dir.resolve("curves").toString()},
            {"plot", model.toString(), "--only", "compare", "--compare", ckpt.toString(), "--out",
                dir.resolve("compare").toString()},
            {"serve", ckpt.toString(), "--port", "0"}};
        for (String[] command : commands) {
            CliRun run = CliRun.of(command);
            String what = String.join(" ", command);
            assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.errLines()).as(what).isEqualTo(1);
            assertThat(run.err()).as(what).contains("training checkpoint, not a model file")
                    .contains("--resume " + ckpt);
        }
    }

    @Test
    void resumingAModelInsteadOfItsCheckpointIsAUsageError() throws Exception {
        Path copy = copy(model, "done.safetensors");
        byte[] before = Files.readAllBytes(copy);
        CliRun run = trainTiny("--resume", copy.toString(), "-o", dir.resolve("more.safetensors").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains(copy + ": this is a model file, not a checkpoint").contains("a model cannot be"
                + " resumed, only a checkpoint, which a run writes when given --checkpoint-every");
        assertThat(Files.readAllBytes(copy)).isEqualTo(before);
    }

    @Test
    void resumingAFileOfNoKindSaysWhichOptionWritesCheckpoints() throws Exception {
        Path other = Files.write(dir.resolve("weights.safetensors"), SafeTensors.toBytes(
                List.of(SafeTensors.TensorSpec.f32("w", 1)), ByteBuffer.allocate(4), Map.of()));
        CliRun run = trainTiny("--resume", other.toString(), "-o", dir.resolve("more.safetensors").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err()).isEqualTo("atlas train: error: " + other + ": not a Latent Atlas checkpoint (no"
                + " atlas.checkpoint metadata): only a checkpoint, which a run writes when given --checkpoint-every,"
                + " can be resumed\n");
    }

    private CliRun trainTiny(String... extra) {
        String[] base = {"train", "--epochs", "1", "--hidden", "16", "--no-progress"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    /** Root passes every permission check; the file system may still refuse, and an hour's training must not find out. */
    @Test
    void anOutputFolderWhereNoFileCanBeCreatedIsRefusedBeforeAnyWork() {
        CliRun run = trainTiny("-o", "/proc/self/m.safetensors"); // procfs: no one creates files there
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("--output /proc/self/m.safetensors: cannot write in directory /proc/self (");
        assertThat(run.out()).doesNotContain("training");
    }

    /** A name no file system takes would otherwise fail when the model is saved, after the training. */
    @Test
    void anOutputNameLongerThanFileSystemsTakeIsRefusedBeforeAnyWork() {
        String name = "m".repeat(245) + ".safetensors"; // 257 bytes
        CliRun run = trainTiny("-o", dir.resolve(name).toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("the file name is 257 bytes long; file systems take at most 255");
        assertThat(run.out()).doesNotContain("training");
    }

    /** The longest name a file system takes is saved: the temp file beside it has a name of its own length. */
    @Test
    void anOutputNameOfTheLongestLengthIsSaved() throws Exception {
        Path output = dir.resolve("m".repeat(243) + ".safetensors"); // 255 bytes
        CliRun run = trainTiny("-o", output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ModelFile.read(output).config()).isNotNull();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(output.getFileName().toString());
        }
    }

    /** Plot claims up to 19 files in one folder: one file made and removed there tells for all of them. */
    @Test
    void aCommandProbesEachOutputFolderOnceHoweverManyFilesItClaimsThere() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        List<Path> probed = new java.util.ArrayList<>();
        OutputFiles.Claims claims = new OutputFiles.Claims(probed::add);
        for (String name : List.of("grid.png", "grid.svg", "kl.png")) {
            claims.claim("--out", dir.resolve(name), OutputFiles.Kind.PNG);
        }
        claims.claim("--out", other.resolve("kl.svg"), OutputFiles.Kind.SVG);
        claims.claim("--out", dir.resolve("other/../scatter.csv"), OutputFiles.Kind.SCATTER_CSV);
        assertThat(probed).containsExactly(dir.toAbsolutePath(), other.toAbsolutePath());
    }

    @Test
    void trainRefusesAnOutputThatIsNotAModel() throws Exception {
        Path csv = Files.writeString(dir.resolve("small.csv"), "label,p0,p1\n1,0,16\n2,16,0\n");
        byte[] before = Files.readAllBytes(csv);
        CliRun run = trainTiny("-o", csv.toString());
        assertRefused(run, csv, before, "--output", "an unrecognized file", "refusing to replace it with a model file");
        assertThat(run.out()).doesNotContain("training");
    }

    @Test
    void trainRefusesToWriteItsModelOverACheckpoint() throws Exception {
        Path ckpt = copy(checkpoint, "m1.safetensors");
        CliRun run = trainTiny("-o", ckpt.toString());
        assertRefused(run, ckpt, Files.readAllBytes(checkpoint), "--output", "a training checkpoint",
                "atlas train --resume " + ckpt);
    }

    @Test
    void trainReplacingAModelSaysSo() throws Exception {
        Path existing = copy(model, "keep.safetensors");
        CliRun run = trainTiny("--seed", "7", "-o", existing.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + existing + " (replaced the model file that was there)");
        assertThat(Files.readAllBytes(existing)).isNotEqualTo(Files.readAllBytes(model));
        ModelFile.read(existing);
    }

    @Test
    void trainWritingANewModelDoesNotClaimToReplaceOne() {
        Path fresh = dir.resolve("fresh.safetensors");
        CliRun run = trainTiny("-o", fresh.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + fresh).doesNotContain("replaced");
    }

    @Test
    void trainHelpSaysWhatHappensToAnExistingOutput() {
        CliRun run = CliRun.of("train", "--help");
        String help = run.out().replaceAll("\\s+", " ");
        assertThat(help).contains("An existing model file there is replaced, and the run says so")
                .contains("Must differ from --output");
    }

    @Test
    void trainRefusesACheckpointPathThatHoldsAModel() throws Exception {
        Path m1 = copy(model, "m1.safetensors");
        CliRun run = trainTiny("-o", dir.resolve("keep.safetensors").toString(), "--checkpoint", m1.toString(),
                "--checkpoint-every", "5");
        assertRefused(run, m1, Files.readAllBytes(model), "--checkpoint", "a model file",
                "refusing to replace it with a training checkpoint");
        assertThat(dir.resolve("keep.safetensors")).doesNotExist();
    }

    @Test
    void trainRefusesToReplaceTheCheckpointOfARunItDoesNotResume() throws Exception {
        Path other = copy(checkpoint, "other.ckpt.safetensors");
        CliRun run = trainTiny("-o", dir.resolve("new.safetensors").toString(), "--checkpoint", other.toString(),
                "--checkpoint-every", "5");
        assertRefused(run, other, Files.readAllBytes(checkpoint), "--checkpoint",
                "a training checkpoint of a run this one did not resume", "atlas train --resume " + other);
    }

    @Test
    void outputAndCheckpointMustDiffer() throws Exception {
        Path same = copy(model, "same.safetensors");
        CliRun run = trainTiny("-o", same.toString(), "--checkpoint", same.toString(), "--checkpoint-every", "5");
        assertRefused(run, same, Files.readAllBytes(model), "--checkpoint", "is also the --output file");
        assertThat(run.out()).doesNotContain("training");
    }

    @Test
    void aCheckpointPathWithoutCheckpointEveryIsRefusedRatherThanIgnored() {
        Path out = dir.resolve("never.safetensors");
        CliRun run = trainTiny("-o", out.toString(), "--checkpoint", dir.resolve("c.ckpt.safetensors").toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("writes nothing without --checkpoint-every STEPS");
        assertThat(out).doesNotExist();
    }

    @Test
    void resumingWritesItsCheckpointsBackToTheFileItResumedFrom() throws Exception {
        Path ckpt = copy(checkpoint, "run.ckpt.safetensors");
        long before = Checkpoint.read(ckpt).step();
        // The default checkpoint of -o run.safetensors is run.ckpt.safetensors: the file being resumed.
        CliRun run = CliRun.of("train", "--epochs", "2", "--hidden", "16", "--no-progress", "-o",
                dir.resolve("run.safetensors").toString(), "--resume", ckpt.toString(), "--checkpoint-every", "1000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Checkpoint.read(ckpt).step()).isGreaterThan(before);
    }

    @Test
    void evaluateRefusesToWriteItsJsonOverAModel() throws Exception {
        Path victim = copy(model, "victim.safetensors");
        CliRun run = CliRun.of("evaluate", victim.toString(), "--k", "2", "--json", victim.toString());
        assertRefused(run, victim, Files.readAllBytes(model), "--json", "a model file",
                "refusing to replace it with an evaluation report");
        assertThat(run.err()).doesNotContain("evaluating");
    }

    @Test
    void evaluateReplacesAnEarlierReportAndSaysSo() throws Exception {
        Path json = dir.resolve("report.json");
        String[] args = {"evaluate", model.toString(), "--k", "2", "--repeats", "1", "--examples", "20", "--json",
            json.toString()};
        assertThat(CliRun.of(args).exitCode()).isZero();
        CliRun again = CliRun.of(args);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("wrote " + json + " (replaced the evaluation report (JSON) that was there)");
    }

    @Test
    void datasetsShowRefusesToDrawOverAModel() throws Exception {
        Path keep = copy(model, "keep2.safetensors");
        CliRun run = CliRun.of("datasets", "show", "digits", "--out", keep.toString());
        assertRefused(run, keep, Files.readAllBytes(model), "--out", "a model file",
                "refusing to replace it with a PNG image");
    }

    /**
     * A FILE option in a folder that does not exist is refused alike by every command, naming the folder, before any
     * work, and no folder is made for it (plot's --out DIR is the folder itself, and is created).
     */
    @Test
    void aFileInAMissingFolderIsRefusedAlikeByTrainAndDatasetsShow() throws Exception {
        Path missing = dir.resolve("missing");
        Path sheet = missing.resolve("x.png");
        Path model = missing.resolve("m.safetensors");

        CliRun show = CliRun.of("datasets", "show", "digits", "--out", sheet.toString());
        CliRun train = trainTiny("-o", model.toString());

        assertThat(show.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(show.err().strip()).isEqualTo("atlas datasets show: invalid setting: --out " + sheet
                + ": directory " + missing + " does not exist (see 'atlas datasets show --help')");
        assertThat(show.out()).as("refused before the dataset is read").isEmpty();
        assertThat(train.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(train.err().strip()).isEqualTo("atlas train: invalid setting: --output " + model + ": directory "
                + missing + " does not exist (see 'atlas train --help')");
        assertThat(missing).doesNotExist();

        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        CliRun underAFile = CliRun.of("datasets", "show", "digits", "--out", notes.resolve("x.png").toString());
        assertThat(underAFile.err()).contains("--out " + notes.resolve("x.png") + ": " + notes
                + " is not a directory: it is an unrecognized file");
        assertThat(notes).hasContent("keep me");
    }

    @Test
    void plotRefusesAFileAsItsOutputDirectory() throws Exception {
        Path file = copy(model, "m1.safetensors");
        CliRun run = CliRun.of("plot", model.toString(), "--only", "kl", "--out", file.toString());
        assertRefused(run, file, Files.readAllBytes(model), "--out", "is not a directory: it is a model file");
    }

    @Test
    void plotSaysWhyItCannotCreateItsOutputDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Path under = file.resolve("figs");
        CliRun run = CliRun.of("plot", model.toString(), "--only", "kl", "--out", under.toString());
        assertRefused(run, file, "keep me".getBytes(), "--out", "cannot create directory " + under + ": ");
    }

    @Test
    void plotRefusesToDrawOverAFileOfAnotherKindInItsDirectory() throws Exception {
        Path figs = Files.createDirectory(dir.resolve("figs"));
        Path kl = Files.copy(model, figs.resolve("kl.png"));
        CliRun run = CliRun.of("plot", model.toString(), "--only", "kl", "--format", "png", "--out", figs.toString());
        assertRefused(run, kl, Files.readAllBytes(model), "--out", "a model file",
                "refusing to replace it with a PNG image");
    }

    @Test
    void plotReplacesItsOwnFigures() throws Exception {
        Path figs = dir.resolve("figs");
        String[] args = {"plot", model.toString(), "--only", "kl,scatter", "--out", figs.toString()};
        assertThat(CliRun.of(args).exitCode()).isZero();
        CliRun again = CliRun.of(args);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains(figs.resolve("kl.svg").toString(), figs.resolve("scatter.csv").toString());
    }

    @Test
    void plotChecksEveryFigurePathBeforeWritingAny() throws Exception {
        Path figs = Files.createDirectory(dir.resolve("figs"));
        Path kl = Files.copy(model, figs.resolve("kl.png"));
        CliRun run = CliRun.of("plot", model.toString(), "--only", "scatter,kl", "--format", "png", "--out",
                figs.toString());
        assertRefused(run, kl, Files.readAllBytes(model), "--out", "a model file");
        try (var written = Files.list(figs)) {
            assertThat(written).as("scatter comes before kl, and must not be written either").containsExactly(kl);
        }
    }

    /** The claim is made before the work; a file of another kind put at the path since is not replaced either. */
    @Test
    void aFileOfAnotherKindPutAtAClaimedPathIsRefusedAtTheWrite() throws Exception {
        Path json = dir.resolve("report.json");
        OutputFiles.Target claimed = new OutputFiles.Claims().claim("--json", json, OutputFiles.Kind.EVALUATION_REPORT);
        Files.copy(model, json);
        assertThatThrownBy(claimed::recheck).isInstanceOf(IOException.class)
                .hasMessage("--json " + json + " is now a model file, put there while this command ran; refusing to"
                        + " replace it with an evaluation report (JSON)");
        assertThat(Files.readAllBytes(json)).isEqualTo(Files.readAllBytes(model));
    }

    @Test
    void aFileOfTheSameKindPutAtAClaimedPathIsReplacedAndTheRunSaysSo() throws Exception {
        Path out = dir.resolve("m.safetensors");
        OutputFiles.Target claimed = new OutputFiles.Claims().claim("--output", out, OutputFiles.Kind.MODEL);
        Files.copy(model, out);
        assertThat(claimed.recheck().wrote()).isEqualTo("wrote " + out + " (replaced the model file that was there)");
    }

    /**
     * A file of another kind put at --output while the model trains is kept, and so is the training: the model goes
     * beside it and the run fails saying where. The file is planted when the run announces "training", after the
     * claim and before the save.
     */
    @Test
    void trainingKeepsBothTheFilePutAtItsOutputAndTheModel() throws Exception {
        Path output = dir.resolve("run.safetensors");
        byte[] notes = "notes written while the model trained".getBytes(StandardCharsets.UTF_8);
        OutputFiles.Target target = new OutputFiles.Claims().claim("--output", output, OutputFiles.Kind.MODEL);
        DatasetRequest request = DatasetRequest.of("digits");
        PrintWriter plantingOut = new PrintWriter(new StringWriter() {
            @Override
            public void flush() {
                if (toString().contains("training ") && !Files.exists(output)) {
                    try {
                        Files.write(output, notes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        });
        assertThatThrownBy(() -> TrainingRun.trainAndSave(VaeConfig.symmetric(8, 8, List.of(8), 2), request.load(1,
                l -> { }), request, new TrainConfig(1, 64, 1e-3, 1, 1), target, plantingOut,
                new PrintWriter(new StringWriter()), false))
                .isInstanceOf(IOException.class)
                .hasMessage("--output " + output + " is now an unrecognized file, put there while this command ran;"
                        + " refusing to replace it with a model file; the trained model was written to "
                        + dir.resolve("run-1.safetensors") + " instead");
        assertThat(Files.readAllBytes(output)).isEqualTo(notes);
        assertThat(ModelFile.read(dir.resolve("run-1.safetensors")).config().latentDim()).isEqualTo(2);
    }

    @Test
    void kindsAreToldByContentNotByName() throws Exception {
        assertThat(OutputFiles.kindOf(copy(model, "a.png"))).isEqualTo(OutputFiles.Kind.MODEL);
        assertThat(OutputFiles.kindOf(copy(checkpoint, "b.safetensors"))).isEqualTo(OutputFiles.Kind.CHECKPOINT);
        Path json = Files.writeString(dir.resolve("c.safetensors"),
                "{\"schema\": \"" + EvaluateCommand.JSON_SCHEMA + "\", \"report\": {}}");
        assertThat(OutputFiles.kindOf(json)).isEqualTo(OutputFiles.Kind.EVALUATION_REPORT);
        Path otherJson = Files.writeString(dir.resolve("d.json"), "{\"name\": \"package\"}");
        assertThat(OutputFiles.kindOf(otherJson)).isEqualTo(OutputFiles.Kind.OTHER);
        Path text = Files.writeString(dir.resolve("e.json"), "12345678{not a header");
        assertThat(OutputFiles.kindOf(text)).isEqualTo(OutputFiles.Kind.OTHER);
    }
}
