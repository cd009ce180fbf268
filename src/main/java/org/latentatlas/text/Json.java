package org.latentatlas.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one configured Jackson mapper for the JSON the tool writes and reads back: model metadata, checkpoint state,
 * evaluation reports. Map keys are written sorted, so the same content gives the same bytes whatever map held it.
 *
 * <p>Two readers keep their own mapper, for a reason: {@code io.SafeTensors} parses the container's header with
 * limits raised to its 100 MB bound, and {@code io.ModelFile} reads a model's architecture strictly (no coercion, no
 * missing field), since a config that only loads by guessing would build another network than was trained.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
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
}
