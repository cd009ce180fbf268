package org.latentatlas.model;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A message that names settings: text and {@link Mention}s of config fields, in reading order. The library reads it
 * in its own words ("try a smaller learning rate"); a caller that sets those fields from something else, such as
 * command-line options, reads it naming them its own way ("try a smaller --lr"), so the library never needs to know
 * how its settings were given.
 */
public record Wording(List<Object> pieces) {

    /**
     * A setting a message names: in {@code words} in the library's message, by its record and field to a caller
     * that names settings otherwise ("binarization", TrainConfig.binarize, --binarize).
     */
    public record Mention(Class<? extends Record> record, String field, String words) {
        public Mention {
            Objects.requireNonNull(record, "record");
            if (field == null || field.isBlank() || words == null || words.isBlank()) {
                throw new IllegalArgumentException("a mention of " + record.getSimpleName() + " needs a field and"
                        + " words, got field '" + field + "', words '" + words + "'");
            }
        }
    }

    public Wording {
        for (Object piece : pieces) {
            if (!(piece instanceof String || piece instanceof Mention)) {
                throw new IllegalArgumentException("a wording is text and mentions, got " + piece);
            }
        }
        pieces = List.copyOf(pieces);
    }

    /** Pieces of text and {@link Mention}s, read one after another. */
    public static Wording of(Object... pieces) {
        return new Wording(List.of(pieces));
    }

    /** The message naming each mentioned setting as {@code names} does. */
    public String read(Function<Mention, String> names) {
        StringBuilder sb = new StringBuilder();
        for (Object piece : pieces) {
            sb.append(piece instanceof Mention m ? names.apply(m) : piece);
        }
        return sb.toString();
    }

    /** The message in the library's words. */
    @Override
    public String toString() {
        return read(Mention::words);
    }
}
