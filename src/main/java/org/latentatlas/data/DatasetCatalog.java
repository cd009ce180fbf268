package org.latentatlas.data;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named datasets and where their files are looked for: the data dir, then the user cache, then
 * folders a system package installs into. Nothing here touches the network; see {@link Downloader}.
 */
public final class DatasetCatalog {
    /** Where Debian's {@code dataset-fashion-mnist} installs the four files (from {@code dpkg -L}). */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String CACHE_ENV = "LATENT_ATLAS_CACHE";
    /** System property naming a mirror folder URL for downloads (tests point it at a local server). */
    public static final String MIRROR_PROPERTY = "latentatlas.mirror";

    public static final List<String> DIGIT_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    public static final List<String> FASHION_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * MNIST (LeCun, Cortes &amp; Burges). Served from the Google mirror that TensorFlow Datasets uses, since
     * yann.lecun.com often refuses downloads. No authority publishes SHA-256 of the decompressed MNIST
     * files, so the archives are verified by the SHA-256 that TensorFlow Datasets pins for exactly these URLs:
     * tensorflow/datasets, tensorflow_datasets/url_checksums/mnist.txt (sizes 9,912,422 / 28,881 / 1,648,877 /
     * 4,542 bytes, as on yann.lecun.com; torchvision/datasets/mnist.py pins the same four files by MD5 only:
     * f68b3c2d…, d53e105e…, 9fb629c4…, ec29112d…). The decompressed sizes follow from the IDX headers
     * (16 + n·784 and 8 + n bytes) and are checked too. A local MNIST copy can only be checked by those sizes.
     */
    public static final KnownDataset MNIST = new KnownDataset("mnist", DIGIT_NAMES,
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"), List.of(
            new RemoteFile("train-images-idx3-ubyte.gz", 47_040_016, null,
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new RemoteFile("train-labels-idx1-ubyte.gz", 60_008, null,
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new RemoteFile("t10k-images-idx3-ubyte.gz", 7_840_016, null,
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", 10_008, null,
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
            List.of(), null);

    /**
     * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017; MIT, Zalando SE) from its official S3 site. Verified by
     * the SHA-256 of the decompressed content (shared/data/DATASETS.md), which also holds for Debian's copy,
     * whose .gz headers differ from upstream.
     */
    public static final KnownDataset FASHION_MNIST = new KnownDataset("fashion-mnist", FASHION_NAMES,
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"), List.of(
            new RemoteFile("train-images-idx3-ubyte.gz", 47_040_016,
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", null),
            new RemoteFile("train-labels-idx1-ubyte.gz", 60_008,
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", null),
            new RemoteFile("t10k-images-idx3-ubyte.gz", 7_840_016,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", null),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", 10_008,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", null)),
            List.of(DEBIAN_FASHION_MNIST), "apt-get install dataset-fashion-mnist");

    private static final Map<String, KnownDataset> KNOWN = Map.of(MNIST.name(), MNIST, FASHION_MNIST.name(), FASHION_MNIST);

    private DatasetCatalog() {}

    public static Optional<KnownDataset> known(String name) {
        return Optional.ofNullable(KNOWN.get(name));
    }

    public static List<KnownDataset> all() {
        return List.of(MNIST, FASHION_MNIST);
    }

    /** {@code LATENT_ATLAS_CACHE} if set, else {@code ~/.cache/latent-atlas}. */
    public static Path defaultCacheDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "latent-atlas");
    }

    /**
     * A folder a named set was found in, as a model file records it: one in the default cache by the cache's own
     * name ("~/.cache/latent-atlas/mnist", "$LATENT_ATLAS_CACHE/mnist"), whose absolute path would hold this user's
     * home and differ between machines; any other normalized, as typed (--data-dir) or as a system package puts it.
     */
    public static String portableName(Path folder) {
        Path f = folder.normalize();
        Path cache = defaultCacheDir().normalize();
        if (!f.startsWith(cache)) {
            return DatasetRequest.normalized(f.toString());
        }
        String env = System.getenv(CACHE_ENV);
        String name = env != null && !env.isBlank() ? "$" + CACHE_ENV : "~/.cache/latent-atlas";
        return cache.equals(f) ? name : name + "/" + cache.relativize(f);
    }

    /** Folders searched for {@code set}, in order. {@code dataDir} may be null. */
    public static List<Path> searchDirs(KnownDataset set, Path dataDir, Path cacheDir) {
        List<Path> dirs = new ArrayList<>();
        if (dataDir != null) {
            dirs.add(dataDir.resolve(set.name()));
            dirs.add(dataDir);
        }
        dirs.add(cacheDir.resolve(set.name()));
        dirs.addAll(set.systemLocations());
        return dirs;
    }

    /** The first folder that holds all four files, if any. */
    public static Optional<Path> find(KnownDataset set, Path dataDir, Path cacheDir) {
        return searchDirs(set, dataDir, cacheDir).stream().filter(d -> hasAll(set, d)).findFirst();
    }

    static boolean hasAll(KnownDataset set, Path dir) {
        return set.files().stream().allMatch(f -> fileIn(dir, f) != null);
    }

    /** The file in {@code dir} as .gz or uncompressed, or null. */
    static Path fileIn(Path dir, RemoteFile f) {
        for (String name : List.of(f.fileName(), f.plainName())) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The error for a set that is nowhere: every folder searched and how to get the files, on one line (the CLI
     * prints a message as one line, so a list of folders is written as a sentence, not one folder a line).
     */
    public static DatasetException notFound(KnownDataset set, Path dataDir, Path cacheDir) {
        List<String> files = set.files().stream().map(f -> f.plainName() + "[.gz]").toList();
        List<String> folders = new ArrayList<>();
        for (Path d : searchDirs(set, dataDir, cacheDir)) {
            long present = set.files().stream().filter(f -> fileIn(d, f) != null).count();
            folders.add(d + (present == 0 ? " (not there)" : " (only " + present + " of 4 files)"));
        }
        Path cached = cacheDir.resolve(set.name());
        StringBuilder m = new StringBuilder(set.name() + ": dataset files not found: looked for ")
                .append(String.join(", ", files)).append(" in ").append(String.join(", ", folders))
                .append(dataDir == null ? "; no --data-dir given" : "")
                .append(". To get them: rerun with --download (fetches ").append(set.baseUrl()).append(" into ")
                .append(cached).append(", verified by SHA-256)");
        if (set.installHint() != null) {
            m.append(", or ").append(set.installHint());
        }
        m.append(", or put the four files in ").append(cached).append(" or in a --data-dir");
        return new DatasetException(m.toString());
    }

    /** Reads the set's own train/test split from {@code dir}, checking content hashes where they are known. */
    public static Split load(KnownDataset set, Path dir) throws DatasetException {
        Idx.SplitPairs read = readFolder(dir, set, set.name(), set.classNames());
        checkContent(dir, set.trainImages(), set.trainLabels(), read.train());
        checkContent(dir, set.testImages(), set.testLabels(), read.test());
        Split split = new Split(read.train().dataset(), read.test().dataset());
        checkSameKind(dir, split.train(), split.test());
        return split;
    }

    /**
     * The four files of an MNIST-style folder, plain or gzipped, read as one set: both splits on the same levels
     * ({@link Idx#readSplit}).
     *
     * @param layout     whose file names to look for
     * @param classNames the classes, or null to number them from the labels
     */
    static Idx.SplitPairs readFolder(Path dir, KnownDataset layout, String name, List<String> classNames)
            throws DatasetException {
        Path[] train = pairIn(dir, layout.trainImages(), layout.trainLabels());
        Path[] test = pairIn(dir, layout.testImages(), layout.testLabels());
        return Idx.readSplit(name, train[0], train[1], test[0], test[1], classNames);
    }

    /** {images, labels} in {@code dir}. */
    private static Path[] pairIn(Path dir, RemoteFile images, RemoteFile labels) throws DatasetException {
        Path imagesFile = fileIn(dir, images);
        Path labelsFile = fileIn(dir, labels);
        if (imagesFile == null || labelsFile == null) {
            throw DatasetException.in(dir, "expected " + images.plainName() + "[.gz] and " + labels.plainName()
                    + "[.gz] (an MNIST-style folder), one is missing");
        }
        return new Path[] {imagesFile, labelsFile};
    }

    /** Train and test must be images of one shape and depth, or a model could not use both. */
    static void checkSameKind(Path dir, Dataset train, Dataset test) throws DatasetException {
        if (train.height() != test.height() || train.width() != test.width() || train.levels() != test.levels()) {
            throw DatasetException.in(dir, "train and test differ: expected the same shape and levels, got train "
                    + train.height() + "x" + train.width() + " levels " + train.levels() + ", test " + test.height()
                    + "x" + test.width() + " levels " + test.levels());
        }
    }

    private static void checkContent(Path dir, RemoteFile images, RemoteFile labels, Idx.Pair read)
            throws DatasetException {
        checkContent(fileIn(dir, images), images, read.imagesSha256(), read.imagesBytes());
        checkContent(fileIn(dir, labels), labels, read.labelsSha256(), read.labelsBytes());
    }

    /** Length always (where known), content hash where an authority publishes one (not for MNIST). */
    private static void checkContent(Path file, RemoteFile expected, String actualSha, long actualBytes)
            throws DatasetException {
        // MNIST and Fashion-MNIST share file names and sizes: a mixed-up folder is caught by the other's hashes
        for (KnownDataset other : all()) {
            for (RemoteFile f : other.files()) {
                if (actualSha.equals(f.contentSha256()) && !actualSha.equals(expected.contentSha256())) {
                    throw DatasetException.in(file, "expected " + expected.fileName() + " of this dataset, got "
                            + other.name() + "'s " + f.fileName() + " (same name, other dataset)");
                }
            }
        }
        if (expected.contentBytes() >= 0 && expected.contentBytes() != actualBytes) {
            throw DatasetException.in(file, "decompressed length mismatch: expected " + expected.contentBytes()
                    + " bytes, got " + actualBytes + " (a different dataset or version)");
        }
        if (expected.contentSha256() != null && !expected.contentSha256().equals(actualSha)) {
            throw DatasetException.in(file, "content SHA-256 mismatch: expected " + expected.contentSha256()
                    + ", got " + actualSha + " (a different version or a damaged file; delete it and use --download)");
        }
    }
}
