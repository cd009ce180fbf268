package org.latentatlas.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;

/**
 * Reading a checkpoint back: its architecture is checked as a model file's is, and a file that is none is refused in
 * the library's words, which name fields, not options.
 */
class CheckpointTest {
    private static final VaeConfig TINY = VaeConfig.symmetric(2, 2, List.of(3), 1);

    @TempDir
    Path dir;

    /** Each a config that reads only by guessing: a string for a number, a float for an int, a key twice, trailing text. */
    @ParameterizedTest
    @ValueSource(strings = {"\"latentDim\":\"1\"", "\"latentDim\":1.0", "\"latentDim\":1,\"latentDim\":1",
        "\"latentDim\":1} {"})
    void aConfigAModelFileWouldRefuseIsRefusedInACheckpointAlike(String latent) throws Exception {
        Path ckpt = dir.resolve("run.ckpt.safetensors");
        String config = ModelFile.configJson(TINY);
        assertThat(Checkpoint.read(write(ckpt, config)).model()).isEqualTo(TINY);
        Map<String, String> edited = Map.of(ModelFile.FORMAT_KEY, ModelFile.FORMAT_VERSION,
                ModelFile.MODEL_KEY, config.replace("\"latentDim\":1", latent));
        assertThatThrownBy(() -> ModelFile.config("m.safetensors", edited)).as("a model file refuses it")
                .hasMessageStartingWith("m.safetensors: __metadata__ \"atlas.model\"");

        assertThatThrownBy(() -> Checkpoint.read(write(ckpt, edited.get(ModelFile.MODEL_KEY))))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(ckpt + ": __metadata__ \"atlas.model\"");
    }

    /**
     * A damaged training state was refused as "damaged checkpoint metadata: Cannot deserialize value of type `long[]`
     * ...", and a missing step or epoch loss was read as 0, resuming another run than was saved: each is now named as
     * a model file's metadata is, with its path, value and what was expected.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /step                         | ~                       | step: missing, expected a whole number
            /shuffleState                 | "x"                     | shuffleState: got "x", expected an array
            /train/lrSchedule             | "wavy"                  | train.lrSchedule: got "wavy", expected one of "constant", "cosine"
            /history                      | [{"epoch":1}]           | history[0].trainElbo: missing, expected a number
            /epochLoss                    | "abc"                   | epochLoss: got "abc", expected a number
            """)
    void aDamagedTrainingStateIsRefusedNamingItsFieldValueAndWhatWasExpected(String pointer, String value,
                                                                             String refusal) throws Exception {
        Path ckpt = write(dir.resolve("run.ckpt.safetensors"), ModelFile.configJson(TINY));
        SafeTensors.Contents file = SafeTensors.read(ckpt);
        ObjectNode state = (ObjectNode) Json.readTree(file.metadata().get(Checkpoint.KEY));
        ObjectNode parent = (ObjectNode) state.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (value.equals("~")) {
            parent.remove(field);
        } else {
            parent.set(field, Json.readTree(value));
        }
        Map<String, String> metadata = new HashMap<>(file.metadata());
        metadata.put(Checkpoint.KEY, Json.write(state));
        rewrite(ckpt, file, metadata);

        assertThatThrownBy(() -> Checkpoint.read(ckpt)).isInstanceOf(ModelFileException.class)
                .hasMessage(ckpt + ": __metadata__ \"atlas.checkpoint\" → " + refusal);
    }

    /** A checkpoint of {@link #TINY} before its first step, its atlas.model metadata replaced by {@code config}. */
    private static Path write(Path path, String config) throws Exception {
        int n = ParameterLayout.of(TINY).size(); // floats in memory order
        Checkpoint fresh = new Checkpoint(TINY, new TrainConfig(1, 4, 1e-3, 1, 7),
                new Checkpoint.DataIdentity("tiny", 2, 2, 4, 2, "a", "b"), new float[n], new float[n], new float[n],
                0, 0, new long[] {1, 2}, new long[] {3, 4}, Elbo.Terms.ZERO, 0, List.of(), null,
                Double.NEGATIVE_INFINITY, 0, 0, null);
        fresh.write(path);
        SafeTensors.Contents file = SafeTensors.read(path);
        Map<String, String> metadata = new HashMap<>(file.metadata());
        metadata.put(ModelFile.MODEL_KEY, config);
        rewrite(path, file, metadata);
        return path;
    }

    /** {@code file}'s tensors written to {@code path} again, with {@code metadata}. */
    private static void rewrite(Path path, SafeTensors.Contents file, Map<String, String> metadata) throws Exception {
        List<SafeTensors.TensorSpec> specs = new ArrayList<>();
        ByteBuffer data = ByteBuffer.allocate(3 * TINY.parameterCount() * Float.BYTES);
        for (SafeTensors.TensorEntry t : file.tensors()) {
            specs.add(new SafeTensors.TensorSpec(t.name(), t.dtype(), t.shape()));
            data.put(file.data(t));
        }
        SafeTensors.write(path, specs, data.flip(), metadata);
    }

    /** It had been read into a layout of another size and failed as "damaged checkpoint metadata: null". */
    @Test
    void tensorsThatDoNotFitTheConfigAreNamedWithTheShapeTheConfigExpects() throws Exception {
        Path ckpt = dir.resolve("run.ckpt.safetensors");
        String wider = ModelFile.configJson(VaeConfig.symmetric(2, 2, List.of(5), 1));

        assertThatThrownBy(() -> Checkpoint.read(write(ckpt, wider)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(ckpt.toString())
                        + ": tensor '.+' has shape \\[.*\\] but the config expects \\[.*5.*\\]");
    }

    @Test
    void aModelFileIsRefusedAsAUsageErrorNamingTheSettingThatMakesCheckpoints() throws Exception {
        Path model = dir.resolve("m.safetensors");
        ModelFile.write(model, TINY, new float[ParameterLayout.of(TINY).size()], Map.of());

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
