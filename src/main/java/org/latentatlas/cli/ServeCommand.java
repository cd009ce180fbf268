package org.latentatlas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atlas serve MODEL}: the explorer for a saved model. */
@Command(name = "serve", header = "Serve the latent-space explorer for a saved model.", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Serve the latent-space explorer for a saved model on --host (default 127.0.0.1, this machine"
                + " only) and print its URL.",
            "The page loads the model file itself and runs the decoder in the browser.", "", ServeCommand.SHOWN_DATA})
public final class ServeCommand implements Callable<Integer> {
    /** serve's counterpart of {@link ModelDataOptions#OWN_DATA}: the same options, and points it can do without. */
    static final String SHOWN_DATA = "The points are the model's own data, reloaded with the split it was trained"
            + " with and verified by SHA-256; where it is not found, or has changed since training, the explorer"
            + " opens without them, with a warning. --dataset PATH (with the options it was read with in training)"
            + " gives its new place, or shows other data of the model's image shape, split with the model's seed;"
            + " --limit subsamples each split, while --test-size and the CSV options need --dataset. --dataset naming"
            + " the training data split another way is refused: it would show training examples as test examples.";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'atlas train'.")
    Path model;

    @Mixin
    ExplorerLauncher.ServeOptions serve = new ExplorerLauncher.ServeOptions();

    @Mixin
    ModelDataOptions data = new ModelDataOptions();

    @Override
    public Integer call() throws Exception {
        return ExplorerLauncher.serve(model, serve, data, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
