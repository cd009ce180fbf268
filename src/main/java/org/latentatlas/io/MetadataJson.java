package org.latentatlas.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.latentatlas.model.InvalidSettingException;

/**
 * The JSON a model file stores in its {@code __metadata__} (the architecture, the training config, its test metrics,
 * the per-epoch history, the data it was trained on; a checkpoint's training state), read into records. Every refusal is a {@link ModelFileException} that names
 * the file, the metadata key and the field's path, the value and what was expected:
 * {@code m.safetensors: __metadata__ "atlas.training" → metrics.test.elbo: got "abc", expected a number}, where
 * Jackson would say "Cannot deserialize value of type `double` … [Source: UNKNOWN]".
 *
 * <p>Read without coercion, as {@link ModelFile} reads the architecture: a "20" for 20 or a 2.5 for 2 is not what the
 * trainer wrote, and a guess would report numbers the model never got. Fields a record marks
 * {@code @JsonProperty(required = true)} (every file has them) must be there; others may be missing, as in files
 * written before they were recorded.
 */
public final class MetadataJson {
    private static final JsonMapper STORED = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    /** As {@link #STORED}, with every field there and none null or holding a null: see {@link #complete}. */
    private static final JsonMapper COMPLETE = STORED.rebuild()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .build();

    /** Jackson's words for a required field that is not there (the one thing its message alone says). */
    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']+)'");

    private MetadataJson() {}

    /**
     * The entry {@code key} of a file's metadata as a tree; a missing node where the file has none.
     *
     * @param source the file name every error message starts with
     */
    public static JsonNode tree(String source, Map<String, String> metadata, String key) throws ModelFileException {
        String json = metadata.get(key);
        if (json == null) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode tree = STORED.readTree(json);
            if (tree.isMissingNode()) { // blank text, which readTree reads as no value at all
                throw new ModelFileException(source, entry(key) + " is not valid JSON: it is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            // Jackson's words for trailing JSON name its own mapper and feature, which say nothing to a reader.
            String message = e instanceof MismatchedInputException ? "more JSON follows its value" : firstLine(e);
            String at = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
            throw new ModelFileException(source, entry(key) + " is not valid JSON: " + message + at, e);
        }
    }

    /**
     * The field at {@code pointer} (a JSON pointer, "/metrics/test", or "" for the whole entry) of the entry
     * {@code key}, as a {@code type}; null where the entry has no such field.
     *
     * @param root the entry as {@link #tree} read it
     * @throws ModelFileException naming the file, the key, the field's path, its value and what was expected
     */
    public static <T> T value(String source, String key, JsonNode root, String pointer, Class<T> type)
            throws ModelFileException {
        return read(STORED, source, key, root, pointer, type);
    }

    /**
     * As {@link #value}, every field of the record required and none null, nor any list holding a null: for a model's
     * architecture ({@link ModelFile#config}), where a field read as missing would build another network than was
     * trained.
     */
    static <T> T complete(String source, String key, JsonNode root, String pointer, Class<T> type)
            throws ModelFileException {
        return read(COMPLETE, source, key, root, pointer, type);
    }

    private static <T> T read(JsonMapper mapper, String source, String key, JsonNode root, String pointer,
                              Class<T> type) throws ModelFileException {
        boolean complete = mapper == COMPLETE;
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            return null;
        }
        List<Object> path = new ArrayList<>(); // field names, and indices as Integers
        for (String step : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
            path.add(step.matches("\\d+") ? Integer.valueOf(step) : step);
        }
        if (node.isNull()) {
            throw refused(source, key, path, "got null, expected " + expected(type));
        }
        if (type.isRecord() && node.isObject()) {
            for (RecordComponent c : type.getRecordComponents()) {
                JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
                boolean required = complete || p != null && p.required();
                if (required && !node.has(c.getName())) {
                    throw refused(source, key, with(path, c.getName()), "missing, expected " + expected(c.getType()));
                }
                if (complete && node.path(c.getName()).isNull()) {
                    throw refused(source, key, with(path, c.getName()), "got null, expected " + expected(c.getType()));
                }
            }
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (ValueInstantiationException e) {
            // The record's own validation: its message names the value and the range, in the project's words.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            List<Object> at = with(path, e.getPath());
            if (cause instanceof InvalidSettingException s && !s.field().equals(last(at))) {
                at.add(s.field());
            }
            throw refused(source, key, at, cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            Collection<Object> known = e.getKnownPropertyIds();
            throw refused(source, key, with(path, e.getPath()), "an unknown field" + (known == null ? ""
                    : ", expected one of " + known.stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", "))), e);
        } catch (MismatchedInputException e) {
            List<Object> at = with(path, e.getPath());
            Matcher missing = MISSING.matcher(e.getOriginalMessage());
            if (missing.lookingAt()) { // a required field of a record within the value (its own are checked above)
                String name = missing.group(1);
                Class<?> target = e.getTargetType();
                Class<?> field = target != null && !target.isRecord() ? target : componentType(target, name);
                throw refused(source, key, name.equals(last(at)) ? at : with(at, name), "missing"
                        + (field == null ? "" : ", expected " + expected(field)), e);
            }
            throw mismatch(source, key, root, at, e.getTargetType(), e);
        } catch (InvalidDefinitionException e) { // a value of no form the type takes: a string for an array of longs
            throw mismatch(source, key, root, with(path, e.getPath()),
                    e.getType() == null ? null : e.getType().getRawClass(), e);
        } catch (JsonProcessingException e) {
            String message = firstLine(e);
            List<Object> at = e instanceof JsonMappingException m ? with(path, m.getPath()) : path;
            throw refused(source, key, at, message, e);
        } catch (IllegalArgumentException e) {
            throw refused(source, key, path, e.getMessage(), e);
        }
    }

    /** "got "abc", expected a number": the value at {@code at} was not of the {@code type} there (null: unknown). */
    private static ModelFileException mismatch(String source, String key, JsonNode root, List<Object> at,
                                               Class<?> type, Throwable cause) {
        return refused(source, key, at, "got " + shown(root, at) + (type == null ? "" : ", expected " + expected(type)),
                cause);
    }

    /** The type of {@code record}'s component {@code name}; null where there is none. */
    private static Class<?> componentType(Class<?> record, String name) {
        if (record == null || !record.isRecord()) {
            return null;
        }
        return Arrays.stream(record.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst()
                .<Class<?>>map(RecordComponent::getType).orElse(null);
    }

    /**
     * Jackson's own message, its first line without where its parser started ("(start marker at [Source: REDACTED
     * (`StreamReadFeature...` disabled); line: 1, column: 1])"), which names its settings, not the file; a safetensors
     * header's JSON is said the same way ({@link HeaderParser}).
     */
    static String firstLine(JsonProcessingException e) {
        String line = e.getOriginalMessage().lines().findFirst().orElse("");
        int source = line.indexOf("[Source");
        if (source >= 0) {
            int open = line.lastIndexOf(" (", source);
            line = line.substring(0, open >= 0 ? open : source).strip();
        }
        return line;
    }

    /** How every message names an entry: {@code __metadata__ "atlas.training"}. */
    public static String entry(String key) {
        return "__metadata__ \"" + key + "\""; // our own keys, which need no escaping
    }

    private static ModelFileException refused(String source, String key, List<Object> path, String problem) {
        return refused(source, key, path, problem, null);
    }

    private static ModelFileException refused(String source, String key, List<Object> path, String problem,
                                              Throwable cause) {
        return new ModelFileException(source, entry(key) + (path.isEmpty() ? "" : " → " + dotted(path)) + ": "
                + problem, cause);
    }

    /** "history[3].testElbo": names as a reader writes them, indices in brackets. */
    private static String dotted(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(step);
            }
        }
        return sb.toString();
    }

    private static List<Object> with(List<Object> path, String field) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(field);
        return longer;
    }

    /** The pointer's path, then Jackson's within the value: field names, and indices as Integers. */
    private static List<Object> with(List<Object> path, List<JsonMappingException.Reference> references) {
        List<Object> longer = new ArrayList<>(path);
        for (JsonMappingException.Reference r : references) {
            longer.add(r.getFieldName() != null ? r.getFieldName() : Integer.valueOf(r.getIndex()));
        }
        return longer;
    }

    private static Object last(List<Object> path) {
        return path.isEmpty() ? null : path.get(path.size() - 1);
    }

    /** The value at {@code path} as the file holds it: {@code "abc"}, {@code 2.5}, {@code null}; or "nothing". */
    private static String shown(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node.isMissingNode() ? "nothing" : node.toString();
    }

    /** What a field of this type holds, in the words of JSON. */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> STORED.valueToTree(c).toString())
                    .collect(Collectors.joining(", "));
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == java.nio.file.Path.class) {
            return "a string";
        }
        return type.isArray() || Collection.class.isAssignableFrom(type) ? "an array" : "an object";
    }
}
