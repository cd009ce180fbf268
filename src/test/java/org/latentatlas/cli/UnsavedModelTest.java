package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;

/**
 * A save that fails at the end of a run (a full disk; here the output's folder, removed while the model trains) keeps
 * what it can: the run's test numbers are printed before the write, and the error names the file, why it failed and
 * the checkpoint to resume from.
 */
class UnsavedModelTest {
    @TempDir
    Path dir;

    private final StringWriter printed = new StringWriter();

    @Test
    void aFailedSaveNamesTheFileAndComesAfterTheTestNumbers() throws Exception {
        Path output = dir.resolve("small").resolve("m.safetensors");

        assertThatThrownBy(() -> train(output, new Trainer())).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + output + ": no such file; the trained model was not saved (its test"
                        + " numbers are above), and no checkpoint was written (--checkpoint-every STEPS keeps a"
                        + " resumable copy): free space or choose another --output, and train again");

        assertThat(printed.toString()).contains("test ELBO ").contains("protocol: ELBO per example in nats;")
                .doesNotContain("wrote ");
    }

    @Test
    void aFailedSavePointsToTheCheckpointThatResumesIt() throws Exception {
        Path output = dir.resolve("small").resolve("m.safetensors");
        Path checkpoint = dir.resolve("m.ckpt.safetensors");
        Trainer trainer = new Trainer(new Trainer.Checkpointing(new CheckpointFile("--checkpoint", checkpoint,
                line -> { }, p -> "atlas train --resume " + p + " -o " + output, p -> null), 10), null);

        assertThatThrownBy(() -> train(output, trainer)).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + output + ": no such file; the trained model was not saved (its test"
                        + " numbers are above); the last checkpoint, " + checkpoint + ", holds step 24: once there is"
                        + " room, atlas train --resume " + checkpoint + " -o " + output + " writes the model from it");

        assertThat(Checkpoint.read(checkpoint).step()).isEqualTo(24);
    }

    /** One epoch of a tiny model on the digits; the output's folder goes when the run announces itself. */
    private void train(Path output, Trainer trainer) throws IOException {
        Files.createDirectories(output.getParent());
        OutputFiles.Target target = new OutputFiles.Claims().claim("--output", output, OutputFiles.Kind.MODEL);
        PrintWriter out = new PrintWriter(printed) {
            @Override
            public void flush() {
                super.flush();
                if (printed.toString().contains("training ") && Files.exists(output.getParent())) {
                    try {
                        Files.delete(output.getParent());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        DatasetRequest request = DatasetRequest.of("digits");
        TrainingRun.trainAndSave(VaeConfig.symmetric(8, 8, List.of(8), 2), request.load(1, l -> { }), request,
                new TrainConfig(1, 64, 1e-3, 1, 1), target, out, new PrintWriter(new StringWriter()), false, trainer,
                p -> "atlas train --resume " + p + " -o " + output);
    }
}
