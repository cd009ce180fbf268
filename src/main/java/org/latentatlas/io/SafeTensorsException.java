package org.latentatlas.io;

import java.io.IOException;

/**
 * A file that is not well-formed safetensors. The message is one line that starts with the file (or source)
 * name and says what was expected and what was found.
 */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(String source, String problem) {
        super(source + ": " + problem);
    }

    public SafeTensorsException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
