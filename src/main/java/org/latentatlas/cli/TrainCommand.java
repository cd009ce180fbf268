package org.latentatlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.model.InvalidSettingException;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.Checkpoint;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas train}: fit a VAE and save it as a safetensors model file. */
@Command(name = "train", header = "Train a VAE, IWAE or autoencoder and save it as safetensors.",
        mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Train a VAE (or an IWAE, or a plain autoencoder) with Adam and save it as safetensors."
                + " Prints the test ELBO, reconstruction and KL in nats per example with their protocol and stores"
                + " them in the file, with a per-epoch history (ELBO, recon, KL, beta, active units). The same seed"
                + " gives a byte-identical file (wall time is printed, and stored only with --record-time)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Option(names = "--likelihood", paramLabel = "SPEC",
            description = {"Observation model p(x|z); what its nats mean is printed and stored with the results.",
                "bernoulli: cross-entropy; a true bound only on binary x (see --binarize).",
                "binomial(N): counts 0..N, a true bound on the discrete data (N = the dataset's levels, 16 for the"
                        + " digits); refused where the pixels are not counts out of N (or of a divisor of N).",
                "gaussian(SIGMA): fixed sigma in (0, 1000000); gaussian(learned): one learned sigma;"
                        + " gaussian(learned-pixel): one per pixel (tensor likelihood.logsigma, sigma >= 0.001):"
                        + " continuous densities, nats can be negative.",
                "continuous-bernoulli: a proper density on [0,1].",
                "Default: binomial(16) for the digits (the better model there, see docs/training.md), else"
                        + " bernoulli."})
    String likelihood;

    @Option(names = "--latent", defaultValue = "" + Defaults.LATENT, paramLabel = "DIM",
            description = "Latent dimensions (1..512). 2 gives a plane the explorer can draw.")
    int latent;

    // The label is written out whole (hideParamSyntax): picocli's WIDTH[,WIDTH...] can break at its comma where the
    // synopsis wraps, leaving half a label on each line.
    @Option(names = "--hidden", split = ",", defaultValue = Defaults.HIDDEN, paramLabel = "WIDTHS",
            hideParamSyntax = true, description = "Encoder hidden widths, input to latent, comma-separated.")
    List<Integer> hidden;

    @Option(names = "--decoder-hidden", split = ",", paramLabel = "WIDTHS", hideParamSyntax = true,
            description = "Decoder hidden widths, latent to output, comma-separated. Default: the encoder's,"
                    + " mirrored.")
    List<Integer> decoderHidden;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "relu|tanh|silu|gelu",
            description = {"Hidden-layer nonlinearity; gelu is the tanh approximation (PyTorch"
                    + " GELU(approximate='tanh')), which the browser explorer reproduces exactly.",
                "Weights start as PyTorch's nn.Linear: U(-1/sqrt(in), 1/sqrt(in)) for weights and biases."})
    String activation;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED",
            description = "Seed of every random choice: split, init, shuffling, noise, binarization.")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "model.safetensors", paramLabel = "FILE",
            description = {"Model file to write (atomically: never half-written). An existing model file there is"
                    + " replaced, and the run says so; any other file there (a dataset, a checkpoint, a report) is"
                    + " refused before training starts, and again at the save: a file put there during training is"
                    + " kept, and the model is written beside it (OUTPUT-1...) with an error saying so. The file is"
                    + " safetensors: a name another format's tools would open (.pt, .pth, .bin, .h5, .onnx, ...) is"
                    + " refused."})
    Path output;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "STEPS",
            description = {"Write a checkpoint every STEPS Adam steps (steps, not epochs, so long epochs are covered"
                    + " too) and when the run ends: model + Adam moments + step + RNG states + history, atomically."
                    + " 0 = off."})
    long checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = {"Checkpoint file for --checkpoint-every (default: OUTPUT with .ckpt before the"
                    + " extension). Must differ from --output; an existing file there is refused, unless it is the"
                    + " checkpoint this run continues (--resume). A file put there during training (of another kind,"
                    + " or another run's checkpoint) is kept: the checkpoints go beside it (FILE-1...) and a warning"
                    + " says so."})
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = {"Continue a checkpointed run exactly (bit for bit, also mid-epoch). The architecture,"
                    + " training options and seed not given take the checkpoint's (a step limit it reached is"
                    + " lifted), -o defaults to the model file whose default --checkpoint it is, and the data options"
                    + " and --checkpoint-every are the checkpoint's (its data looked for beside it first; --dataset"
                    + " given, the data options are all the command line's, as in older checkpoints, which hold only"
                    + " the data's hashes). Options given that differ from the checkpoint are refused together, each"
                    + " with the checkpoint's value (only --epochs, --patience, --stop-after-steps and --record-time"
                    + " may change, --epochs not under a cosine --lr-schedule or a cyclical --kl-schedule)."})
    Path resume;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    private Checkpoint resumed; // the --resume checkpoint once read, for a refusal to say what it holds

    @Override
    public Integer call() throws Exception {
        try {
            return train();
        } catch (InvalidSettingException e) { // the records name their fields; the user typed options
            throw ConfigOptions.TRAIN.named(e, spec);
        } catch (Checkpoint.MismatchException e) {
            throw ConfigOptions.TRAIN.named(e, resumed, schedules(), dataFix());
        } catch (Checkpoint.MismatchesException e) {
            throw ConfigOptions.TRAIN.named(e, resumed, schedules(), dataFix());
        } catch (TrainingDivergedException e) { // its advice names fields
            throw ConfigOptions.TRAIN.named(e);
        }
    }

    /** How long an interrupted run waits for a checkpoint being written: seconds, for a model of a few megabytes. */
    private static final Duration CHECKPOINT_WRITE_WAIT = Duration.ofSeconds(10);

    private ConfigOptions.Schedules schedules() {
        return resumed == null ? null
                : new ConfigOptions.Schedules(training.scheduleTyped(true), resumed.train().klSchedule());
    }

    /** What continues the resumed checkpoint when this run's data differ from its. */
    private String dataFix() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return ResumedOptions.dataFix(resumed, spec.mixins().get("data").options().stream()
                .anyMatch(parsed::hasMatchedOption));
    }

    private int train() throws Exception {
        Checkpoint from = resume == null ? null : readResumed();
        resumed = from;
        if (from != null) { // before anything reads the options: those not typed are the checkpoint's
            ResumedOptions.fill(this, from, spec.commandLine().getParseResult());
        }
        TrainConfig tc = training.toConfig(seed);
        String lik = likelihood != null ? likelihood : "bernoulli";
        // Rejects bad architecture options before any data is read.
        VaeConfig.of(1, 1, hidden, latent, decoderHidden, lik, activation);
        OutputFiles.Claims claims = new OutputFiles.Claims();
        OutputFiles.Target target = claims.claim("--output", output, OutputFiles.Kind.MODEL);
        Trainer.Checkpointing checkpointing = checkpointing(claims);
        LoadedDataset loaded = data.loadWithMetadata(seed);
        Dataset train = loaded.split().train();
        if (likelihood == null) {
            lik = Defaults.likelihood(loaded.metadata());
        }
        VaeConfig model = VaeConfig.of(train.height(), train.width(), hidden, latent, decoderHidden, lik, activation);
        Trainer trainer = new Trainer(checkpointing, from);
        PrintWriter err = spec.commandLine().getErr();
        // Ctrl-C ends the JVM: its shutdown hooks are the run's only chance to say where it got to.
        Thread hook = new Thread(() -> {
            try {
                trainer.stopCheckpointing(CHECKPOINT_WRITE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.println();
            err.println(lastWords(spec.qualifiedName(), trainer.stepsTaken(),
                    resumableAt(trainer.lastCheckpoint(), resume, from), this::resumeCommand));
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TrainingRun.trainAndSave(model, loaded, data.request(), tc, target, spec.commandLine().getOut(), err,
                    !noProgress, trainer, this::resumeCommand);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping: the hook will say its words
            }
        }
        return 0;
    }

    /** The --resume checkpoint; a file that is none says which option makes one. */
    private Checkpoint readResumed() throws IOException {
        InputFiles.requireFile("--resume", resume, "the checkpoint a run wrote with --checkpoint-every (by default"
                + " its -o with .ckpt before the extension)");
        try {
            return Checkpoint.read(resume);
        } catch (ModelFileException e) {
            throw ConfigOptions.TRAIN.named(e);
        }
    }

    /**
     * The checkpoint an interrupted run can go on from: the last it wrote, else the one it was resumed from (still
     * there: a run writes over it only with a checkpoint of its own), else none.
     */
    static Trainer.SavedAt resumableAt(Trainer.SavedAt written, Path resumedFrom, Checkpoint resumed) {
        if (written != null || resumed == null) {
            return written;
        }
        return new Trainer.SavedAt(resumedFrom, resumed.step());
    }

    /**
     * What an interrupted run says: how far it got and how to continue, or that it cannot.
     *
     * @param resumeCommand the command line that continues the run from a checkpoint
     */
    static String lastWords(String command, long steps, Trainer.SavedAt checkpoint,
                            Function<Path, String> resumeCommand) {
        String where = command + ": interrupted after step " + steps + "; ";
        if (checkpoint == null) {
            return where + "no checkpoint was written (--checkpoint-every STEPS makes a run resumable)";
        }
        return where + "the last checkpoint, " + checkpoint.path() + ", holds step " + checkpoint.step()
                + ": continue with " + resumeCommand.apply(checkpoint.path());
    }

    /**
     * The command that continues this run from {@code checkpoint}: --resume, and the output where it is not the one
     * beside the checkpoint. A checkpoint this run wrote holds the rest (its data options and interval among them);
     * the one it resumed holds not what this run changed, nor, older than that record, its data and interval: those
     * are given as this run was given them, so that the continued run can be continued in turn.
     */
    String resumeCommand(Path checkpoint) {
        List<String> words = new ArrayList<>(List.of("atlas", "train", "--resume", checkpoint.toString()));
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        boolean theResumedOne = checkpoint.equals(resume);
        List<OptionSpec> given = new ArrayList<>();
        if (theResumedOne) {
            given.addAll(spec.mixins().get("data").options());
            RESUMABLE.forEach(name -> given.add(spec.findOption(name)));
        }
        for (OptionSpec o : given) {
            if (parsed.hasMatchedOption(o)) {
                words.add(o.longestName());
                if (o.arity().max() > 0) {
                    words.addAll(o.originalStringValues());
                }
            }
        }
        if (!output.equals(Objects.requireNonNullElse(ResumedOptions.modelBeside(checkpoint), DEFAULT_OUTPUT))) {
            words.addAll(List.of("-o", output.toString()));
        }
        if (theResumedOne && checkpointEvery > 0) {
            words.addAll(List.of("--checkpoint-every", Long.toString(checkpointEvery)));
            if (!defaultCheckpoint(output).equals(checkpoint)) {
                words.addAll(List.of("--checkpoint", checkpoint.toString()));
            }
        }
        return ResumedOptions.command(words);
    }

    private static final Path DEFAULT_OUTPUT = Path.of("model.safetensors");
    /** The options a resumed run may change (Checkpoint.RESUMABLE_CHANGES). */
    private static final List<String> RESUMABLE = List.of("--epochs", "--patience", "--stop-after-steps",
            "--record-time");

    /** Where checkpoints go, claimed before any work: they must not land on the model or on another run's. */
    private Trainer.Checkpointing checkpointing(OutputFiles.Claims claims) throws IOException {
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be a number of steps >= 1 (0 = no"
                    + " checkpoints), got " + checkpointEvery);
        }
        if (checkpointEvery == 0) {
            if (checkpoint != null) { // it would be ignored, silently
                throw new IllegalArgumentException("--checkpoint " + checkpoint + " writes nothing without"
                        + " --checkpoint-every STEPS (how often to write it)");
            }
            return Trainer.Checkpointing.NONE;
        }
        Path path = checkpoint != null ? checkpoint : defaultCheckpoint(output);
        if (OutputFiles.sameFile(path, output)) {
            // The model would be written over the final checkpoint, and the run could not be continued.
            throw new IllegalArgumentException("--checkpoint " + path + " is also the --output file; give the"
                    + " checkpoint its own file (or leave --checkpoint out for " + defaultCheckpoint(output) + ")");
        }
        claims.claimCheckpoint("--checkpoint", path, resume);
        PrintWriter err = spec.commandLine().getErr();
        return new Trainer.Checkpointing(new CheckpointFile("--checkpoint", path, line -> {
            err.println(spec.qualifiedName() + ": warning: " + line);
            err.flush();
        }, this::resumeCommand, at -> ResumedOptions.RunOptions.json(data.request(), data.cacheDir, checkpointEvery,
                at)), checkpointEvery);
    }

    static Path defaultCheckpoint(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ckpt = dot > 0 ? name.substring(0, dot) + ".ckpt" + name.substring(dot) : name + ".ckpt";
        return output.resolveSibling(ckpt);
    }
}
