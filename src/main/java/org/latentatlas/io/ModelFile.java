package org.latentatlas.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.latentatlas.io.SafeTensors.Contents;
import org.latentatlas.io.SafeTensors.TensorEntry;
import org.latentatlas.io.SafeTensors.TensorSpec;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.ParameterLayout.Slot;
import org.latentatlas.model.VaeConfig;

/**
 * A trained VAE as a safetensors file: one F32 tensor per PyTorch parameter (so {@code load_state_dict} reads
 * it), the architecture in {@code atlas.model} metadata, and whatever else the caller records
 * ({@code atlas.training}, {@code atlas.dataset}, …). A file that loads is a model that runs: every tensor the
 * config needs is there with the config's shape, nothing else is, and every weight is finite.
 */
public final class ModelFile {

    /** Metadata key for the file format version. */
    public static final String FORMAT_KEY = "atlas.format";
    /** Metadata key for the {@link VaeConfig} as JSON. */
    public static final String MODEL_KEY = "atlas.model";
    /** The format version this code writes and reads. */
    public static final String FORMAT_VERSION = "1";
    /**
     * Metadata key of a training checkpoint's state. A checkpoint holds a model's tensors and metadata too, so
     * this key is what tells the two apart: a reader can then say which one it was given.
     */
    public static final String CHECKPOINT_KEY = "atlas.checkpoint";

    /** What a safetensors file holds, by its metadata: the one rule every reader that tells them apart uses. */
    public enum Role {
        MODEL, CHECKPOINT, OTHER;

        /** A checkpoint carries a model's keys too, so its own key decides first. */
        public static Role of(Map<String, String> metadata) {
            return metadata.containsKey(CHECKPOINT_KEY) ? CHECKPOINT : metadata.containsKey(MODEL_KEY) ? MODEL : OTHER;
        }
    }

    // Writes atlas.model; MetadataJson.complete reads it back strictly: a config that only loads by coercion ("20"
    // for 20, 2.5 for 2, a missing field read as 0) is a config this file did not write, and guessing would build a
    // different network than was trained.
    private static final JsonMapper CONFIG_JSON = JsonMapper.builder().build();

    private ModelFile() {
    }

    /**
     * A model as read from a file.
     *
     * @param parameters the flat array in {@link ParameterLayout}'s memory order (the file's tensors through
     *                   {@link ParameterLayout#toMemoryOrder}); the caller owns it
     * @param metadata   every {@code __metadata__} entry, keys sorted, including {@code atlas.format} and
     *                   {@code atlas.model}
     */
    public record LoadedModel(VaeConfig config, float[] parameters, Map<String, String> metadata) {
        public LoadedModel {
            Objects.requireNonNull(config, "config");
            requireMemoryOrder(ParameterLayout.of(config), parameters);
            metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        }
    }

    /** Refuses a parameter array that is not {@code layout}'s memory order by its length (the head included). */
    private static void requireMemoryOrder(ParameterLayout layout, float[] parameters) {
        if (parameters.length != layout.size()) {
            throw new IllegalArgumentException("config has " + layout.parameterCount() + " parameters, "
                    + layout.size() + " floats in memory order; got an array of " + parameters.length);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a model atomically (see {@link AtomicFiles#write}).
     *
     * @param metadata extra entries such as {@code atlas.training}; {@code atlas.format} and {@code atlas.model}
     *                 are written from the arguments and may be passed only with the values this would write
     *                 (so a loaded model's metadata can be saved again)
     * @throws IllegalArgumentException if the array does not fit the config or holds NaN/Inf
     */
    public static void write(Path path, VaeConfig config, float[] parameters, Map<String, String> metadata)
            throws IOException {
        AtomicFiles.write(path, toBytes(config, parameters, metadata));
    }

    /** The exact bytes {@link #write} puts in the file, for serving a model without touching disk. */
    public static byte[] toBytes(VaeConfig config, float[] parameters, Map<String, String> metadata) {
        ParameterLayout layout = ParameterLayout.of(config);
        requireMemoryOrder(layout, parameters);
        float[] fileOrder = layout.toFileOrder(parameters);
        for (Slot slot : layout.slots()) {
            int bad = firstNonFinite(fileOrder, layout.fileOffset(slot), slot.length());
            if (bad >= 0) {
                throw new IllegalArgumentException("refusing to write a model that could not be read back: tensor '"
                        + slot.name() + "' holds " + fileOrder[layout.fileOffset(slot) + bad] + " at "
                        + index(slot, bad));
            }
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (Slot slot : layout.slots()) {
            specs.add(TensorSpec.f32(slot.name(), slot.shape().stream().mapToInt(Integer::intValue).toArray()));
        }
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(fileOrder.length, Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(fileOrder);
        return SafeTensors.toBytes(specs, data, withAtlasKeys(config, metadata));
    }

    private static Map<String, String> withAtlasKeys(VaeConfig config, Map<String, String> metadata) {
        Map<String, String> all = new TreeMap<>(metadata);
        putOwn(all, FORMAT_KEY, FORMAT_VERSION);
        putOwn(all, MODEL_KEY, configJson(config));
        return all;
    }

    private static void putOwn(Map<String, String> metadata, String key, String value) {
        String given = metadata.put(key, value);
        if (given != null && !given.equals(value)) {
            throw new IllegalArgumentException("metadata '" + key + "' is written from the arguments as " + value
                    + "; the metadata passed in has a different value " + given);
        }
    }

    /** The config as it appears in {@code atlas.model}. */
    public static String configJson(VaeConfig config) {
        try {
            return CONFIG_JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a VaeConfig of ints, lists and strings always serializes", e);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates a model file; every problem is a {@link ModelFileException} naming the file. */
    public static LoadedModel read(Path path) throws ModelFileException {
        try {
            return load(SafeTensors.read(path));
        } catch (SafeTensorsException e) {
            throw new ModelFileException(e);
        }
    }

    /** Reads a model from bytes (an upload, a resource); {@code sourceName} starts every error message. */
    public static LoadedModel read(byte[] bytes, String sourceName) throws ModelFileException {
        try {
            return load(SafeTensors.read(bytes, sourceName));
        } catch (SafeTensorsException e) {
            throw new ModelFileException(e);
        }
    }

    private static LoadedModel load(Contents file) throws ModelFileException {
        String source = file.source();
        if (Role.of(file.metadata()) == Role.CHECKPOINT) {
            // Without this the first complaint would be its optimizer tensor ("unexpected tensor 'adam.m'"),
            // which does not say what the file is; the command reporting it says how to continue its run.
            throw ModelFileException.checkpointGiven(source);
        }
        VaeConfig config = config(source, file.metadata());
        ParameterLayout layout = ParameterLayout.of(config);
        checkTensors(source, file, layout);
        // Only now is the array allocated: the checks above prove its size equals the file's data section.
        float[] fileOrder = new float[layout.parameterCount()];
        for (Slot slot : layout.slots()) {
            TensorEntry entry = file.tensor(slot.name()).orElseThrow();
            int from = layout.fileOffset(slot);
            file.data(entry).asFloatBuffer().get(fileOrder, from, slot.length());
            int bad = firstNonFinite(fileOrder, from, slot.length());
            if (bad >= 0) {
                throw new ModelFileException(source, "tensor '" + slot.name() + "' holds a non-finite value "
                        + fileOrder[from + bad] + " at " + index(slot, bad)
                        + "; a model with NaN/Inf weights is never loaded");
            }
        }
        return new LoadedModel(config, layout.toMemoryOrder(fileOrder), file.metadata());
    }

    /**
     * The architecture in a file's {@value #MODEL_KEY} metadata, checked as strictly as a model file's: the format
     * version, the JSON without coercion or missing fields, the record's own ranges and a parameter layout that can
     * be built. A checkpoint holds a model too and reads its architecture here, so it accepts no config a model file
     * would refuse.
     *
     * @param source the file name every error message starts with
     */
    public static VaeConfig config(String source, Map<String, String> metadata) throws ModelFileException {
        VaeConfig config = parseConfig(source, metadata);
        checkLayout(source, config);
        return config;
    }

    private static VaeConfig parseConfig(String source, Map<String, String> metadata) throws ModelFileException {
        String json = metadata.get(MODEL_KEY);
        if (json == null) {
            throw new ModelFileException(source, "not a Latent Atlas model file (no " + MODEL_KEY
                    + " metadata): it may be another safetensors file");
        }
        String format = metadata.get(FORMAT_KEY);
        if (!FORMAT_VERSION.equals(format)) {
            throw new ModelFileException(source, format == null
                    ? "no " + FORMAT_KEY + " metadata (expected \"" + FORMAT_VERSION + "\")"
                    : "unsupported " + FORMAT_KEY + " " + HeaderParser.quote(format) + " (this version reads format "
                            + FORMAT_VERSION + "; the file may come from a newer Latent Atlas)");
        }
        return MetadataJson.complete(source, MODEL_KEY, MetadataJson.tree(source, metadata, MODEL_KEY), "",
                VaeConfig.class);
    }

    private static void checkLayout(String source, VaeConfig config) throws ModelFileException {
        try {
            ParameterLayout.of(config);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelFileException(source, MODEL_KEY + " is not a valid model config: " + e.getMessage(), e);
        }
    }

    /** The file holds exactly the config's tensors, each F32 with the config's shape. */
    private static void checkTensors(String source, Contents file, ParameterLayout layout)
            throws ModelFileException {
        checkLayoutTensors(source, file, layout);
        for (TensorEntry entry : file.tensors()) {
            if (layout.slots().stream().noneMatch(s -> s.name().equals(entry.name()))) {
                throw new ModelFileException(source, "unexpected tensor " + HeaderParser.quote(entry.name())
                        + " with shape " + entry.shape() + " (the config has no such tensor)");
            }
        }
    }

    /**
     * The file holds each of the config's tensors, F32 with the config's shape; other tensors may be there too (a
     * checkpoint's optimizer state).
     */
    public static void checkLayoutTensors(String source, Contents file, ParameterLayout layout)
            throws ModelFileException {
        for (Slot slot : layout.slots()) {
            TensorEntry entry = file.tensor(slot.name()).orElseThrow(() -> new ModelFileException(source,
                    "tensor '" + slot.name() + "' is missing (the config expects shape " + slot.shape() + ")"));
            if (entry.dtype() != DType.F32) {
                throw new ModelFileException(source, "tensor '" + slot.name() + "' has dtype " + entry.dtype()
                        + ", but model files hold F32 only");
            }
            List<Long> expected = slot.shape().stream().map(Integer::longValue).toList();
            if (!entry.shape().equals(expected)) {
                throw new ModelFileException(source, "tensor '" + slot.name() + "' has shape " + entry.shape()
                        + " but the config expects " + expected);
            }
        }
    }

    /** The index within [from, from + length) of the first NaN or ±∞, counted from {@code from}; or -1. */
    private static int firstNonFinite(float[] values, int from, int length) {
        for (int i = 0; i < length; i++) {
            if (!Float.isFinite(values[from + i])) {
                return i;
            }
        }
        return -1;
    }

    /** A flat index within a tensor as its row-major index, e.g. [3, 17]. */
    private static List<Integer> index(Slot slot, int flat) {
        List<Integer> shape = slot.shape();
        Integer[] index = new Integer[shape.size()];
        for (int d = shape.size() - 1; d >= 0; d--) {
            index[d] = flat % shape.get(d);
            flat /= shape.get(d);
        }
        return List.of(index);
    }
}
