package org.latentatlas.cli;

import java.util.ArrayList;
import java.util.List;
import org.latentatlas.data.DatasetRequest;
import picocli.CommandLine.Option;

/**
 * The data options of commands that read a saved model ({@code evaluate}, {@code plot}, {@code serve}): without
 * {@code --dataset} they look at the data the model was trained on, so only the options that find that data
 * (folders, cache, download) and {@code --limit} (a subsample of each split) apply; the ones that would describe
 * other data are refused rather than ignored.
 */
final class ModelDataOptions extends DataOptions {
    /** What the data options mean for a saved model, said once in each such command's description. */
    static final String OWN_DATA = "Without --dataset the model's own data is reloaded with the split it was trained"
            + " with and verified by hash; --limit subsamples each split (with --split train, to no more than the"
            + " model trained on), while --test-size and the CSV options need --dataset. --dataset naming the"
            + " training data split another way is refused: it would count training examples as test examples.";

    @Option(names = "--dataset", paramLabel = "NAME|PATH", description = SOURCES + " Default: the data the model "
            + "was trained on, reloaded with its recorded split and verified by SHA-256.")
    String dataset;

    /** True when the user named data; false means the model's own. */
    boolean explicit() {
        return dataset != null;
    }

    @Override
    public String dataset() {
        if (dataset == null) {
            throw new IllegalStateException("no --dataset given: the model's own data is replayed, not requested");
        }
        return dataset;
    }

    /** The options given that describe how to read and split data, as typed ("--test-size 0.5"). */
    List<String> dataDescribingOptions() {
        List<String> given = new ArrayList<>();
        add(given, "--test-size", testSize);
        add(given, "--csv-header", csvHeader ? "" : null);
        add(given, "--csv-label", csvLabel);
        add(given, "--shape", shape);
        add(given, "--value-range", valueRange == null ? null : valueRange.option()); // as typed, 0:255
        add(given, "--resize", resize);
        return given;
    }

    private static void add(List<String> given, String name, Object value) {
        if (value != null) {
            given.add(value.toString().isEmpty() ? name : name + " " + value);
        }
    }

    /**
     * The options that say where and how the model's data is found ({@link #locate}), never which data or how much:
     * a command that reads none takes them as a no-op, for whoever gives them always (a shell alias, a script).
     */
    static final List<String> FINDING = List.of("--data-dir", "--cache-dir", "--download", "--mirror");

    /** The model's recorded request, found through this machine's folders, cache and download settings. */
    DatasetRequest locate(DatasetRequest stored) {
        return stored.locatedAt(dataDir != null ? dataDir : stored.dataDir(), cacheDir(), download, mirror);
    }

    /** The user's {@code --limit}, or null to keep the model's own. */
    Integer limit() {
        return limit;
    }
}
