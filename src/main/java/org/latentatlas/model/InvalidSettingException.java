package org.latentatlas.model;

import java.util.function.Function;

/**
 * A config record refused one of its fields: which record, which field (its component name) and why. The message
 * reads in the library's words ("batch size must be in 1..65536, got 0"); a caller that set the field from
 * something else, such as a command-line option, restates it in its own words ({@link #restatedAs}) without
 * knowing the range, which stays in the record alone. Other settings the message names are
 * {@link Wording.Mention}s, so that a caller names them its own way too.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private final Class<? extends Record> record;
    private final String field;
    private final Form form;
    private final String requirement; // REQUIREMENT's
    private final Object value;
    private final Wording predicate; // PREDICATE's
    private final Wording advice; // REQUIREMENT's, or null

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
        this(record, field, subject, requirement, value, null);
    }

    /**
     * As the requirement constructor, with what to do instead after the value, which a reader looks for first:
     * "{@code subject requirement}, got {@code value}; {@code advice}".
     *
     * @param advice text and {@link Wording.Mention}s of the settings it names, read one after another
     */
    public static InvalidSettingException advising(Class<? extends Record> record, String field, String subject,
                                                   String requirement, Object value, Object... advice) {
        return new InvalidSettingException(record, field, subject, requirement, value, Wording.of(advice));
    }

    private InvalidSettingException(Class<? extends Record> record, String field, String subject, String requirement,
                                    Object value, Wording advice) {
        this(record, field, Form.REQUIREMENT, subject + " " + requirement + ", got " + shown(value, value)
                + (advice == null ? "" : "; " + advice), null, requirement, value, null, advice);
    }

    /**
     * A part of the field's value is refused, for the reason {@code cause} gives in its own words, e.g. the N of
     * a likelihood "binomial(0)".
     */
    public InvalidSettingException(Class<? extends Record> record, String field, Object value,
                                   IllegalArgumentException cause) {
        this(record, field, Form.PART, cause.getMessage(), cause, null, value, null, null);
    }

    private InvalidSettingException(Class<? extends Record> record, String field, Form form, String message,
                                    Throwable cause, String requirement, Object value, Wording predicate,
                                    Wording advice) {
        super(message, cause);
        this.record = record;
        this.field = field;
        this.form = form;
        this.requirement = requirement;
        this.value = value;
        this.predicate = predicate;
        this.advice = advice;
    }

    /**
     * The field's whole value is refused for a reason that follows it: "{@code subject value predicate}", e.g.
     * "binarization dynamic is for the Bernoulli likelihood; this model's is binomial(16)".
     *
     * @param predicate what is wrong with the value, in pieces read one after another: text, and
     *                  {@link Wording.Mention}s of the other settings it names
     */
    public static InvalidSettingException because(Class<? extends Record> record, String field, String subject,
                                                  Object value, Object... predicate) {
        Wording words = Wording.of(predicate);
        return new InvalidSettingException(record, field, Form.PREDICATE, subject + " " + value + " " + words, null,
                null, value, words, null);
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
        return restatedAs(subject, given, Wording.Mention::words);
    }

    /** As {@link #restatedAs(String, String)}, naming each mentioned setting as {@code names} does. */
    public String restatedAs(String subject, String given, Function<Wording.Mention, String> names) {
        return switch (form) {
            case REQUIREMENT -> subject + " " + requirement + ", got " + shown(value, given)
                    + (advice == null ? "" : "; " + advice.read(names));
            case PART -> subject + " " + given + ": " + getMessage();
            case PREDICATE -> subject + " " + given + " " + predicate.read(names);
        };
    }

    private static String shown(Object value, Object given) {
        return value instanceof CharSequence ? "'" + given + "'" : String.valueOf(given);
    }
}
