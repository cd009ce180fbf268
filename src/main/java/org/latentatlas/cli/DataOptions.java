package org.latentatlas.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.latentatlas.data.Csv;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DatasetException;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.data.Shape;
import org.latentatlas.data.Split;
import org.latentatlas.data.ValueRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The dataset options every command that reads data shares. {@code --dataset} itself is declared by the
 * subclass, because its default differs: {@link DatasetOptions} (train) starts from the embedded digits,
 * {@link ModelDataOptions} (evaluate, plot, serve) from the data the model was trained on. The command owns
 * {@code --seed} and passes it to {@link #load(long)}.
 */
public abstract class DataOptions {
    static final String SOURCES = "digits (embedded), mnist, fashion-mnist, or a path: CSV file, IDX images file "
            + "(labels beside it), MNIST-style folder, or image folder (one sub-folder per class).";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Searched first for named datasets (DIR/NAME/ and DIR/).")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Download cache. Default: $" + DatasetCatalog.CACHE_ENV + " or ~/.cache/latent-atlas.")
    Path cacheDir;

    @Option(names = "--download", description = "Fetch mnist / fashion-mnist if not found locally "
            + "(verified by SHA-256, written atomically into the cache).")
    boolean download;

    @Option(names = "--mirror", paramLabel = "URL", description = "Base URL to download from instead of the "
            + "official one (also system property " + DatasetCatalog.MIRROR_PROPERTY + ").")
    URI mirror;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use at most N examples per split (a seeded, stratified subsample of each split, so "
                    + "test examples stay test examples), for quick runs.")
    Integer limit;

    @Option(names = "--test-size", paramLabel = "N|FRACTION",
            description = "Test split for sets without their own: a count (300) or a fraction (0.2). "
                    + "Default: 300 for digits, 0.2 otherwise.")
    String testSize;

    @Option(names = "--csv-header", description = "The CSV's first line holds column names.")
    boolean csvHeader;

    @Option(names = "--csv-label", paramLabel = "COLUMN",
            description = "CSV label column: a header name, 'last', or an index counted from 0 as pandas counts (0"
                    + " is the first column; messages count columns from 1 as editors do, so their column 5 is"
                    + " --csv-label 4). Its values are class indices (0, 1, ...) or class names (the classes are then"
                    + " the names, sorted). Default: no labels.")
    String csvLabel;

    @Option(names = "--shape", paramLabel = "ROWSxCOLS", converter = ShapeConverter.class,
            description = "Image shape of CSV rows, e.g. 28x28. Default: a square inferred from the column count.")
    Shape shape;

    @Option(names = "--value-range", paramLabel = "MIN:MAX", converter = RangeConverter.class,
            description = "CSV pixel range mapped to [0, 1], e.g. 0:255. Default: inferred ([0, max] for "
                    + "non-negative integers).")
    ValueRange valueRange;

    @Option(names = "--resize", paramLabel = "ROWSxCOLS", converter = ShapeConverter.class,
            description = "Resize every image of an image folder to this shape (bilinear). Without it, "
                    + "mixed sizes are an error.")
    Shape resize;

    /** The dataset name or path to load; never null. */
    public abstract String dataset();

    /**
     * The options as a request, for callers that want the data layer directly. An option the named data would never
     * read is refused (it would be ignored, and recorded in the model file as if it had been used).
     */
    public DatasetRequest request() {
        DatasetRequest request = new DatasetRequest(dataset(), dataDir, cacheDir(), download, mirror, limit, testSize,
                new Csv.Options(csvHeader, csvLabel, valueRange, shape), resize);
        List<String> unused = request.inapplicableOptions();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("the dataset " + dataset() + " does not read "
                    + String.join(", ", unused) + ": leave " + (unused.size() == 1 ? "it" : "them") + " out");
        }
        return request;
    }

    Path cacheDir() {
        return cacheDir != null ? cacheDir : DatasetCatalog.defaultCacheDir();
    }

    /** Loads the train/test split; download progress goes to the command's error stream. */
    public Split load(long seed) throws DatasetException {
        return loadWithMetadata(seed).split();
    }

    /** The split and its {@code atlas.dataset} metadata ({@code .metadata().metadataJson()}). */
    public LoadedDataset loadWithMetadata(long seed) throws DatasetException {
        return request().load(seed, log());
    }

    /** Download progress, line by line, to the command's error stream. */
    Consumer<String> log() {
        PrintWriter err = mixee != null ? mixee.commandLine().getErr() : new PrintWriter(System.err, true);
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /** Parses 28x28 for picocli, turning a bad value into a usage error with the value in it. */
    static final class ShapeConverter implements ITypeConverter<Shape> {
        @Override
        public Shape convert(String value) {
            return usageErrorOnFailure(Shape::parse, value);
        }
    }

    /** Parses MIN:MAX, as {@link ShapeConverter}. */
    static final class RangeConverter implements ITypeConverter<ValueRange> {
        @Override
        public ValueRange convert(String value) {
            return usageErrorOnFailure(ValueRange::parse, value);
        }
    }

    /**
     * picocli reports a {@link TypeConversionException}'s message as it is, any other exception with its Java class
     * name ("cannot convert '5:1' to ValueRange (java.lang.IllegalArgumentException: ...)").
     */
    private static <T> T usageErrorOnFailure(Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
