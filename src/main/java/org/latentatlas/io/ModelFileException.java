package org.latentatlas.io;

import java.io.IOException;
import java.util.function.Function;
import org.latentatlas.model.Wording;

/**
 * A model file (or a checkpoint, which holds one) that cannot be loaded: malformed safetensors, not a Latent Atlas
 * file, or a model whose tensors disagree with its own config. The message is one line that starts with the file
 * name, so a command can print it as is; where it names a setting, that is a {@link Wording.Mention} a command
 * restates in its own words ({@link #restatedAs}).
 */
public class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient Wording problem;
    private final boolean setting;
    private final boolean checkpoint;

    public ModelFileException(String source, String problem) {
        this(source, Wording.of(problem), false, null);
    }

    /** A problem whose words mention settings. */
    public ModelFileException(String source, Wording problem) {
        this(source, problem, false, null);
    }

    private ModelFileException(String source, Wording problem, boolean setting, Throwable cause) {
        this(source, problem, setting, false, cause);
    }

    private ModelFileException(String source, Wording problem, boolean setting, boolean checkpoint, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
        this.setting = setting;
        this.checkpoint = checkpoint;
    }

    /**
     * A sound file of the wrong kind for the command (a checkpoint where a model is expected, a model where a
     * checkpoint is): the file is fine, the command line named the wrong one, so the CLI reports it as a usage error.
     */
    public static ModelFileException wrongKind(String source, String problem) {
        return wrongKind(source, Wording.of(problem));
    }

    /** As {@link #wrongKind(String, String)}, in words that mention settings. */
    public static ModelFileException wrongKind(String source, Wording problem) {
        return new ModelFileException(source, problem, true, null);
    }

    /**
     * A training checkpoint given where a model file is expected, a {@link #wrongKind} refusal that says what the file
     * is; how its run is continued (which command, which options) is for the caller that runs it to say
     * ({@link #isCheckpointGiven}).
     */
    public static ModelFileException checkpointGiven(String source) {
        return new ModelFileException(source, Wording.of("this is a training checkpoint, not a model file"), true, true,
                null);
    }

    /** Whether the command line, not the file, is at fault: see {@link #wrongKind}. */
    public boolean isSetting() {
        return setting;
    }

    /** Whether the file is a training checkpoint given where a model file is expected: see {@link #checkpointGiven}. */
    public boolean isCheckpointGiven() {
        return checkpoint;
    }

    /** The file the message starts with, as the reader was given it; null for a malformed safetensors file. */
    public String source() {
        return source;
    }

    /** The same refusal, naming each setting it mentions as {@code names} does (a command's options, say). */
    public ModelFileException restatedAs(Function<Wording.Mention, String> names) {
        return problem == null ? this
                : new ModelFileException(source, Wording.of(problem.read(names)), setting, checkpoint, this);
    }

    /** Carries a format error from the generic reader; its message already starts with the file name. */
    ModelFileException(SafeTensorsException formatError) {
        super(formatError.getMessage(), formatError);
        this.source = null;
        this.problem = null;
        this.setting = false;
        this.checkpoint = false;
    }

    ModelFileException(String source, String problem, Throwable cause) {
        this(source, Wording.of(problem), false, cause);
    }
}
