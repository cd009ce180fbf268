package org.latentatlas.io;

import java.nio.file.AccessDeniedException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The reason an I/O operation failed, in words: NIO's exceptions carry only the path as their message. */
public final class IoErrors {
    private IoErrors() {}

    /**
     * "no such file", "permission denied", the file system's own reason, a plain IOException's message, else the
     * exception's class and message.
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e.getClass() == IOException.class && e.getMessage() != null) {
            return e.getMessage(); // the system's own words, as a full disk's "No space left on device"
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
