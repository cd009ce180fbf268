package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile.LoadedModel;
import org.latentatlas.io.SafeTensors.Contents;
import org.latentatlas.io.SafeTensors.TensorEntry;
import org.latentatlas.io.SafeTensors.TensorSpec;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.VaeConfig;

/** A model survives the trip to disk exactly, and the file is what PyTorch expects. */
class ModelFileTest {

    static final VaeConfig CONFIG = VaeConfig.symmetric(4, 3, List.of(8, 5), 2);
    static final Map<String, String> METADATA = Map.of(
            "atlas.training", "{\"epochs\":3,\"elbo\":-91.5}",
            "atlas.dataset", "{\"name\":\"digits\",\"sha256\":\"ab12\"}");

    /**
     * Seeded values plus the awkward ones a bit-exact round trip must keep: -0, subnormals, extremes; in memory
     * order.
     */
    static float[] parameters(VaeConfig config) {
        float[] p = new float[config.parameterCount()]; // in the file's order, made the memory's below
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextGaussian();
        }
        p[0] = -0.0f;
        p[1] = Float.MIN_VALUE;
        p[2] = -Float.MAX_VALUE;
        p[3] = Float.intBitsToFloat(0x007f_ffff);
        return ParameterLayout.of(config).toMemoryOrder(p);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void roundTripGivesAnEqualConfigBitIdenticalParametersAndTheMetadata(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("m.safetensors");
        float[] written = parameters(CONFIG);

        ModelFile.write(path, CONFIG, written, METADATA);
        LoadedModel read = ModelFile.read(path);

        assertThat(read.config()).isEqualTo(CONFIG);
        assertThat(bits(read.parameters())).isEqualTo(bits(written));
        Map<String, String> expected = new TreeMap<>(METADATA);
        expected.put("atlas.format", "1");
        expected.put("atlas.model", ModelFile.configJson(CONFIG));
        assertThat(read.metadata()).isEqualTo(expected);
    }

    @Test
    void toBytesIsExactlyWhatWriteStores(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("m.safetensors");
        ModelFile.write(path, CONFIG, parameters(CONFIG), METADATA);

        assertThat(Files.readAllBytes(path)).isEqualTo(ModelFile.toBytes(CONFIG, parameters(CONFIG), METADATA));
    }

    @Test
    void sameInputsGiveIdenticalBytes() {
        byte[] a = ModelFile.toBytes(CONFIG, parameters(CONFIG), METADATA);
        byte[] b = ModelFile.toBytes(CONFIG, parameters(CONFIG), new TreeMap<>(METADATA));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void theDataSectionIsTheFlatArrayInFileOrderAsLittleEndianBytes() throws Exception {
        float[] p = parameters(CONFIG);
        byte[] file = ModelFile.toBytes(CONFIG, p, Map.of());
        int bytes = CONFIG.parameterCount() * 4; // the memory order's head is not written

        ByteBuffer expected = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        expected.asFloatBuffer().put(ParameterLayout.of(CONFIG).toFileOrder(p));
        int dataStart = file.length - bytes;

        assertThat(ByteBuffer.wrap(file, dataStart, bytes)).isEqualTo(expected);
        assertThat(dataStart % 8).isZero();
    }

    @Test
    void tensorsAreNamedAndShapedLikeThePyTorchModule() throws Exception {
        Contents file = SafeTensors.read(ModelFile.toBytes(CONFIG, parameters(CONFIG), Map.of()), "m");

        assertThat(file.tensors()).extracting(TensorEntry::name).containsExactly(
                "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "mu.weight", "mu.bias", "logvar.weight", "logvar.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias",
                "decoder.4.weight", "decoder.4.bias");
        assertThat(file.tensor("encoder.0.weight").orElseThrow().shape()).containsExactly(8L, 12L);
        assertThat(file.tensor("decoder.4.weight").orElseThrow().shape()).containsExactly(12L, 8L);
        assertThat(file.tensors()).allMatch(t -> t.dtype() == DType.F32);
    }

    @Test
    void atlasModelHoldsTheConfigAsPlainJson() {
        assertThat(ModelFile.configJson(CONFIG)).isEqualTo("{\"inputDim\":12,\"imageHeight\":4,\"imageWidth\":3,"
                + "\"encoderHidden\":[8,5],\"latentDim\":2,\"decoderHidden\":[5,8],\"likelihood\":\"bernoulli\","
                + "\"activation\":\"relu\"}");
    }

    @Test
    void readsTensorsByNameWhateverTheirOrderInTheFile() throws Exception {
        // PyTorch's safetensors writer orders tensors its own way; each must still land at its own offset.
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        float[] p = layout.toFileOrder(parameters(CONFIG));
        List<ParameterLayout.Slot> sorted = new ArrayList<>(layout.slots());
        sorted.sort(Comparator.comparing(ParameterLayout.Slot::name).reversed());
        List<TensorSpec> specs = new ArrayList<>();
        ByteBuffer data = ByteBuffer.allocate(p.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (ParameterLayout.Slot s : sorted) {
            specs.add(TensorSpec.f32(s.name(), s.shape().stream().mapToInt(Integer::intValue).toArray()));
            for (int i = layout.fileOffset(s); i < layout.fileOffset(s) + s.length(); i++) {
                data.putFloat(p[i]);
            }
        }
        byte[] file = SafeTensors.toBytes(specs, data.flip(), Map.of("atlas.format", "1",
                "atlas.model", ModelFile.configJson(CONFIG)));

        assertThat(bits(layout.toFileOrder(ModelFile.read(file, "torch.safetensors").parameters()))).isEqualTo(bits(p));
    }

    /** In memory the data layer's weight is input-major; in the file it is (out, in), as PyTorch's nn.Linear has it. */
    @Test
    void theDataLayersWeightIsWrittenOutByInAsPyTorchHasIt(@TempDir Path tmp) throws Exception {
        ParameterLayout layout = ParameterLayout.of(CONFIG);
        ParameterLayout.Slot w = layout.slot("encoder.0.weight");
        int out = w.shape().get(0);
        int in = w.shape().get(1);
        float[] p = new float[layout.size()];
        for (int i = layout.head(); i < p.length; i++) {
            p[i] = i; // every value tells where it was in memory (the head is no tensor's, and stays zero)
        }
        Path path = tmp.resolve("layout.safetensors");
        ModelFile.write(path, CONFIG, p, Map.of());

        Contents contents = SafeTensors.read(path);
        FloatBuffer tensor = contents.data(contents.tensor("encoder.0.weight").orElseThrow()).asFloatBuffer();
        assertThat(w.transposed()).isTrue();
        for (int o : new int[] {0, 1, out - 1}) {
            for (int i : new int[] {0, 1, in - 1}) {
                // file [o, i] = memory (in, out)'s [i, o]
                assertThat(tensor.get(o * in + i)).isEqualTo((float) (w.offset() + i * out + o));
                assertThat(w.memoryIndex(o * in + i)).isEqualTo(w.offset() + i * out + o);
            }
        }
        assertThat(ModelFile.read(path).parameters()).containsExactly(p);
    }

    @Test
    void aLoadedModelsMetadataCanBeWrittenAgain() throws Exception {
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(CONFIG, parameters(CONFIG), METADATA), "m");

        byte[] again = ModelFile.toBytes(loaded.config(), loaded.parameters(), loaded.metadata());

        assertThat(again).isEqualTo(ModelFile.toBytes(CONFIG, parameters(CONFIG), METADATA));
    }

    @Test
    void refusesMetadataThatContradictsTheConfig() {
        VaeConfig other = VaeConfig.symmetric(4, 3, List.of(8), 2);
        Map<String, String> lying = Map.of("atlas.model", ModelFile.configJson(other));

        assertThatThrownBy(() -> ModelFile.toBytes(CONFIG, parameters(CONFIG), lying))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metadata 'atlas.model' is written from the arguments as ");
    }

    @Test
    void refusesToWriteAnArrayThatDoesNotFitTheConfig() {
        assertThatThrownBy(() -> ModelFile.toBytes(CONFIG, new float[10], Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config has " + CONFIG.parameterCount() + " parameters, "
                        + ParameterLayout.of(CONFIG).size() + " floats in memory order; got an array of 10");
    }

    @Test
    void refusesToWriteNonFiniteWeightsItCouldNeverReadBack() {
        float[] p = parameters(CONFIG);
        p[ParameterLayout.of(CONFIG).weightOffset("mu") + 5 * 1 + 3] = Float.NaN; // mu.weight is (2, 5)

        assertThatThrownBy(() -> ModelFile.toBytes(CONFIG, p, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to write a model that could not be read back: tensor 'mu.weight' holds NaN"
                        + " at [1, 3]");
    }
}
