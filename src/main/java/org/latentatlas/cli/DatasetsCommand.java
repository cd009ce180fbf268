package org.latentatlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.KnownDataset;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.data.Split;
import org.latentatlas.figures.ContactSheet;
import org.latentatlas.figures.FigureWriter;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.io.IoErrors;
import org.latentatlas.text.Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atlas datasets}: what is available locally and where; {@code datasets show NAME}: counts and samples. */
@Command(name = "datasets", header = "List the datasets available locally; show one as a contact sheet.",
        mixinStandardHelpOptions = true, subcommands = DatasetsCommand.Show.class,
        description = "List the datasets available locally and where they are.")
public class DatasetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Also search this folder.")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Download cache. Default: $" + DatasetCatalog.CACHE_ENV + " or ~/.cache/latent-atlas.")
    Path cacheDir;

    @Override
    public Integer call() throws IOException {
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + (Files.exists(dataDir)
                    ? " is not a folder" : " does not exist") + ": expected a folder of datasets");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path cache = cacheDir != null ? cacheDir : DatasetCatalog.defaultCacheDir();
        out.printf("%-14s %-10s %s%n", "NAME", "STATUS", "WHERE");
        out.printf("%-14s %-10s %s%n", "digits", "available", "embedded in the jar (1,797 images 8x8,"
                + " 10 classes)");
        for (KnownDataset set : DatasetCatalog.all()) {
            Optional<Path> dir = DatasetCatalog.find(set, dataDir, cache);
            if (dir.isPresent()) {
                out.printf("%-14s %-10s %s%n", set.name(), "available", dir.get());
            } else {
                // 'datasets' itself takes no --download: the hint is a command that does, fetching where it looked
                String how = "atlas datasets show " + set.name() + " --download" + (cacheDir != null
                        ? " --cache-dir " + Words.shellWord(cacheDir.toString()) : "")
                        + (set.installHint() != null ? ", or " + set.installHint() : "");
                out.printf("%-14s %-10s %s%n", set.name(), "missing", "looked in "
                        + DatasetCatalog.searchDirs(set, dataDir, cache) + "; get it with " + how);
            }
        }
        if (dataDir != null) {
            listDataDir(out);
        }
        out.println("Any CSV file, IDX file or image folder can be given as --dataset PATH.");
        out.flush();
        return 0;
    }

    /** Things in --data-dir that --dataset PATH would accept, by what they look like (not yet validated). */
    private void listDataDir(PrintWriter out) throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path p : entries.sorted().toList()) {
                String kind = kindOf(p);
                if (kind != null) {
                    out.printf("%-14s %-10s %s%n", p.getFileName(), kind, p);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot list --data-dir " + dataDir + ": " + IoErrors.describe(e), e);
        }
    }

    private static String kindOf(Path p) {
        String name = p.getFileName().toString().toLowerCase();
        if (name.startsWith(".")) {
            return null;
        }
        if (Files.isDirectory(p)) {
            boolean idx = Files.exists(p.resolve("train-images-idx3-ubyte"))
                    || Files.exists(p.resolve("train-images-idx3-ubyte.gz"));
            return idx ? "idx-folder" : "folder";
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return "csv";
        }
        return name.contains("images") && name.contains("idx") ? "idx" : null;
    }

    /** {@code atlas datasets show NAME}: split sizes, counts per class and a contact sheet PNG. */
    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Print counts per class and write a contact sheet PNG of train samples, the classes in"
                    + " label order, each named beside its first line, drawn as the figures of atlas plot draw images.")
    static class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|PATH",
                description = "Dataset to show (overrides --dataset).")
        String name;

        @Mixin
        DatasetOptions data;

        @Option(names = "--out", paramLabel = "FILE", description = "Contact sheet PNG. Default: NAME-samples.png,"
                + " NAME the data's file name without .csv or .gz. Its folder must exist. An existing PNG there is"
                + " replaced; any other file (a model, a dataset) is refused.")
        Path out;

        @Option(names = "--per-class", defaultValue = "10", paramLabel = "N", description = "Samples per class; a"
                + " class with more than a line holds (20 tiles of 56 px) goes on below. A sheet too large to draw"
                + " (over 16.8 megapixels) is refused, naming the most per class that fit. Default: ${DEFAULT-VALUE}.")
        int perClass;

        @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "SEED", description = "Seed for the split"
                + " (train's, with the same seed) and for the samples shown. Default: ${DEFAULT-VALUE}, as train's.")
        long seed;

        @Override
        public Integer call() throws IOException {
            PrintWriter o = spec.commandLine().getOut();
            if (name != null) {
                data.dataset = name;
            }
            if (perClass < 1) { // before the data is read, and as typed
                throw new IllegalArgumentException("--per-class must be at least 1, got " + perClass);
            }
            Path file = out != null ? out : defaultSheet(data.dataset);
            OutputFiles.Target sheet = new OutputFiles.Claims().claim("--out", file, OutputFiles.Kind.PNG);
            // A dataset that cannot be read, or a sheet that cannot be written, goes to Main's handler: one line
            // naming the command, exit 1.
            LoadedDataset loaded = data.loadWithMetadata(seed);
            Split split = loaded.split();
            try { // before anything is printed: how many fit depends on the data, so it is known only now
                ContactSheet.checkFits(split.train(), perClass);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--per-class " + perClass + ": " + e.getMessage(), e);
            }
            String splitWords = loaded.metadata().split().equals("own") ? "its own split"
                    : "stratified split, seed " + seed;
            o.println(data.dataset + " from " + loaded.metadata().source() + ": " + split.train().height() + "x"
                    + split.train().width() + ", pixels " + loaded.metadata().pixelScale() + ", " + splitWords);
            printCounts(o, split);
            String source = loaded.metadata().source();
            String caption = String.format(Locale.ROOT, "data: %s%s, %s, %,d images of %dx%d", data.dataset,
                    source.equals(data.dataset) ? "" : " (" + source + ")", loaded.metadata().split().equals("own")
                            ? "its own train split" : "train split (stratified, seed " + seed + ")",
                    split.train().size(), split.train().height(), split.train().width());
            byte[] png = FigureWriter.png(ContactSheet.figure(split.train(), perClass, seed, caption));
            sheet = sheet.recheck();
            AtomicFiles.write(file, png);
            int shown = ContactSheet.columns(split.train(), perClass);
            int perLine = ContactSheet.perLine(split.train());
            o.println("contact sheet (classes in label order, up to " + shown + " train samples each"
                    + (shown > perLine ? ", " + perLine + " to a line" : "") + "): " + sheet.withNote());
            o.flush();
            return 0;
        }

        private static void printCounts(PrintWriter o, Split split) {
            Dataset train = split.train();
            int[] tr = train.classCounts();
            int[] te = split.test().classCounts();
            o.printf("%-5s %-16s %8s %8s%n", "label", "class", "train", "test");
            for (int c = 0; c < tr.length; c++) {
                o.printf("%-5d %-16s %,8d %,8d%n", c, train.classNames().get(c), tr[c], te[c]);
            }
            o.printf("%-5s %-16s %,8d %,8d%n", "", "total", train.size(), split.test().size());
        }

        /**
         * "NAME-samples.png" in the working directory, NAME the data's file name without its folder and without .csv,
         * .csv.gz or .gz ("data/d.csv" gives d-samples.png, not d.csv-samples.png), any character a file name had
         * better not hold as '_'.
         */
        static Path defaultSheet(String dataset) {
            String base = Path.of(dataset).getFileName() != null ? Path.of(dataset).getFileName().toString() : dataset;
            String stem = base.replaceFirst("(?i)(\\.csv)?(\\.gz)?$", "");
            return Path.of((stem.isEmpty() ? base : stem).replaceAll("[^A-Za-z0-9._-]", "_") + "-samples.png");
        }
    }
}
