package org.latentatlas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas train}: fit a VAE and save it as a safetensors model file. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {
            "Train a VAE by maximizing the ELBO (reconstruction + beta * KL) with Adam and save it as",
            "safetensors. Prints the test ELBO, reconstruction and KL in nats per example with their protocol",
            "and stores them in the file. The same seed gives a byte-identical file."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Option(names = "--likelihood", defaultValue = "bernoulli", paramLabel = "SPEC",
            description = {"Observation model p(x|z): bernoulli, binomial(N) (counts 0..N, a true bound on discrete",
                "data; N is usually the dataset's levels, 16 for the digits), gaussian(SIGMA), continuous-bernoulli."})
    String likelihood;

    @Option(names = "--latent", defaultValue = "" + Defaults.LATENT, paramLabel = "DIM",
            description = "Latent dimensions (1..512). 2 gives a plane the explorer can draw.")
    int latent;

    @Option(names = "--hidden", split = ",", defaultValue = Defaults.HIDDEN, paramLabel = "SIZES",
            description = "Encoder hidden widths, input to latent; the decoder mirrors them.")
    List<Integer> hidden;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Passes over the training set.")
    int epochs;

    @Option(names = "--batch", defaultValue = Defaults.BATCH, description = "Examples per Adam step.")
    int batch;

    @Option(names = "--lr", defaultValue = Defaults.LEARNING_RATE, description = "Adam learning rate.")
    double learningRate;

    @Option(names = "--beta", defaultValue = Defaults.BETA,
            description = "Weight of the KL term; 1 is the true ELBO, >1 a beta-VAE.")
    double beta;

    @Option(names = "--seed", defaultValue = Defaults.SEED,
            description = "Seed of every random choice: split, init, shuffling, noise.")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "model.safetensors", paramLabel = "FILE",
            description = "Model file to write (atomically: never half-written).")
    Path output;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        TrainConfig tc = new TrainConfig(epochs, batch, learningRate, beta, seed);
        VaeConfig.symmetric(1, 1, hidden, latent, likelihood); // rejects bad options before any data is read
        TrainingRun.checkWritable(output);
        LoadedDataset loaded = data.loadWithMetadata(seed);
        Dataset train = loaded.split().train();
        VaeConfig model = VaeConfig.symmetric(train.height(), train.width(), hidden, latent, likelihood);
        TrainingRun.trainAndSave(model, loaded, data.request(), tc, output, spec.commandLine().getOut(),
                spec.commandLine().getErr(), !noProgress);
        return 0;
    }
}
