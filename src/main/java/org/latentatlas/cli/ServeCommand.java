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
            "The page loads the model file itself and runs the decoder in the browser."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'atlas train'.")
    Path model;

    @Mixin
    ExplorerLauncher.ServeOptions serve = new ExplorerLauncher.ServeOptions();

    @Override
    public Integer call() throws Exception {
        return ExplorerLauncher.serve(model, serve, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
