package org.latentatlas.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;

/**
 * The one configured Jackson mapper for the JSON the tool writes and reads back: model metadata, checkpoint state,
 * evaluation reports. Map keys are written sorted, so the same content gives the same bytes whatever map held it.
 *
 * <p>Three readers keep their own mapper, for a reason: {@code io.SafeTensors} parses the container's header with
 * limits raised to its 100 MB bound, {@code io.ModelFile} reads a model's architecture strictly (no coercion, no
 * missing field), since a config that only loads by guessing would build another network than was trained, and
 * {@code io.MetadataJson} reads the rest of a model file's metadata without coercion, naming the field it refuses.
 *
 * <p>The mapper itself stays private: an {@code ObjectMapper} is mutable, and one {@code configure} call anywhere
 * would change the bytes of every file the tool writes.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Json() {}

    /** {@code value} as one line of JSON; our records and maps of them always serialize. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code value} as a JSON file's text: indented, ending in a newline. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code json} as a tree. */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** The JSON in {@code file} as a tree. */
    public static JsonNode readTree(File file) throws IOException {
        return MAPPER.readTree(file);
    }

    /** {@code json} as a {@code type}. */
    public static <T> T readValue(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json, type);
    }

    /** A tree read before, as a {@code type}. */
    public static <T> T treeToValue(TreeNode node, Class<T> type) throws JsonProcessingException {
        return MAPPER.treeToValue(node, type);
    }

    /** {@code value} as the tree its JSON would parse to. */
    public static JsonNode valueToTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
