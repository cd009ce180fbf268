package org.latentatlas.cli;

import java.math.BigInteger;
import java.net.URI;
import java.util.Optional;
import org.latentatlas.data.Shape;
import org.latentatlas.data.ValueRange;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A value picocli could not convert to its option's type, refused in the form of every other setting ("invalid
 * setting: --lr must be a number like 0.003, got 'abc'"). picocli's own words ("'abc' is not a double") name a Java
 * type, which a student need not know; here the type is told in words, the option's default serving as the example
 * where it is one. All typed options are read here, so no option needs a converter of its own for its wording.
 */
final class BadValues {
    private BadValues() {}

    /** The refusal of {@code e}'s value, or empty when {@code e} is about something else than a value's kind. */
    static Optional<String> refusal(CommandLine.ParameterException e) {
        ArgSpec arg = e.getArgSpec();
        String value = e.getValue();
        // picocli gives no type of its own to a conversion failure: its message is the one mark it leaves.
        String message = e.getMessage();
        if (arg == null || value == null || message == null || !message.startsWith("Invalid value for ")) {
            return Optional.empty();
        }
        return Optional.of("invalid setting: " + name(arg) + " must be " + expected(arg, value) + ", got '" + value + "'"
                + outOfRange(arg.auxiliaryTypes()[0], value));
    }

    /** How a refusal names {@code arg}: an option by its longest name ("--lr"), an argument by its label ("MODEL"). */
    static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** What {@code arg} takes, in words: "a whole number like 100". */
    static String expected(ArgSpec arg, String value) {
        Class<?> type = arg.auxiliaryTypes()[0]; // the element's type for a list, else the option's own
        boolean list = arg.isMultiValue() && !arg.splitRegex().isEmpty();
        if (isWhole(type)) {
            String example = example(arg, list ? "128,64" : "20");
            return (list ? "whole numbers separated by commas like " : "a whole number like ") + example;
        }
        if (isDecimal(type)) {
            return "a number like " + example(arg, "0.5") + (isNumber(value.replace(',', '.'))
                    ? ", written with a decimal point, not a comma" : "");
        }
        if (type == Shape.class) {
            return "rows x columns like 28x28, each a whole number of at least 1 (2^29 pixels at most)";
        }
        if (type == ValueRange.class) {
            return "MIN:MAX like 0:255, two numbers with MIN below MAX";
        }
        if (type == URI.class) {
            return "a URL like http://localhost:8000/";
        }
        return arg.paramLabel(); // in the notation of --help, which the refusal points to
    }

    private static boolean isWhole(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class;
    }

    private static boolean isDecimal(Class<?> type) {
        return type == double.class || type == Double.class || type == float.class || type == Float.class;
    }

    /** The option's default where it shows the form (not 0, which may mean "off"), else {@code otherwise}. */
    private static String example(ArgSpec arg, String otherwise) {
        String d = arg.defaultValue();
        return d != null && !d.isBlank() && d.chars().anyMatch(c -> c >= '1' && c <= '9') ? d : otherwise;
    }

    /**
     * ", which is too large" for a whole number beyond what the option's type holds, the only thing wrong with it. Not
     * the type's bound itself: most options take far less (--port 0..65535), as their own check says of a value it
     * can read.
     */
    private static String outOfRange(Class<?> type, String value) {
        if (!isWhole(type) || !value.strip().matches("[-+]?\\d+")) {
            return "";
        }
        boolean isInt = type == int.class || type == Integer.class;
        BigInteger max = BigInteger.valueOf(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
        BigInteger min = BigInteger.valueOf(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
        BigInteger v = new BigInteger(value.strip());
        return v.compareTo(max) > 0 ? ", which is too large"
                : v.compareTo(min) < 0 ? ", which is too far below zero" : "";
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
