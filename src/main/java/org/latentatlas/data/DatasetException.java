package org.latentatlas.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset could not be found, fetched or read, or the options describing it do not fit it. The message always
 * names the file (or the dataset and the places searched) and, for bad content, states what was expected and what
 * was found, so a user can act on it without a stack trace.
 *
 * <p>Most are failures of the files (missing, unreadable, corrupt): {@link #isSetting()} is false. Some are the
 * user's settings not fitting the data, such as an unknown dataset name or a {@code --test-size} larger than the
 * set: the fix is on the command line, so the CLI reports those as it reports any other bad option.
 */
public class DatasetException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean setting;

    public DatasetException(String message) {
        this(message, null, false);
    }

    public DatasetException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private DatasetException(String message, Throwable cause, boolean setting) {
        super(message, cause);
        this.setting = setting;
    }

    /** "{file}: {problem}" — the file first, as compilers and grep do. */
    public static DatasetException in(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    public static DatasetException in(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }

    /**
     * A setting (a dataset name, --test-size, --csv-label, --shape, --value-range) that does not fit the data, or data
     * that a missing option would make readable (a CSV that is not square without --shape, mixed image sizes without
     * --resize).
     */
    public static DatasetException setting(String message) {
        return new DatasetException(message, null, true);
    }

    /** {@link #setting} naming the file first, as {@link #in(Path, String)}. */
    public static DatasetException settingIn(Path file, String problem) {
        return setting(file + ": " + problem);
    }

    /** Whether the command line, not the data, is at fault: see the class comment. */
    public boolean isSetting() {
        return setting;
    }

    /**
     * The same message as a failure of the data: for settings a model file recorded rather than the user gave, which
     * only stop fitting when the data changed after training.
     */
    public DatasetException asDataFailure() {
        return setting ? new DatasetException(getMessage(), this) : this;
    }
}
