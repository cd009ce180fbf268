package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file atlas writes is never named as another format a tool would open it as: a model called m.pt is safetensors
 * that torch.load fails on. Such a name is refused before any work, with the same name with the right extension;
 * a name with no extension, or another one, is the user's.
 */
class ForeignNamesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"m.pt", "m.PTH", "m.bin", "m.ckpt", "m.pkl", "m.h5", "m.onnx", "m.npz"})
    void aModelNamedAsAnotherFormatIsRefusedBeforeTrainingAndNothingIsWritten(String name) throws Exception {
        Path output = dir.resolve(name);
        CliRun run = CliRun.trainTiny("-o", output.toString(), "--checkpoint-every", "5");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("atlas train: invalid setting: --output " + output + ": a ."
                        + name.substring(2) + " name says ")
                .contains("but the model is written as safetensors")
                .endsWith("give " + dir.resolve("m.safetensors") + " instead (see 'atlas train --help')\n");
        assertThat(run.out()).as("no training began").isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theRefusalSaysWhatReadsTheName() {
        CliRun run = CliRun.trainTiny("-o", dir.resolve("m.pt").toString());
        assertThat(run.err()).isEqualTo("atlas train: invalid setting: --output " + dir.resolve("m.pt") + ": a .pt"
                + " name says PyTorch (torch.load), but the model is written as safetensors, which that cannot read;"
                + " give " + dir.resolve("m.safetensors") + " instead (see 'atlas train --help')\n");
    }

    @Test
    void aCheckpointNamedAsAnotherFormatGetsTheDefaultCheckpointForm() {
        Path checkpoint = dir.resolve("run.pt");
        CliRun run = CliRun.trainTiny("-o", dir.resolve("m.safetensors").toString(), "--checkpoint-every", "5",
                "--checkpoint", checkpoint.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas train: invalid setting: --checkpoint " + checkpoint + ": ")
                .contains("but the checkpoint is written as safetensors")
                .endsWith("give " + dir.resolve("run.ckpt.safetensors") + " instead (see 'atlas train"
                        + " --help')\n");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    /** Atlas itself names the checkpoint of an output without an extension "model.ckpt". */
    @Test
    void aNameWithoutAnExtensionOrWithAnotherOneIsTheUsersAndItsCheckpointMayEndInCkpt() {
        CliRun bare = CliRun.trainTiny("-o", dir.resolve("model").toString(), "--checkpoint-every", "5");
        assertThat(bare.exitCode()).as(bare.err()).isZero();
        assertThat(dir.resolve("model")).isRegularFile();
        assertThat(dir.resolve("model.ckpt")).isRegularFile();
        CliRun other = CliRun.trainTiny("-o", dir.resolve("m.v2").toString());
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(dir.resolve("m.v2")).isRegularFile();
    }

    /** A run checkpointed under such a name before names were checked can still be continued in place. */
    @Test
    void theCheckpointAResumedRunWritesOverKeepsItsName() throws Exception {
        Path model = dir.resolve("m.safetensors");
        assertThat(CliRun.trainTiny("-o", model.toString(), "--checkpoint-every", "5").exitCode()).isZero();
        Path old = Files.move(dir.resolve("m.ckpt.safetensors"), dir.resolve("old.pt"));
        CliRun run = CliRun.of("train", "--resume", old.toString(), "--checkpoint", old.toString(),
                "--checkpoint-every", "5", "--epochs", "2", "--no-progress", "--limit", "50", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"r.safetensors", "r.pt"})
    void aReportNamedAsAModelIsRefusedBeforeTheModelIsRead(String name) throws Exception {
        Path json = dir.resolve(name);
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "no model: reading it would fail, exit 1");
        CliRun run = CliRun.of("evaluate", junk.toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas evaluate: invalid setting: --json " + json + ": ")
                .endsWith(name.endsWith(".pt") ? "PyTorch (torch.load), but the report is written as JSON, which that"
                        + " cannot read; give " + dir.resolve("r.json") + " instead (see 'atlas evaluate --help')\n"
                        : "a model file (safetensors), but the report is JSON; give " + dir.resolve("r.json")
                        + " instead (see 'atlas evaluate --help')\n");
    }

    @Test
    void aContactSheetNamedAsAModelIsRefusedWithThePngName() throws Exception {
        Path out = dir.resolve("sheet.safetensors");
        CliRun run = CliRun.of("datasets", "show", "digits", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).endsWith("--out " + out + ": a .safetensors name says a model file (safetensors), but"
                + " the image is PNG; give " + dir.resolve("sheet.png") + " instead (see 'atlas datasets show"
                + " --help')\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
