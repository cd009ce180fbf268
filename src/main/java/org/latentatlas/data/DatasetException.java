package org.latentatlas.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset could not be found, fetched or read. The message always names the file (or the dataset and
 * the places searched) and, for bad content, states what was expected and what was found, so a user can
 * act on it without a stack trace.
 */
public class DatasetException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{file}: {problem}" — the file first, as compilers and grep do. */
    public static DatasetException in(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    public static DatasetException in(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }
}
