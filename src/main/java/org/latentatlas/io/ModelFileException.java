package org.latentatlas.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded: malformed safetensors, not a Latent Atlas model, or a model whose
 * tensors disagree with its own config. The message is one line that starts with the file name, so a
 * command can print it as is.
 */
public class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean setting;

    public ModelFileException(String source, String problem) {
        super(source + ": " + problem);
        this.setting = false;
    }

    private ModelFileException(String source, String problem, boolean setting) {
        super(source + ": " + problem);
        this.setting = setting;
    }

    /**
     * A sound file of the wrong kind for the command (a checkpoint where a model is expected, a model where a
     * checkpoint is): the file is fine, the command line named the wrong one, so the CLI reports it as a usage error.
     */
    public static ModelFileException wrongKind(String source, String problem) {
        return new ModelFileException(source, problem, true);
    }

    /** Whether the command line, not the file, is at fault: see {@link #wrongKind}. */
    public boolean isSetting() {
        return setting;
    }

    /** Carries a format error from the generic reader; its message already starts with the file name. */
    ModelFileException(SafeTensorsException formatError) {
        super(formatError.getMessage(), formatError);
        this.setting = false;
    }

    ModelFileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.setting = false;
    }
}
