package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.latentatlas.io.Crafted.entry;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule the reader enforces; each crafts the bad bytes and checks the message says why. */
class SafeTensorsRejectionTest {

    private static final String GOOD = entry("w", "F32", "[2]", 0, 8);

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] file) {
        return assertThatThrownBy(() -> SafeTensors.read(file, "bad.safetensors"))
                .isInstanceOf(SafeTensorsException.class)
                .hasMessageStartingWith("bad.safetensors: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String header, int dataBytes) {
        return assertRejected(Crafted.file(header, dataBytes));
    }

    // ---------------------------------------------------------------- prefix

    @Test
    void rejectsAFileShorterThanTheLengthPrefix() {
        assertRejected(new byte[5]).hasMessage(
                "bad.safetensors: file is 5 bytes, shorter than the 8-byte header length that starts every"
                        + " safetensors file");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() {
        assertRejected(Crafted.withPrefix(1000, new byte[10])).hasMessage(
                "bad.safetensors: header length 1000 bytes is beyond the end of the file (only 10 bytes follow the"
                        + " 8-byte length)");
    }

    @Test
    void rejectsAHeaderLengthOverThe100MbLimit() {
        assertRejected(Crafted.withPrefix(100L * 1024 * 1024 + 1, new byte[10])).hasMessage(
                "bad.safetensors: header length 104857601 bytes is over the limit of 104857600 bytes (100 MB)");
    }

    /** A CSV, a report or an image given where a model goes: say what it is, not only the length its bytes make. */
    @Test
    void aFileOfAnotherKindIsRejectedSayingWhatItLooksLike() {
        byte[] csv = "index,label,class,x,y\n0,1,\"1\",0.5,0.2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertRejected(csv).hasMessageStartingWith("bad.safetensors: not a safetensors file: it begins with text"
                + " ('index,la…') (read as a header length, its first 8 bytes give ");
        byte[] json = "{\"schema\": \"atlas.evaluation/1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertRejected(json).hasMessageContaining("it begins with text ('{\"schema…'), like JSON");
        assertRejected(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0})
                .hasMessageContaining("not a safetensors file: it is a PNG image");
        assertRejected(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0})
                .hasMessageContaining("not a safetensors file: it is gzip-compressed");
    }

    @Test
    void aDirectoryIsRejectedAsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> SafeTensors.read(dir)).isInstanceOf(SafeTensorsException.class)
                .hasMessage(dir + ": is a directory, not a safetensors file");
    }

    @Test
    void rejectsAHeaderLengthWithTheTopBitSetAsUnsigned() {
        assertRejected(Crafted.withPrefix(-1L, new byte[10]))
                .hasMessageContaining("header length 18446744073709551615 bytes is over the limit");
    }

    @Test
    void aHugeDeclaredHeaderOnATinyFileAllocatesNothingLikeIt(@TempDir Path dir) throws Exception {
        long declared = 99L * 1024 * 1024; // under the limit, so only the file size stops it
        byte[] tiny = Crafted.withPrefix(declared, "{}".getBytes());
        Path path = dir.resolve("tiny.safetensors");
        Files.write(path, tiny);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> SafeTensors.read(tiny, "tiny")).hasMessageContaining("beyond the end of the file");
        assertThatThrownBy(() -> SafeTensors.read(path)).hasMessageContaining("beyond the end of the file");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).isLessThan(declared / 10);
    }

    // ---------------------------------------------------------------- header text

    @Test
    void rejectsAHeaderThatIsNotUtf8() {
        byte[] header = {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertRejected(Crafted.withPrefix(header.length, header))
                .hasMessage("bad.safetensors: header is not valid UTF-8 (bad byte sequence at header byte 3)");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() {
        assertRejected("{\"w\": {\"dtype\": F32}}", 0)
                .hasMessageStartingWith("bad.safetensors: header is not valid JSON: Unrecognized token 'F32'")
                .hasMessageContaining("(line 1, column");
    }

    @Test
    void rejectsATruncatedHeader() {
        assertRejected("{" + GOOD, 8).hasMessageStartingWith("bad.safetensors: header is not valid JSON: ")
                .hasMessageContaining("end-of-input")
                .as("where Jackson's parser started names its settings, not the file")
                .hasMessageNotContaining("[Source").hasMessageNotContaining("StreamReadFeature");
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertRejected("{\"w\":" + deep + "}", 0)
                .hasMessageStartingWith("bad.safetensors: header is not valid JSON: ")
                .hasMessageContaining("nesting depth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "   "})
    void rejectsAHeaderThatIsNotAJsonObject(String header) {
        assertRejected(header, 0).hasMessageContaining("header must be a JSON object, got ");
    }

    @Test
    void rejectsMoreJsonAfterTheHeaderObject() {
        assertRejected("{}{}", 0)
                .hasMessage("bad.safetensors: header has more JSON after its object (only spaces may follow it)");
    }

    // ---------------------------------------------------------------- entries

    @Test
    void rejectsAnEntryThatIsNotAnObject() {
        assertRejected("{\"w\": [1, 2]}", 0).hasMessage(
                "bad.safetensors: tensor 'w' must be a JSON object {dtype, shape, data_offsets}, got array [1,2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtype", "shape", "data_offsets"})
    void rejectsAnEntryMissingAField(String field) {
        String header = GOOD.replaceAll("\"" + field + "\":(\"F32\"|\\[[0-9,]*\\]),?", "").replace(",}", "}");
        assertRejected("{" + header + "}", 8).hasMessage(
                "bad.safetensors: tensor 'w' is missing \"" + field + "\" (expected dtype, shape, data_offsets)");
    }

    @Test
    void rejectsAnEntryWithAnUnknownField() {
        assertRejected("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"strides\":[1]}}", 8)
                .hasMessage("bad.safetensors: tensor 'w' has unknown field 'strides' (expected dtype, shape,"
                        + " data_offsets)");
    }

    @Test
    void rejectsAnUnknownDtype() {
        assertRejected("{" + entry("w", "F8", "[2]", 0, 2) + "}", 2).hasMessage(
                "bad.safetensors: tensor 'w' has unknown dtype 'F8' (known: " + DType.known() + ")");
    }

    @Test
    void rejectsADtypeThatIsNotAString() {
        assertRejected("{\"w\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8)
                .hasMessage("bad.safetensors: tensor 'w' dtype must be a string, got number 4");
    }

    @Test
    void rejectsANegativeDimension() {
        assertRejected("{" + entry("w", "F32", "[2, -3]", 0, 8) + "}", 8)
                .hasMessage("bad.safetensors: tensor 'w' shape [2,-3] has a negative value -3");
    }

    @Test
    void rejectsAShapeWhoseByteCountOverflows() {
        assertRejected("{" + entry("w", "F32", "[4294967296, 4294967296]", 0, 8) + "}", 8).hasMessage(
                "bad.safetensors: tensor 'w' shape [4294967296, 4294967296] of F32 is too large: its byte count"
                        + " overflows 64 bits");
    }

    @Test
    void rejectsADimensionBeyond64Bits() {
        assertRejected("{" + entry("w", "F32", "[18446744073709551616]", 0, 8) + "}", 8)
                .hasMessage("bad.safetensors: tensor 'w' shape value 18446744073709551616 overflows 64 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[2.0]", "[\"2\"]", "[null]", "2"})
    void rejectsAShapeThatIsNotAnArrayOfIntegers(String shape) {
        assertRejected("{" + entry("w", "F32", shape, 0, 8) + "}", 8)
                .hasMessageMatching("bad\\.safetensors: tensor 'w' shape must (be an array of|hold) integers, got .*");
    }

    @Test
    void rejectsAByteCountThatDisagreesWithTheShape() {
        assertRejected("{" + entry("w", "F32", "[2, 2]", 0, 12) + "}", 12).hasMessage(
                "bad.safetensors: tensor 'w' has 12 bytes (data_offsets [0, 12]) but shape [2, 2] of F32 needs 16");
    }

    @Test
    void rejectsOffsetsThatEndBeforeTheyBegin() {
        assertRejected("{" + entry("w", "F32", "[0]", 8, 4) + "}", 8)
                .hasMessage("bad.safetensors: tensor 'w' data_offsets [8, 4] end before they begin");
    }

    @Test
    void rejectsDataOffsetsThatAreNotAPair() {
        assertRejected("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", 8)
                .hasMessage("bad.safetensors: tensor 'w' data_offsets must be [begin, end], got 3 numbers [0, 4, 8]");
    }

    // ---------------------------------------------------------------- layout

    @Test
    void rejectsOffsetsThatDoNotStartAtZero() {
        assertRejected("{" + entry("w", "F32", "[2]", 4, 12) + "}", 12).hasMessage(
                "bad.safetensors: tensor data must start at offset 0, but the first tensor 'w' begins at 4");
    }

    @Test
    void rejectsAGapBetweenTensors() {
        assertRejected("{" + GOOD + "," + entry("b", "F32", "[1]", 12, 16) + "}", 16).hasMessage(
                "bad.safetensors: tensor data must be contiguous, but 'w' ends at 8 and the next tensor 'b' begins"
                        + " at 12");
    }

    @Test
    void rejectsOverlappingTensors() {
        assertRejected("{" + GOOD + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12)
                .hasMessage("bad.safetensors: tensors 'w' [0, 8] and 'b' [4, 12] overlap");
    }

    @Test
    void rejectsTrailingBytesAfterTheTensorData() {
        assertRejected("{" + GOOD + "}", 11).hasMessage("bad.safetensors: 3 trailing bytes after the tensor data"
                + " (tensors end at byte 8 of the data section, the file has 11)");
    }

    @Test
    void rejectsTensorDataBeyondTheEndOfTheFile() {
        assertRejected("{" + GOOD + "}", 5).hasMessage("bad.safetensors: tensor data ends at byte 8 of the data"
                + " section, beyond the end of the file (which has 5 data bytes)");
    }

    // ---------------------------------------------------------------- duplicates and metadata

    @Test
    void rejectsDuplicateTensorNamesThatJacksonWouldSilentlyMerge() {
        assertRejected("{" + GOOD + "," + entry("w", "F32", "[2]", 8, 16) + "}", 16)
                .hasMessage("bad.safetensors: duplicate tensor name 'w' in the header");
    }

    @Test
    void rejectsADuplicateFieldInsideAnEntry() {
        assertRejected("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)
                .hasMessage("bad.safetensors: tensor 'w' has duplicate key 'dtype'");
    }

    @Test
    void rejectsADuplicateMetadataKey() {
        assertRejected("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0)
                .hasMessage("bad.safetensors: __metadata__ has duplicate key 'a'");
    }

    @Test
    void rejectsMetadataDeclaredTwice() {
        assertRejected("{\"__metadata__\":{},\"__metadata__\":{}}", 0)
                .hasMessage("bad.safetensors: __metadata__ appears twice in the header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "null", "{\"x\":1}", "[\"x\"]"})
    void rejectsMetadataValuesThatAreNotStrings(String value) {
        assertRejected("{\"__metadata__\":{\"atlas.format\":" + value + "}}", 0)
                .hasMessageStartingWith("bad.safetensors: __metadata__ value for 'atlas.format' must be a string,"
                        + " got ");
    }

    @Test
    void rejectsMetadataThatIsNotAnObject() {
        assertRejected("{\"__metadata__\":[\"a\"]}", 0)
                .hasMessage("bad.safetensors: __metadata__ must be a JSON object of strings, got array [\"a\"]");
    }

    @Test
    void keepsMessagesOnOneLineWhateverTheNames() {
        assertRejected("{" + entry("evil\\nname", "F8", "[1]", 0, 1) + "}", 1)
                .hasMessageContaining("tensor 'evil\\u000aname' has unknown dtype");
    }

    @Test
    void namesTheFileWhenItCannotBeOpened(@TempDir Path dir) {
        Path missing = dir.resolve("missing.safetensors");
        assertThatThrownBy(() -> SafeTensors.read(missing)).isInstanceOf(SafeTensorsException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }
}
