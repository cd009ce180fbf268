package org.latentatlas.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: {@code u64 little-endian N}, N bytes of UTF-8 JSON header, then the
 * raw little-endian tensor bytes. The header maps each tensor name to
 * {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} (offsets relative to the data section) and
 * may hold {@code "__metadata__"}, a string-to-string map.
 *
 * <p>The reader trusts nothing in the file: every declared length is checked against the file's real size
 * before anything is allocated, so a hostile or truncated file costs at most its own size in memory.
 */
public final class SafeTensors {

    /** Longest header accepted; real headers are kilobytes, and this bounds what a header may allocate. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The header key that holds string metadata rather than a tensor. */
    public static final String METADATA_KEY = "__metadata__";

    static final int PREFIX_BYTES = 8;
    // Jackson's default string limit (20 M chars) is below the header limit; raising it means any header the
    // writer can produce, the reader can read back.
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength((int) MAX_HEADER_BYTES)
                    .maxNameLength((int) MAX_HEADER_BYTES)
                    .build())
            .build()).build();

    private SafeTensors() {
    }

    /** A tensor to write: its name, element type and shape. Its bytes come from the data section. */
    public record TensorSpec(String name, DType dtype, List<Long> shape) {
        public TensorSpec {
            if (name == null || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name must be non-null and not " + METADATA_KEY
                        + ", got " + name);
            }
            if (dtype == null) {
                throw new IllegalArgumentException("tensor '" + name + "' needs a dtype");
            }
            shape = List.copyOf(shape);
            byteCount(name, dtype, shape);
        }

        /** An F32 tensor, the common case. */
        public static TensorSpec f32(String name, int... shape) {
            List<Long> dims = new ArrayList<>();
            for (int d : shape) {
                dims.add((long) d);
            }
            return new TensorSpec(name, DType.F32, dims);
        }

        /** Bytes this tensor occupies in the data section. */
        public long byteCount() {
            return byteCount(name, dtype, shape);
        }

        private static long byteCount(String name, DType dtype, List<Long> shape) {
            long count = dtype.byteSize();
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + shape);
                }
                try {
                    count = Math.multiplyExact(count, d);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("tensor '" + name + "' shape " + shape + " × "
                            + dtype.byteSize() + " bytes overflows 64 bits");
                }
            }
            return count;
        }
    }

    /**
     * A tensor as declared in a file that passed validation: its bytes are {@code [begin, end)} of the data
     * section.
     */
    public record TensorEntry(String name, DType dtype, List<Long> shape, long begin, long end) {
        public TensorEntry {
            shape = List.copyOf(shape);
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("tensor '" + name + "' has offsets [" + begin + ", " + end + "]");
            }
        }

        public long byteCount() {
            return end - begin;
        }
    }

    /** A validated file: its tensors in data order, its metadata, and read-only access to the bytes. */
    public static final class Contents {
        private final String source;
        private final List<TensorEntry> tensors;
        private final Map<String, String> metadata;
        private final ByteBuffer data;

        Contents(String source, List<TensorEntry> tensors, Map<String, String> metadata, ByteBuffer data) {
            this.source = source;
            this.tensors = List.copyOf(tensors);
            this.metadata = metadata;
            this.data = data.asReadOnlyBuffer();
        }

        /** The file name or source name that error messages start with. */
        public String source() {
            return source;
        }

        /** Every tensor, ordered by offset (contiguous from 0). */
        public List<TensorEntry> tensors() {
            return tensors;
        }

        public Optional<TensorEntry> tensor(String name) {
            return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
        }

        /** The {@code __metadata__} map, keys sorted; empty if the file has none. */
        public Map<String, String> metadata() {
            return metadata;
        }

        /** A tensor's bytes as a fresh read-only little-endian view (no copy). */
        public ByteBuffer data(TensorEntry tensor) {
            ByteBuffer view = data.duplicate();
            view.position(Math.toIntExact(tensor.begin())).limit(Math.toIntExact(tensor.end()));
            return view.slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates a file; see {@link SafeTensorsException} for what is rejected. */
    public static Contents read(Path path) throws SafeTensorsException {
        String source = path.toString();
        refuseDirectory(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            HeaderParser.Header parsed = readHeader(channel, source);
            long dataStart = channel.size() - parsed.dataBytes();
            ByteBuffer data = readFully(channel, dataStart, toIntLength(source, parsed.dataBytes()));
            return new Contents(source, parsed.tensors(), parsed.metadata(), data);
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafeTensorsException(source, "cannot read: " + IoErrors.describe(e), e);
        }
    }

    /**
     * The {@code __metadata__} of a file, validated like {@link #read} but without reading the tensor data: enough
     * to tell what a file is (a model, a checkpoint) at the cost of its header.
     */
    public static Map<String, String> readMetadata(Path path) throws SafeTensorsException {
        String source = path.toString();
        refuseDirectory(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(channel, source).metadata();
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafeTensorsException(source, "cannot read: " + IoErrors.describe(e), e);
        }
    }

    /** The OS would only say "Is a directory" after an open; a folder given where a file goes is a slip to name. */
    private static void refuseDirectory(Path path) throws SafeTensorsException {
        if (Files.isDirectory(path)) {
            throw new SafeTensorsException(path.toString(), "is a directory, not a safetensors file");
        }
    }

    private static HeaderParser.Header readHeader(FileChannel channel, String source) throws IOException {
        long size = channel.size();
        ByteBuffer prefix = readFully(channel, 0, (int) Math.min(PREFIX_BYTES, size));
        long headerLength = HeaderParser.checkPrefix(source, size, prefix);
        // Both lengths are now known to fit inside the file, so these allocations are bounded by its size.
        ByteBuffer header = readFully(channel, PREFIX_BYTES, (int) headerLength);
        return HeaderParser.parse(source, header, size - PREFIX_BYTES - headerLength);
    }

    /**
     * Validates bytes already in memory (an upload, a resource); {@code source} names them in errors. The
     * result views {@code bytes} without copying, so they must not change while it is in use.
     */
    public static Contents read(byte[] bytes, String source) throws SafeTensorsException {
        ByteBuffer all = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        long headerLength = HeaderParser.checkPrefix(source, bytes.length,
                all.duplicate().limit(Math.min(PREFIX_BYTES, bytes.length)));
        ByteBuffer header = all.duplicate().position(PREFIX_BYTES).limit(PREFIX_BYTES + (int) headerLength).slice();
        HeaderParser.Header parsed = HeaderParser.parse(source, header, bytes.length - PREFIX_BYTES - headerLength);
        ByteBuffer data = all.duplicate().position(PREFIX_BYTES + (int) headerLength).slice();
        return new Contents(source, parsed.tensors(), parsed.metadata(), data);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shrank while being read");
            }
        }
        return buffer.flip();
    }

    private static int toIntLength(String source, long bytes) throws SafeTensorsException {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new SafeTensorsException(source, "tensor data of " + bytes
                    + " bytes is larger than this reader can hold in memory (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) bytes;
    }

    // ---------------------------------------------------------------- writing

    /**
     * The bytes of a file holding {@code tensors}, contiguous from offset 0 in the given order, whose bytes are
     * the remaining bytes of {@code data} (its position is not changed). Metadata keys are written sorted, so
     * the same inputs always give the same bytes.
     *
     * @throws IllegalArgumentException if names repeat or the data length is not what the shapes need
     */
    public static byte[] toBytes(List<TensorSpec> tensors, ByteBuffer data, Map<String, String> metadata) {
        byte[] header = headerBytes(tensors, data.remaining(), metadata);
        ByteBuffer out = ByteBuffer.allocate(Math.addExact(PREFIX_BYTES + header.length, data.remaining()))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(data.duplicate());
        return out.array();
    }

    /** {@link #toBytes} written atomically to {@code path} (see {@link AtomicFiles#write}). */
    public static void write(Path path, List<TensorSpec> tensors, ByteBuffer data, Map<String, String> metadata)
            throws IOException {
        AtomicFiles.write(path, toBytes(tensors, data, metadata));
    }

    private static byte[] headerBytes(List<TensorSpec> tensors, long dataBytes, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            metadata.forEach(SafeTensors::requireNonNull);
            ObjectNode meta = root.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (TensorSpec t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tensor name '" + t.name() + "' appears twice");
            }
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            t.shape().forEach(shape::add);
            entry.putArray("data_offsets").add(offset).add(offset + t.byteCount());
            offset = Math.addExact(offset, t.byteCount());
        }
        if (offset != dataBytes) {
            throw new IllegalArgumentException(
                    "the tensors' shapes need " + offset + " bytes of data, got " + dataBytes);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize a tree of strings and numbers", e);
        }
        if (json.length > MAX_HEADER_BYTES - 8) {
            throw new IllegalArgumentException("header of " + json.length + " bytes is over the limit of "
                    + MAX_HEADER_BYTES + " that readers accept; is the metadata that large on purpose?");
        }
        return padded(json);
    }

    private static void requireNonNull(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("metadata keys and values must be non-null, got " + key + " = " + value);
        }
    }

    // Spaces keep the header valid JSON; a multiple of 8 puts the data on an 8-byte boundary so readers can
    // map it and view it as any dtype without copying.
    private static byte[] padded(byte[] json) {
        int length = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, length);
        Arrays.fill(out, json.length, length, (byte) ' ');
        return out;
    }
}
