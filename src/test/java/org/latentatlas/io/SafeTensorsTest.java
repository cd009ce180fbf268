package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.io.SafeTensors.Contents;
import org.latentatlas.io.SafeTensors.TensorEntry;
import org.latentatlas.io.SafeTensors.TensorSpec;

/** The format itself: what the writer produces and that the reader gives back exactly that. */
class SafeTensorsTest {

    private static final List<TensorSpec> TWO_TENSORS = List.of(
            TensorSpec.f32("layer.weight", 2, 3),
            new TensorSpec("layer.steps", DType.I64, List.of(2L)));

    private static ByteBuffer twoTensorData() {
        ByteBuffer data = ByteBuffer.allocate(2 * 3 * 4 + 2 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            data.putFloat(i * 0.5f - 1);
        }
        data.putLong(7).putLong(-1);
        return data.flip();
    }

    @Test
    void roundTripGivesBackEveryTensorItsBytesAndTheMetadata() throws Exception {
        byte[] file = SafeTensors.toBytes(TWO_TENSORS, twoTensorData(), Map.of("k", "v", "ünï", "ç\n\"ode"));

        Contents read = SafeTensors.read(file, "t.safetensors");

        assertThat(read.tensors()).containsExactly(
                new TensorEntry("layer.weight", DType.F32, List.of(2L, 3L), 0, 24),
                new TensorEntry("layer.steps", DType.I64, List.of(2L), 24, 40));
        assertThat(read.metadata()).isEqualTo(Map.of("k", "v", "ünï", "ç\n\"ode"));
        assertThat(read.data(read.tensor("layer.weight").orElseThrow()).getFloat(4 * 5)).isEqualTo(1.5f);
        assertThat(read.data(read.tensor("layer.steps").orElseThrow()).getLong(8)).isEqualTo(-1L);
    }

    @Test
    void theDataSectionIsTheGivenBytesRightAfterThePaddedHeader() throws Exception {
        byte[] file = SafeTensors.toBytes(TWO_TENSORS, twoTensorData(), Map.of());

        long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ByteBuffer data = ByteBuffer.wrap(file, 8 + (int) headerLength, file.length - 8 - (int) headerLength);

        assertThat(data).isEqualTo(twoTensorData());
    }

    @Test
    void sameInputsGiveIdenticalBytesWhateverTheMetadataMapOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("key" + i, "value" + i);
            backward.put("key" + (19 - i), "value" + (19 - i));
        }

        byte[] a = SafeTensors.toBytes(TWO_TENSORS, twoTensorData(), forward);
        byte[] b = SafeTensors.toBytes(TWO_TENSORS, twoTensorData(), backward);
        byte[] c = SafeTensors.toBytes(TWO_TENSORS, twoTensorData(), new HashMap<>(forward));

        assertThat(a).isEqualTo(b).isEqualTo(c);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void headerIsPaddedWithSpacesToAMultipleOf8(int valueLength) {
        byte[] file = SafeTensors.toBytes(TWO_TENSORS, twoTensorData(), Map.of("k", "x".repeat(valueLength)));

        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);

        assertThat(n % 8).isZero();
        assertThat(header).startsWith("{").matches("(?s)\\{.*\\} {0,7}");
    }

    @Test
    void writesMetadataFirstAndTensorsInTheGivenOrder() {
        byte[] file = SafeTensors.toBytes(List.of(TensorSpec.f32("b", 1), TensorSpec.f32("a", 1)),
                ByteBuffer.allocate(8), Map.of("m", "1"));
        String header = new String(file, 8, file.length - 16, StandardCharsets.UTF_8).strip();

        assertThat(header).isEqualTo("{\"__metadata__\":{\"m\":\"1\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}");
    }

    @Test
    void aFileWithNoTensorsAndNoMetadataIsValid() throws Exception {
        Contents read = SafeTensors.read(SafeTensors.toBytes(List.of(), ByteBuffer.allocate(0), Map.of()), "e");

        assertThat(read.tensors()).isEmpty();
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void readerAcceptsTensorsListedInAnyOrderAndReportsThemByOffset() throws Exception {
        String header = "{" + Crafted.entry("second", "U8", "[2]", 4, 6) + ","
                + Crafted.entry("first", "F16", "[2]", 0, 4) + "}";

        Contents read = SafeTensors.read(Crafted.file(header, 6), "x");

        assertThat(read.tensors()).extracting(TensorEntry::name).containsExactly("first", "second");
    }

    @Test
    void zeroSizedTensorsMayShareAnOffset() throws Exception {
        String header = "{" + Crafted.entry("a", "F32", "[0]", 0, 0) + "," + Crafted.entry("b", "F32", "[0, 5]", 0, 0)
                + "," + Crafted.entry("c", "F32", "[1]", 0, 4) + "}";

        assertThat(SafeTensors.read(Crafted.file(header, 4), "x").tensors()).hasSize(3);
    }

    @Test
    void knowsTheSizeOfEveryCommonDtype() {
        assertThat(DType.F32.byteSize()).isEqualTo(4);
        assertThat(DType.F16.byteSize()).isEqualTo(2);
        assertThat(DType.BF16.byteSize()).isEqualTo(2);
        assertThat(DType.F64.byteSize()).isEqualTo(8);
        assertThat(DType.I64.byteSize()).isEqualTo(8);
        assertThat(DType.I32.byteSize()).isEqualTo(4);
        assertThat(DType.U8.byteSize()).isEqualTo(1);
        assertThat(DType.parse("F8_E4M3")).isEmpty();
    }

    @Test
    void readingAPathGivesTheSameAsReadingItsBytes(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("two.safetensors");
        SafeTensors.write(path, TWO_TENSORS, twoTensorData(), Map.of("k", "v"));

        Contents fromPath = SafeTensors.read(path);
        Contents fromBytes = SafeTensors.read(Files.readAllBytes(path), path.toString());

        assertThat(fromPath.tensors()).isEqualTo(fromBytes.tensors());
        assertThat(fromPath.metadata()).isEqualTo(fromBytes.metadata());
        assertThat(fromPath.data(fromPath.tensors().get(1))).isEqualTo(fromBytes.data(fromBytes.tensors().get(1)));
        assertThat(fromPath.source()).isEqualTo(path.toString());
    }

    @Test
    void writerRejectsARepeatedTensorName() {
        assertThatThrownBy(() -> SafeTensors.toBytes(List.of(TensorSpec.f32("a", 1), TensorSpec.f32("a", 1)),
                ByteBuffer.allocate(8), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tensor name 'a' appears twice");
    }

    @Test
    void writerRejectsDataOfTheWrongLength() {
        assertThatThrownBy(() -> SafeTensors.toBytes(TWO_TENSORS, ByteBuffer.allocate(39), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the tensors' shapes need 40 bytes of data, got 39");
    }

    @Test
    void writerRejectsANegativeDimensionAndTheMetadataKeyAsATensorName() {
        assertThatThrownBy(() -> new TensorSpec("w", DType.F32, List.of(2L, -1L)))
                .hasMessage("tensor 'w' has a negative dimension: [2, -1]");
        assertThatThrownBy(() -> TensorSpec.f32("__metadata__", 1)).hasMessageContaining("not __metadata__");
    }
}
