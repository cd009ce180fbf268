package org.latentatlas.model;

/**
 * A config record refused one of its fields: which record, which field (its component name) and why. The message
 * reads in the library's words ("batch size must be in 1..65536, got 0"); a caller that set the field from
 * something else, such as a command-line option, restates it in its own words ({@link #restatedAs}) without
 * knowing the range, which stays in the record alone.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private final Class<? extends Record> record;
    private final String field;
    private final String requirement; // null when a part of the value was refused, see the second constructor
    private final Object value;

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
        super(subject + " " + requirement + ", got " + shown(value, value));
        this.record = record;
        this.field = field;
        this.requirement = requirement;
        this.value = value;
    }

    /**
     * A part of the field's value is refused, for the reason {@code cause} gives in its own words, e.g. the N of
     * a likelihood "binomial(0)".
     */
    public InvalidSettingException(Class<? extends Record> record, String field, Object value,
                                   IllegalArgumentException cause) {
        super(cause.getMessage(), cause);
        this.record = record;
        this.field = field;
        this.requirement = null;
        this.value = value;
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
     * refused.
     */
    public String restatedAs(String subject, String given) {
        return requirement == null ? subject + " " + given + ": " + getMessage()
                : subject + " " + requirement + ", got " + shown(value, given);
    }

    private static String shown(Object value, Object given) {
        return value instanceof CharSequence ? "'" + given + "'" : String.valueOf(given);
    }
}
