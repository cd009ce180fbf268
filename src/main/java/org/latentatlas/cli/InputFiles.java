package org.latentatlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one check of a path given on the command line for a file to read (a model, a checkpoint). A path that names
 * nothing, or a folder, is a slip of the command line: refused as a usage error (exit 2), as a {@code --dataset}
 * path that is not there. A file that is there but cannot be read, or is not what it should be, is the file's
 * fault, and its reader says so (exit 1).
 */
final class InputFiles {
    /** What MODEL (and --compare) should name, for the refusal's advice. */
    static final String MODEL = "a model file written by 'atlas train'";

    private InputFiles() {}

    /**
     * Refuses {@code path}, given as {@code name} (an option, or a positional argument's label such as MODEL), when
     * it names no file or a folder: "NAME PATH: no such file; give EXPECTED".
     *
     * @throws IllegalArgumentException naming the option, the path as typed, what is there and what was expected
     */
    static void requireFile(String name, Path path, String expected) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(name + " " + path + ": is a directory; give " + expected);
        }
        // notExists, not !exists: a file whose folder cannot be searched is there, and its reader says why it
        // cannot be read (permission denied) rather than this saying there is no such file.
        if (Files.notExists(path)) {
            throw new IllegalArgumentException(name + " " + path + ": no such file; give " + expected);
        }
    }
}
