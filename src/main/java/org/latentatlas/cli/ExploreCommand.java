package org.latentatlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Hashing;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.text.Json;
import org.latentatlas.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atlas explore} (also plain {@code atlas}): the default 2-D digits model, trained once and cached by
 * the hash of everything that determines its bytes, then served.
 */
@Command(name = "explore", header = "Train (or reuse) the default digits model and serve the explorer.", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train the default 2-D VAE on the embedded digits (or reuse the cached one for the same config)"
                + " and serve the explorer. This is what 'atlas' with no command does.")
public final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Options options = new Options();

    /** The explore options, also mixed into the top-level command so {@code atlas --port 9000} works. */
    public static final class Options {
        @Mixin
        ExplorerLauncher.ServeOptions serve = new ExplorerLauncher.ServeOptions();

        @Option(names = "--retrain", description = "Train again even if a cached default model exists.")
        boolean retrain;

        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Where the default model is cached (default: $LATENT_ATLAS_CACHE or ~/.cache/latent-atlas).")
        Path cacheDir;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VaeConfig model = VaeConfig.symmetric(DigitsCsv.SIDE, DigitsCsv.SIDE,
                parseSizes(Defaults.HIDDEN), Defaults.LATENT, Defaults.DIGITS_LIKELIHOOD);
        options.serve.check();
        TrainConfig tc = defaultTraining();
        Dataset digits = DigitsCsv.load();
        if (options.cacheDir != null) {
            // A file given as the folder is a slip of the command line (exit 2, as plot --out's): found here, for the
            // file system would say only "Not a directory" of the models folder under it.
            OutputFiles.claimDirectory("--cache-dir", options.cacheDir);
        }
        Path cached = cacheDirectory().resolve("models").resolve(
                "digits-default-" + cacheKey(model, tc, digits) + ".safetensors");
        ExplorerLauncher.ModelBytes file = options.retrain ? null : usable(cached, err);
        if (file == null) {
            if (options.cacheDir != null) {
                OutputFiles.createDirectory("--cache-dir", cached.getParent());
            } else { // the default cache failing is this machine's trouble, not the command line's
                Files.createDirectories(cached.getParent());
            }
            OutputFiles.Target target = new OutputFiles.Claims().claim("--cache-dir", cached, OutputFiles.Kind.MODEL);
            DatasetRequest request = DatasetRequest.of("digits");
            TrainingRun.trainAndSave(model, request.load(tc.seed(), err::println), request, tc, target, out, err, true);
            file = ExplorerLauncher.ModelBytes.read(cached); // the file as written, as serve reads any model file
        } else {
            out.println("using the cached default model " + cached + " (--retrain to train it again)");
        }
        // The embedded digits, found by name: nothing to locate, so no data options.
        return ExplorerLauncher.serve(cached, file, options.serve, new ModelDataOptions(), out, err);
    }

    /** What {@code atlas train} records with every training option left at its default. */
    static TrainConfig defaultTraining() {
        return new TrainConfig(Integer.parseInt(Defaults.EPOCHS), Integer.parseInt(Defaults.BATCH),
                Double.parseDouble(Defaults.LEARNING_RATE), Double.parseDouble(Defaults.BETA),
                Long.parseLong(Defaults.SEED));
    }

    /** The same cache the datasets use, so one setting ($LATENT_ATLAS_CACHE) moves both. */
    private Path cacheDirectory() {
        return options.cacheDir != null ? options.cacheDir : DatasetCatalog.defaultCacheDir();
    }

    /**
     * A cached model is used only if it reads back cleanly. A damaged one is removed and retrained, and we say
     * so: the file under this hashed name in the cache is ours, and removing it lets the claim on the path see
     * no file rather than one it cannot recognize.
     *
     * @return the cached model as read, or null when there is none (or it was damaged and is now removed)
     */
    private static ExplorerLauncher.ModelBytes usable(Path cached, PrintWriter err) throws IOException {
        if (!Files.exists(cached)) {
            return null;
        }
        try {
            return ExplorerLauncher.ModelBytes.read(cached); // read once: serve takes it as read here
        } catch (ModelFileException e) {
            err.println("the cached model is unusable (" + e.getMessage() + "); removing it and training again");
            Files.delete(cached);
            return null;
        }
    }

    /** Everything that determines the default model's bytes: architecture, training config, data, code version. */
    static String cacheKey(VaeConfig model, TrainConfig tc, Dataset data) {
        String version = String.valueOf(ExploreCommand.class.getPackage().getImplementationVersion());
        String key = ModelFile.configJson(model) + "|" + Json.write(tc) + "|" + data.sha256() + "|"
                + ModelFile.FORMAT_VERSION + "|" + version;
        return Hashing.sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    static List<Integer> parseSizes(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

}
