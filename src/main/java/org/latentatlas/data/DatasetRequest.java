package org.latentatlas.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.latentatlas.math.Rng;
import org.latentatlas.text.Words;

/**
 * Everything needed to turn {@code --dataset NAME|PATH} and its options into a train/test split.
 *
 * @param dataset   "digits", "mnist", "fashion-mnist", or a path: a CSV file, an IDX images file (labels
 *                  found beside it), a folder holding the four MNIST-named IDX files, or an image folder
 * @param dataDir   searched first for named sets (nullable); in JSON as typed ("data"), since Jackson's own form
 *                  of a path, a file URI, is absolute and would tie a model file to the folder it was trained in
 * @param cacheDir  the user cache (downloads go here)
 * @param download  allowed to fetch a named set that is not found locally
 * @param mirror    base URL replacing the official one for downloads (nullable)
 * @param limit     at most this many examples per split, a seeded stratified subsample (nullable)
 * @param testSize  test-split size for sets without their own: a count ("300") or a fraction ("0.2");
 *                  null for the default (300 for digits, 0.2 otherwise)
 * @param csv       how to read a CSV
 * @param resize    scale every image of an image folder to this shape (nullable)
 */
public record DatasetRequest(String dataset,
                             @JsonSerialize(using = ToStringSerializer.class)
                             @JsonDeserialize(using = TypedPath.class) Path dataDir,
                             Path cacheDir, boolean download, URI mirror,
                             Integer limit, String testSize, Csv.Options csv, Shape resize) {
    public static final int DIGITS_TEST = 300;
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    private static final long LIMIT_SALT = 0x4C494D4954L; // "LIMIT": limits draw from their own stream

    public DatasetRequest {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset must be a name or a path, got '" + dataset + "'");
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        if (csv == null) {
            csv = Csv.Options.DEFAULT;
        }
    }

    /**
     * Reads a recorded folder: as typed ("data", "../sets"), or as the file URI older model files hold
     * ("file:///home/me/data/"). Jackson's own reader would take a typed "a:b" for a URI with scheme "a" and refuse it.
     */
    static final class TypedPath extends StdDeserializer<Path> {
        private static final long serialVersionUID = 1L;

        TypedPath() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            return text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
        }
    }

    /** Just the name, everything else default. */
    public static DatasetRequest of(String dataset) {
        return new DatasetRequest(dataset, null, DatasetCatalog.defaultCacheDir(), false, null, null, null, null, null);
    }

    /**
     * The same data, split and limit, looked for elsewhere: the folders, cache and download settings belong to a
     * machine, not to a model, which records the rest.
     */
    public DatasetRequest locatedAt(Path newDataDir, Path newCacheDir, boolean newDownload, URI newMirror) {
        return new DatasetRequest(dataset, newDataDir, newCacheDir, newDownload, newMirror, limit, testSize, csv,
                resize);
    }

    /**
     * A path as typed, normalized ("./data/../d.csv" is "d.csv", "./" is "."): how a model file and a protocol name
     * data, the same from any working directory; absolute only where the user typed it so. A path that would
     * normalize to a set's name ("./mnist", "digits/") keeps its "./": recorded as "mnist" it would be read back as
     * the catalog's set, not the folder.
     */
    public static String normalized(String path) {
        String n = Path.of(path).normalize().toString();
        if (n.isEmpty()) {
            return ".";
        }
        return n.equals("digits") || DatasetCatalog.known(n).isPresent() ? "./" + n : n;
    }

    /** The same data read from another path (the same file moved), with the same options. */
    public DatasetRequest readingFrom(String path) {
        return new DatasetRequest(path, dataDir, cacheDir, download, mirror, limit, testSize, csv, resize);
    }

    /**
     * The options that read this request's data as it was read and split, as typed on a command line ("--csv-label
     * last", "--test-size 100"): what {@code --dataset PATH} needs beside it to name the same data.
     */
    public List<String> readingOptions() {
        List<String> options = new ArrayList<>();
        if (csv.header()) {
            options.add("--csv-header");
        }
        if (csv.labelColumn() != null) {
            options.add("--csv-label " + Words.shellWord(csv.labelColumn()));
        }
        if (csv.shape() != null) {
            options.add("--shape " + csv.shape());
        }
        if (csv.range() != null) {
            options.add("--value-range " + csv.range().option());
        }
        if (resize != null) {
            options.add("--resize " + resize);
        }
        if (testSize != null) {
            options.add("--test-size " + testSize);
        }
        return options;
    }

    /** The same request with another per-split cap (null for none). */
    public DatasetRequest withLimit(Integer newLimit) {
        return new DatasetRequest(dataset, dataDir, cacheDir, download, mirror, newLimit, testSize, csv, resize);
    }

    /**
     * The options given that the named data never reads, as typed ("--resize 28x28"), each with what it is for: the CSV
     * options read CSV files, {@code --resize} an image folder's images, {@code --download} and {@code --mirror} fetch
     * mnist and fashion-mnist (and {@code --mirror} only says where from when {@code --download} may fetch). Empty when
     * all apply, or when {@code dataset} names nothing (loading then says so). For options typed on a command line: a
     * request recorded in a model file replays what it was given.
     */
    public List<String> inapplicableOptions() {
        Source source = source();
        if (source == null) {
            return List.of();
        }
        List<String> unused = new ArrayList<>();
        if (source != Source.CSV) {
            String forCsv = "reads CSV files only";
            if (csv.header()) {
                unused.add("--csv-header (" + forCsv + ")");
            }
            if (csv.labelColumn() != null) {
                unused.add("--csv-label " + csv.labelColumn() + " (" + forCsv + ")");
            }
            if (csv.shape() != null) {
                unused.add("--shape " + csv.shape() + " (" + forCsv + ")");
            }
            if (csv.range() != null) {
                unused.add("--value-range " + csv.range().option() + " (" + forCsv + ")");
            }
        }
        if (resize != null && source != Source.IMAGE_FOLDER) {
            unused.add("--resize " + resize + " (resizes the images of an image folder only)");
        }
        if (source != Source.KNOWN) {
            if (download) {
                unused.add("--download (fetches mnist and fashion-mnist only)");
            }
            if (mirror != null) {
                unused.add("--mirror " + mirror + " (a download source for mnist and fashion-mnist only)");
            }
        } else if (mirror != null && !download) {
            unused.add("--mirror " + mirror + " (says where --download fetches from, and --download is not given)");
        }
        return unused;
    }

    /** What kind of data {@code dataset} names, which decides how it is loaded; null for nothing there. */
    private Source source() {
        if (dataset.equals("digits")) {
            return Source.EMBEDDED;
        }
        if (DatasetCatalog.known(dataset).isPresent()) {
            return Source.KNOWN;
        }
        Path path = Path.of(dataset);
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve("train-images-idx3-ubyte"))
                    || Files.isRegularFile(path.resolve("train-images-idx3-ubyte.gz"))
                    ? Source.IDX_FOLDER : Source.IMAGE_FOLDER;
        }
        if (!Files.exists(path)) {
            return null;
        }
        String file = path.getFileName().toString().toLowerCase();
        return file.endsWith(".csv") || file.endsWith(".csv.gz") ? Source.CSV : Source.IDX_FILE;
    }

    /** The kinds of data a request names: the embedded digits, a named set, or a path to one of the four others. */
    private enum Source { EMBEDDED, KNOWN, CSV, IDX_FILE, IDX_FOLDER, IMAGE_FOLDER }

    /** Loads, splits and limits; download progress and warnings about the data go to {@code log}. */
    public LoadedDataset load(long seed, Consumer<String> log) throws DatasetException {
        return limited(loadUnlimited(seed, log), seed);
    }

    /**
     * Loads and splits without {@link #limit}: the whole train/test split, from which any limit only subsamples,
     * so a caller can compare splits before the cap hides their sizes.
     */
    public LoadedDataset loadUnlimited(long seed, Consumer<String> log) throws DatasetException {
        Optional<KnownDataset> known = DatasetCatalog.known(dataset);
        LoadedDataset raw;
        if (dataset.equals("digits")) {
            raw = stratified(DigitsCsv.load(), "embedded", seed);
        } else if (known.isPresent()) {
            raw = loadKnown(known.get(), log);
        } else {
            raw = loadPath(Path.of(dataset), seed, log);
        }
        if (testSize != null && raw.metadata().split().equals("own")) { // it would be ignored, silently
            throw DatasetException.setting(dataset + " comes with its own train/test split (" + raw.split().train().size()
                    + " / " + raw.split().test().size() + "), so --test-size " + testSize + " cannot apply: leave it"
                    + " out, or use --limit N to take N of each");
        }
        return raw;
    }

    private LoadedDataset loadKnown(KnownDataset set, Consumer<String> log) throws DatasetException {
        Optional<Path> dir = DatasetCatalog.find(set, dataDir, cacheDir);
        if (dir.isEmpty() && !download) {
            throw DatasetCatalog.notFound(set, dataDir, cacheDir);
        }
        Path from = dir.isPresent() ? dir.get() : new Downloader(log).fetch(set, downloadMirror(), cacheDir);
        Split split = DatasetCatalog.load(set, from);
        return new LoadedDataset(split, DatasetMetadata.of(split, DatasetCatalog.portableName(from), "own", null, null));
    }

    /** The server downloads go to instead of the set's own, and what named it; null where none is named. */
    private Downloader.Mirror downloadMirror() {
        String property = System.getProperty(DatasetCatalog.MIRROR_PROPERTY);
        if (mirror != null) {
            return new Downloader.Mirror(mirror, "--mirror");
        }
        return property != null && !property.isBlank()
                ? new Downloader.Mirror(URI.create(property), "system property " + DatasetCatalog.MIRROR_PROPERTY) : null;
    }

    private LoadedDataset loadPath(Path path, long seed, Consumer<String> log) throws DatasetException {
        Source source = source();
        if (source == null) {
            throw DatasetException.setting("unknown dataset '" + dataset + "': expected digits, mnist, fashion-mnist"
                    + " or a path to a CSV file, an IDX file or a folder, and there is no such file or folder");
        }
        String name = normalized(dataset); // named and recorded as typed, whatever the working directory
        return switch (source) {
            case IDX_FOLDER -> idxFolder(path, name);
            case IMAGE_FOLDER -> stratified(ImageFolder.load(path, resize).named(name), name, seed);
            case CSV -> {
                Csv.Read read = Csv.read(path, csv, log);
                LoadedDataset split = stratified(read.dataset().named(name), name, seed);
                yield new LoadedDataset(split.split(), split.metadata(), read.labelColumn() != null,
                        read.labelColumn());
            }
            case IDX_FILE -> stratified(Idx.readPair(name, path, labelsBeside(path), null), name, seed);
            case EMBEDDED, KNOWN -> throw new IllegalStateException(dataset + " is no path");
        };
    }

    /** A folder laid out like MNIST: its own split, classes numbered 0..max label over both splits. */
    private LoadedDataset idxFolder(Path dir, String name) throws DatasetException {
        Idx.SplitPairs read = DatasetCatalog.readFolder(dir, DatasetCatalog.MNIST, name, null);
        Dataset train = read.train().dataset();
        Dataset test = read.test().dataset();
        DatasetCatalog.checkSameKind(dir, train, test);
        List<String> names = train.classNames().size() >= test.classNames().size() ? train.classNames() : test.classNames();
        Split split = new Split(renamed(train, names), renamed(test, names));
        return new LoadedDataset(split, DatasetMetadata.of(split, name, "own", null, null));
    }

    private static Dataset renamed(Dataset d, List<String> classNames) {
        return new Dataset(d.name(), d.height(), d.width(), d.pixels(), d.labels(), classNames, d.levels(), d.range(),
                d.sha256(), d.baseName());
    }

    /** "train-images-idx3-ubyte.gz" → "train-labels-idx1-ubyte.gz" (also without .gz), next to the images. */
    static Path labelsBeside(Path images) throws DatasetException {
        String name = images.getFileName().toString();
        if (!name.contains("images")) { // no labels name can be guessed: the file is not what we read, say so
            throw DatasetException.in(images, "not a dataset file: expected a CSV table (.csv or .csv.gz), an IDX"
                    + " images file whose name holds 'images' (such as train-images-idx3-ubyte.gz) with its labels"
                    + " file beside it, a folder of images or of IDX files, or digits, mnist, fashion-mnist");
        }
        String guess = name.replace("images", "labels").replace("idx3", "idx1");
        List<Path> tried = new ArrayList<>();
        for (String candidate : List.of(guess, guess.endsWith(".gz") ? guess.substring(0, guess.length() - 3) : guess + ".gz")) {
            Path p = images.resolveSibling(candidate);
            tried.add(p);
            if (!candidate.equals(name) && Files.isRegularFile(p)) {
                return p;
            }
        }
        throw DatasetException.in(images, "treated as an IDX images file, but found no labels file beside it: expected "
                + tried.get(0) + " or " + tried.get(1));
    }

    private LoadedDataset stratified(Dataset all, String source, long seed) throws DatasetException {
        int test = testCount(all);
        Split split = Split.stratified(all, test, seed);
        return new LoadedDataset(split, DatasetMetadata.of(split, source, "stratified", seed, null));
    }

    int testCount(Dataset all) throws DatasetException {
        return testCount(all.name(), all.size());
    }

    /** The test examples this request's {@code testSize} takes from a set of {@code n} (before any limit). */
    public int testCount(String name, int n) throws DatasetException {
        if (n < 2) {
            throw new DatasetException(name + ": expected at least 2 examples to split into train and test, got " + n);
        }
        int count;
        if (testSize == null) {
            count = name.equals("digits") ? DIGITS_TEST : (int) Math.round(n * DEFAULT_TEST_FRACTION);
        } else if (testSize.contains(".")) {
            double f = parseFraction(testSize);
            count = (int) Math.round(n * f);
        } else {
            count = parseCount(testSize);
        }
        if (count >= n) {
            throw DatasetException.setting(name + ": --test-size " + testSize + " leaves no training data: expected "
                    + "fewer than " + n + " test examples, got " + count);
        }
        return Math.max(1, count);
    }

    private static double parseFraction(String text) throws DatasetException {
        try {
            double f = Double.parseDouble(text);
            if (f > 0 && f < 1) {
                return f;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw DatasetException.setting("--test-size: expected a count like 300 or a fraction in (0, 1) like 0.2, got '" + text + "'");
    }

    private static int parseCount(String text) throws DatasetException {
        try {
            int c = Integer.parseInt(text.strip());
            if (c >= 1) {
                return c;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw DatasetException.setting("--test-size: expected a count like 300 or a fraction in (0, 1) like 0.2, got '" + text + "'");
    }

    /** Caps each split at {@code limit} by a seeded stratified subsample (class balance kept). */
    public LoadedDataset limited(LoadedDataset raw, long seed) {
        if (limit == null) {
            return raw;
        }
        Rng rng = new Rng(seed ^ LIMIT_SALT);
        Split s = raw.split();
        Split cut = new Split(subsample(s.train(), rng.nextLong()), subsample(s.test(), rng.nextLong()));
        DatasetMetadata m = raw.metadata();
        return raw.with(cut, DatasetMetadata.of(cut, m.source(), m.split(), seed, limit));
    }

    private Dataset subsample(Dataset d, long seed) {
        return limit >= d.size() ? d : Split.stratified(d, limit, seed).test();
    }
}
