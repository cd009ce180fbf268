package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.model.VaeConfig;

/** Reading a checkpoint back: a file that is none is refused in the library's words, which name fields, not options. */
class CheckpointTest {
    private static final VaeConfig TINY = VaeConfig.symmetric(2, 2, List.of(3), 1);

    @TempDir
    Path dir;

    @Test
    void aModelFileIsRefusedAsAUsageErrorNamingTheSettingThatMakesCheckpoints() throws Exception {
        Path model = dir.resolve("m.safetensors");
        ModelFile.write(model, TINY, new float[TINY.parameterCount()], Map.of());

        assertThatThrownBy(() -> Checkpoint.read(model)).isInstanceOfSatisfying(ModelFileException.class, e -> {
            assertThat(e).hasMessage(model + ": this is a model file, not a checkpoint: a model cannot be resumed,"
                    + " only a checkpoint, which a run writes when given a checkpoint interval");
            assertThat(e.isSetting()).isTrue();
            assertThat(e.restatedAs(m -> m.record().getSimpleName() + "." + m.field()).getMessage())
                    .endsWith("which a run writes when given Checkpointing.everySteps");
        });
    }

    @Test
    void aSafetensorsFileOfNoKindIsRefusedAsAFileNotAUsage() throws Exception {
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, List.of(SafeTensors.TensorSpec.f32("w", 1)), ByteBuffer.allocate(4), Map.of());

        assertThatThrownBy(() -> Checkpoint.read(other)).isInstanceOfSatisfying(ModelFileException.class, e -> {
            assertThat(e).hasMessage(other + ": not a Latent Atlas checkpoint (no atlas.checkpoint metadata): only a"
                    + " checkpoint, which a run writes when given a checkpoint interval, can be resumed");
            assertThat(e.isSetting()).isFalse();
        });
        assertThat(Files.size(other)).isPositive();
    }
}
