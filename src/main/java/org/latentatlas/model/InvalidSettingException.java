package org.latentatlas.model;

import java.util.List;
import java.util.function.Function;

/**
 * A config record refused one of its fields: which record, which field (its component name) and why. The message
 * reads in the library's words ("batch size must be in 1..65536, got 0"); a caller that set the field from
 * something else, such as a command-line option, restates it in its own words ({@link #restatedAs}) without
 * knowing the range, which stays in the record alone. Other settings the message names are {@link Mention}s, so
 * that a caller names them its own way too.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private final Class<? extends Record> record;
    private final String field;
    private final Form form;
    private final String requirement; // REQUIREMENT's
    private final Object value;
    private final List<Object> predicate; // PREDICATE's: strings and Mentions, in reading order

    /** How the message is built around the field and its value, and so how it is restated. */
    private enum Form {
        /** "subject requirement, got value". */
        REQUIREMENT,
        /** The cause's own message about a part of the value; restated "subject value: message". */
        PART,
        /** "subject value predicate": the whole value refused for a reason that follows it. */
        PREDICATE
    }

    /**
     * Another setting a message names: in {@code words} in the library's message, by its record and field to a
     * caller that names settings otherwise ("binarization", TrainConfig.binarize, --binarize).
     */
    public record Mention(Class<? extends Record> record, String field, String words) {}

    /**
     * The field's value is out of range: "{@code subject requirement}, got {@code value}".
     *
     * @param record      the config record whose field is refused
     * @param field       the field's record component name, e.g. "batchSize"
     * @param subject     the field in words, e.g. "batch size"
     * @param requirement what it must be, e.g. "must be in 1..65536"
     * @param value       the value refused; a string is shown quoted
     */
    public InvalidSettingException(Class<? extends Record> record, String field, String subject, String requirement,
                                   Object value) {
        this(record, field, Form.REQUIREMENT, subject + " " + requirement + ", got " + shown(value, value), null,
                requirement, value, List.of());
    }

    /**
     * A part of the field's value is refused, for the reason {@code cause} gives in its own words, e.g. the N of
     * a likelihood "binomial(0)".
     */
    public InvalidSettingException(Class<? extends Record> record, String field, Object value,
                                   IllegalArgumentException cause) {
        this(record, field, Form.PART, cause.getMessage(), cause, null, value, List.of());
    }

    private InvalidSettingException(Class<? extends Record> record, String field, Form form, String message,
                                    Throwable cause, String requirement, Object value, List<Object> predicate) {
        super(message, cause);
        this.record = record;
        this.field = field;
        this.form = form;
        this.requirement = requirement;
        this.value = value;
        this.predicate = List.copyOf(predicate);
    }

    /**
     * The field's whole value is refused for a reason that follows it: "{@code subject value predicate}", e.g.
     * "binarization dynamic is for the Bernoulli likelihood; this model's is binomial(16)".
     *
     * @param predicate what is wrong with the value, in pieces read one after another: text, and {@link Mention}s
     *                  of the other settings it names
     */
    public static InvalidSettingException because(Class<? extends Record> record, String field, String subject,
                                                  Object value, Object... predicate) {
        for (Object piece : predicate) {
            if (!(piece instanceof String || piece instanceof Mention)) {
                throw new IllegalArgumentException("a predicate is text and mentions, got " + piece);
            }
        }
        List<Object> pieces = List.of(predicate);
        return new InvalidSettingException(record, field, Form.PREDICATE, subject + " " + value + " "
                + read(pieces, Mention::words), null, null, value, pieces);
    }

    public Class<? extends Record> record() {
        return record;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    /**
     * The message about {@code subject} (an option, say) that was {@code given} as the value: "--batch must be in
     * 1..65536, got 0", or "--likelihood binomial(0): binomial n must be in 1..65535, got 0" when a part of it was
     * refused; the settings it mentions keep their words.
     */
    public String restatedAs(String subject, String given) {
        return restatedAs(subject, given, Mention::words);
    }

    /** As {@link #restatedAs(String, String)}, naming each mentioned setting as {@code names} does. */
    public String restatedAs(String subject, String given, Function<Mention, String> names) {
        return switch (form) {
            case REQUIREMENT -> subject + " " + requirement + ", got " + shown(value, given);
            case PART -> subject + " " + given + ": " + getMessage();
            case PREDICATE -> subject + " " + given + " " + read(predicate, names);
        };
    }

    private static String read(List<Object> pieces, Function<Mention, String> names) {
        StringBuilder sb = new StringBuilder();
        for (Object piece : pieces) {
            sb.append(piece instanceof Mention m ? names.apply(m) : piece);
        }
        return sb.toString();
    }

    private static String shown(Object value, Object given) {
        return value instanceof CharSequence ? "'" + given + "'" : String.valueOf(given);
    }
}
