package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.latentatlas.io.ModelFileTest.CONFIG;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.io.SafeTensors.TensorSpec;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.VaeConfig;

/** Well-formed safetensors files that are still not a model this code can run. */
class ModelFileRejectionTest {

    private static final String CONFIG_JSON = ModelFile.configJson(CONFIG);

    private static List<TensorSpec> specs(VaeConfig config) {
        List<TensorSpec> specs = new ArrayList<>();
        for (ParameterLayout.Slot s : ParameterLayout.of(config).slots()) {
            specs.add(TensorSpec.f32(s.name(), s.shape().stream().mapToInt(Integer::intValue).toArray()));
        }
        return specs;
    }

    /** Tensors as given, filled with small finite values, under the given metadata. */
    private static byte[] file(List<TensorSpec> specs, Map<String, String> metadata) {
        long bytes = specs.stream().mapToLong(TensorSpec::byteCount).sum();
        ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (data.remaining() >= 4) {
            data.putFloat(0.25f);
        }
        return SafeTensors.toBytes(specs, data.clear(), metadata);
    }

    private static byte[] withMetadata(Map<String, String> metadata) {
        return file(specs(CONFIG), metadata);
    }

    private static byte[] withTensors(UnaryOperator<List<TensorSpec>> edit) {
        Map<String, String> metadata = Map.of("atlas.format", "1", "atlas.model", CONFIG_JSON);
        return file(edit.apply(new ArrayList<>(specs(CONFIG))), metadata);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] file) {
        return assertThatThrownBy(() -> ModelFile.read(file, "m.safetensors"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("m.safetensors: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void rejectsAnotherSafetensorsFileThatHasNoAtlasModel() {
        assertRejected(withMetadata(Map.of("format", "pt"))).hasMessage("m.safetensors: not a Latent Atlas model"
                + " file (no atlas.model metadata): it may be another safetensors file");
    }

    @Test
    void rejectsAModelWithoutAFormatVersion() {
        assertRejected(withMetadata(Map.of("atlas.model", CONFIG_JSON)))
                .hasMessage("m.safetensors: no atlas.format metadata (expected \"1\")");
    }

    @Test
    void rejectsAnUnsupportedFormatVersion() {
        assertRejected(withMetadata(Map.of("atlas.format", "2", "atlas.model", CONFIG_JSON))).hasMessage(
                "m.safetensors: unsupported atlas.format '2' (this version reads format 1; the file may come from"
                        + " a newer Latent Atlas)");
    }

    /**
     * A checkpoint holds a model too, and its optimizer tensors would be the first complaint: it is named as what it
     * is, a usage error, and the command to continue its run is left to the CLI, which io does not know.
     */
    @Test
    void rejectsACheckpointAsOneAndLeavesHowToContinueItsRunToTheCaller() {
        Map<String, String> checkpoint = Map.of("atlas.format", "1", "atlas.model", CONFIG_JSON,
                ModelFile.CHECKPOINT_KEY, "{}");
        assertRejected(withMetadata(checkpoint))
                .hasMessage("m.safetensors: this is a training checkpoint, not a model file")
                .isInstanceOfSatisfying(ModelFileException.class, e -> {
                    assertThat(e.isSetting()).as("the command line named the wrong file").isTrue();
                    assertThat(e.isCheckpointGiven()).isTrue();
                    assertThat(e.source()).isEqualTo("m.safetensors");
                });
        assertRejected(withMetadata(Map.of("format", "pt"))).isInstanceOfSatisfying(ModelFileException.class,
                e -> assertThat(e.isCheckpointGiven()).isFalse());
    }

    @Test
    void rejectsAConfigThatIsNotJson() {
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", "{latentDim: 2")))
                .hasMessageStartingWith("m.safetensors: __metadata__ \"atlas.model\" is not valid JSON: Unexpected"
                        + " character");
    }

    /** Jackson named its mapper and feature here ("bound as `JsonNode` ... FAIL_ON_TRAILING_TOKENS"). */
    @Test
    void rejectsAConfigWithMoreJsonAfterItOrNoneInTheFilesWords() {
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", CONFIG_JSON + " {}"))).hasMessageMatching(
                "m\\.safetensors: __metadata__ \"atlas\\.model\" is not valid JSON: more JSON follows its value"
                        + " \\(column \\d+\\)");
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", " "))).hasMessage(
                "m.safetensors: __metadata__ \"atlas.model\" is not valid JSON: it is empty");
    }

    @Test
    void rejectsAConfigThatFailsItsOwnValidationWithTheRecordsMessage() {
        String badLatent = CONFIG_JSON.replace("\"latentDim\":2", "\"latentDim\":0");
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", badLatent))).hasMessage(
                "m.safetensors: __metadata__ \"atlas.model\" → latentDim: latent dim must be in 1..512, got 0");
    }

    @Test
    void rejectsAConfigWithAMissingField() {
        String missing = CONFIG_JSON.replace("\"latentDim\":2,", "");
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", missing)))
                .hasMessage("m.safetensors: __metadata__ \"atlas.model\" → latentDim: missing, expected a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2\"", "2.5", "null"})
    void rejectsAConfigFieldThatOnlyFitsByCoercion(String value) {
        String coerced = CONFIG_JSON.replace("\"latentDim\":2", "\"latentDim\":" + value);
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", coerced))).hasMessage(
                "m.safetensors: __metadata__ \"atlas.model\" → latentDim: got " + value + ", expected a whole number");
    }

    @Test
    void rejectsAConfigWithANullHiddenWidth() {
        String nullWidth = CONFIG_JSON.replace("\"encoderHidden\":[8,5]", "\"encoderHidden\":[8,null]");
        assertRejected(withMetadata(Map.of("atlas.format", "1", "atlas.model", nullWidth))).hasMessage(
                "m.safetensors: __metadata__ \"atlas.model\" → encoderHidden[1]: got null, expected a whole number");
    }

    @Test
    void rejectsAMissingTensorNamingItAndItsShape() {
        assertRejected(withTensors(s -> {
            s.removeIf(t -> t.name().equals("logvar.bias"));
            return s;
        })).hasMessage("m.safetensors: tensor 'logvar.bias' is missing (the config expects shape [2])");
    }

    @Test
    void rejectsAnUnexpectedExtraTensor() {
        assertRejected(withTensors(s -> {
            s.add(TensorSpec.f32("decoder.6.weight", 3, 4));
            return s;
        })).hasMessage("m.safetensors: unexpected tensor 'decoder.6.weight' with shape [3, 4] (the config has no"
                + " such tensor)");
    }

    @Test
    void rejectsAShapeThatDiffersFromTheConfigNamingBoth() {
        assertRejected(withTensors(s -> {
            s.replaceAll(t -> t.name().equals("encoder.0.weight") ? TensorSpec.f32(t.name(), 12, 8) : t);
            return s;
        })).hasMessage("m.safetensors: tensor 'encoder.0.weight' has shape [12, 8] but the config expects [8, 12]");
    }

    @Test
    void rejectsADtypeOtherThanF32() {
        assertRejected(withTensors(s -> {
            s.replaceAll(t -> t.name().equals("mu.bias") ? new TensorSpec(t.name(), DType.F16, t.shape()) : t);
            return s;
        })).hasMessage("m.safetensors: tensor 'mu.bias' has dtype F16, but model files hold F32 only");
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void neverLoadsAModelWithANonFiniteWeight(float bad) {
        byte[] file = ModelFile.toBytes(CONFIG, ModelFileTest.parameters(CONFIG), Map.of());
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        int biasOffset = layout.fileOffset(layout.slot("decoder.4.bias")); // (12): the last tensor
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(file.length - 4 * (CONFIG.parameterCount() - biasOffset - 7), bad);

        assertRejected(file).hasMessage("m.safetensors: tensor 'decoder.4.bias' holds a non-finite value " + bad
                + " at [7]; a model with NaN/Inf weights is never loaded");
    }

    @Test
    void reportsFormatErrorsAsModelFileErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("cut.safetensors");
        byte[] whole = ModelFile.toBytes(CONFIG, ModelFileTest.parameters(CONFIG), Map.of());
        Files.write(path, java.util.Arrays.copyOf(whole, whole.length - 4));

        assertThatThrownBy(() -> ModelFile.read(path)).isInstanceOf(ModelFileException.class)
                .hasCauseInstanceOf(SafeTensorsException.class)
                .hasMessageStartingWith(path + ": tensor data ends at byte ")
                .hasMessageContaining("beyond the end of the file");
    }

    @Test
    void reportsAMissingFileAsAModelFileError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.safetensors");
        assertThatThrownBy(() -> ModelFile.read(missing)).isInstanceOf(ModelFileException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }

    @Test
    void rejectsAConfigTooLargeForTheFileWithoutAllocatingIt() {
        // A few bytes of metadata claiming a model of ~1e9 floats: shapes are checked before the array exists.
        VaeConfig huge = VaeConfig.symmetric(128, 128, List.of(16_384, 16_384), 512);
        byte[] file = withMetadata(Map.of("atlas.format", "1", "atlas.model", ModelFile.configJson(huge)));

        assertRejected(file).hasMessage("m.safetensors: tensor 'encoder.0.weight' has shape [8, 12] but the config"
                + " expects [16384, 16384]");
    }
}
