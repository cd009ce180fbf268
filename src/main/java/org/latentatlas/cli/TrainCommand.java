package org.latentatlas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.Command;
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
        VaeConfig model = VaeConfig.symmetric(DigitsCsv.SIDE, DigitsCsv.SIDE, hidden, latent);
        TrainConfig tc = new TrainConfig(epochs, batch, learningRate, beta, seed);
        TrainingRun.checkWritable(output);
        Split split = Split.stratified(DigitsCsv.load(), Defaults.DIGITS_TEST_SIZE, seed);
        TrainingRun.DatasetInfo info = TrainingRun.DatasetInfo.of(split, "stratified", seed);
        TrainingRun.trainAndSave(model, split, info, tc, output, spec.commandLine().getOut(),
                spec.commandLine().getErr(), !noProgress);
        return 0;
    }
}
