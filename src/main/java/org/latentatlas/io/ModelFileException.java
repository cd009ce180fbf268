package org.latentatlas.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded: malformed safetensors, not a Latent Atlas model, or a model whose
 * tensors disagree with its own config. The message is one line that starts with the file name, so a
 * command can print it as is.
 */
public class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String source, String problem) {
        super(source + ": " + problem);
    }

    /** Carries a format error from the generic reader; its message already starts with the file name. */
    ModelFileException(SafeTensorsException formatError) {
        super(formatError.getMessage(), formatError);
    }

    ModelFileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
