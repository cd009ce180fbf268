package org.latentatlas.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.io.IoErrors;

/**
 * The explorer as a folder of static files ({@code atlas export}): every file the server serves, under the name the
 * page fetches it by, byte for byte as the server sends it, and a README.txt saying how to view it. Any static host
 * serves it as {@link ExplorerServer} does, less the headers: the page carries its own Content-Security-Policy.
 *
 * <p>An export is written whole or not at all: into a temporary folder first, then renamed into place, so a failure
 * (a full disk) leaves no half-written export and, with {@code --force}, the files that were there before.
 * The same model and points give the same bytes in every file.
 */
public final class ExplorerExport {
    public static final String MODEL = "model.safetensors";
    public static final String POINTS = "points.json";
    public static final String README = "README.txt";
    /** Every file an export writes, in the order it writes them; nothing else is ever written or replaced. */
    public static final List<String> FILES = Stream.concat(ExplorerPage.FILES.stream(),
            Stream.of(MODEL, POINTS, README)).toList();

    private ExplorerExport() {}

    /**
     * A folder claimed for an export: checked before the work that makes the model's points, and again just before
     * the write, since a file can be put there meanwhile.
     *
     * @param force whether the files an export writes may replace an earlier export's files of those names (and the
     *              others be kept)
     */
    public record Target(Path dir, boolean force) {
        public Target {
            if (dir == null) {
                throw new IllegalArgumentException("an export needs a directory to write into");
            }
        }
    }

    /**
     * What a write did, for the command's report.
     *
     * @param replaced the names of the files that were there and were replaced, in {@link #FILES} order
     * @param kept     how many other entries the folder holds, left as they were
     */
    public record Written(Path dir, long bytes, List<String> replaced, int kept) {
        public Written {
            replaced = List.copyOf(replaced);
        }
    }

    /**
     * Claims {@code dir} for an export.
     *
     * @throws IllegalArgumentException when it is a file, holds anything while {@code force} is false, holds a
     *                                  folder under the name of a file the export writes or, with {@code force}, a
     *                                  file there no export wrote (see {@link ExportedFiles}), or when no file can
     *                                  be created where the export goes
     */
    public static Target claim(Path dir, boolean force) {
        String refused = refusal(dir, force);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        checkWritable(dir);
        return new Target(dir, force);
    }

    /**
     * Creates and deletes a file in {@code dir}, or in the nearest folder above it that exists (where the export's
     * folder will be made): as train -o does, since the permission bits, which root always passes, do not say whether
     * the file system takes a file, and finding out at the write would cost the encoding of the data.
     */
    private static void checkWritable(Path dir) {
        Path folder = dir.toAbsolutePath();
        while (!Files.exists(folder)) {
            folder = folder.getParent();
        }
        try {
            AtomicFiles.probeWritable(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot write in directory " + folder + " ("
                    + IoErrors.describe(e) + ")");
        }
    }

    /**
     * Writes the export: the page's files, {@code model} as {@value #MODEL}, {@code points} as {@value #POINTS} and a
     * README.txt that starts with {@code about}, a line saying which model this is, and says whether the points hold
     * data ({@code withData}: false for --no-points, or where the model's data was not found).
     *
     * @throws IOException naming the folder and the cause; nothing of the export is left behind, and no file that was
     *                     there is changed, unless the failure came while moving the written files into a folder
     *                     that already existed (renames within one folder: not seen to fail in practice), which the
     *                     message then says
     */
    public static Written write(Target target, byte[] model, byte[] points, String about, boolean withData)
            throws IOException {
        return write(target, contents(model, points, about, withData));
    }

    /** Writes {@code files}, name to bytes, as {@link #write(Target, byte[], byte[], String, boolean)} does. */
    static Written write(Target target, Map<String, byte[]> files) throws IOException {
        Path dir = target.dir();
        String refused = refusal(dir, target.force());
        if (refused != null) { // the folder changed while the model's points were made
            throw new IOException(refused + " (it changed while this command ran)");
        }
        long bytes = files.values().stream().mapToLong(b -> b.length).sum();
        if (!Files.exists(dir)) {
            writeNewFolder(dir, files);
            return new Written(dir, bytes, List.of(), 0);
        }
        int kept = entries(dir).size();
        List<String> replaced = files.keySet().stream()
                .filter(name -> Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)).toList();
        writeInto(dir, files);
        return new Written(dir, bytes, replaced, kept - replaced.size());
    }

    /** The bytes of each file, in {@link #FILES} order. */
    static Map<String, byte[]> contents(byte[] model, byte[] points, String about, boolean withData) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : ExplorerPage.FILES) {
            files.put(name, ExplorerPage.read(name));
        }
        files.put(MODEL, model.clone());
        files.put(POINTS, points.clone());
        files.put(README, readme(about, withData).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The README: how to view the folder, and what anyone who can view it can take. */
    static String readme(String about, boolean withData) {
        String what = withData
                ? "(model.safetensors) and the encoded data points (points.json). The page runs the model itself,\n"
                        + "in the browser; the web server only hands over the files.\n\n"
                : "(model.safetensors) and points.json, which holds no data points: this export left them out. The\n"
                        + "page runs the model itself, in the browser; the web server only hands over the files.\n\n";
        String shared = withData
                ? "Anyone who can open the page can download model.safetensors and points.json; points.json holds\n"
                        + "the test images themselves.\n"
                : "Anyone who can open the page can download model.safetensors.\n";
        return ExportedFiles.README_START + about.strip() + "\n\n"
                + "This folder is a static web site: index.html, its scripts and style sheet, the model file\n"
                + what
                + "To view it, serve the folder over HTTP:\n"
                + "  - on this machine: run  python3 -m http.server --bind 127.0.0.1  in this folder, then open\n"
                + "    http://127.0.0.1:8000/ (without --bind it listens on every network interface)\n"
                + "  - for others: put the folder on any static web host (GitHub Pages, for one); the page sets its\n"
                + "    own Content-Security-Policy, so the host needs no settings.\n"
                + "Opened straight from the disk (a file:// address) it cannot start, since browsers load neither its\n"
                + "scripts nor its model file that way; the page then says so.\n\n"
                + shared;
    }

    /** Why {@code dir} cannot take an export, or null. */
    private static String refusal(Path dir, boolean force) {
        if (!Files.exists(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            return parent == null || Files.isDirectory(parent) ? null : dir + ": " + parent
                    + " is a file, not a directory: give a directory for the export (it is created if missing)";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is a file, not a directory: give a new or empty directory for the export (it is"
                    + " created if missing)";
        }
        if (force) {
            for (String name : FILES) {
                if (Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    return (dir.resolve(name) + " is a directory; --force replaces only files: move it"
                            + " away, or give another directory for the export");
                }
            }
            return ExportedFiles.refusal(dir);
        }
        List<String> there = entries(dir);
        if (there.isEmpty()) {
            return null;
        }
        String some = String.join(", ", there.subList(0, Math.min(3, there.size())))
                + (there.size() > 3 ? " and " + (there.size() - 3) + " more" : "");
        return dir + " is not empty (it holds " + some + "); give a new or empty directory for the export, or add"
                + " --force to replace an earlier export's files there (index.html, its scripts and style sheet,"
                + " model.safetensors, points.json, README.txt) and keep everything else in it";
    }

    /** The names in a folder, sorted, hidden ones too (a .git folder is content a user would not want mixed in). */
    private static List<String> entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * A folder that does not exist yet: written as a hidden sibling, then renamed to its name in one step. The
     * folders above it that it makes go again if it fails: "nothing was written there" holds for them too.
     */
    private static void writeNewFolder(Path dir, Map<String, byte[]> files) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Path staged = parent.resolve(stagedName(absolute));
        try (ExportStaging staging = ExportStaging.cover(dir, staged)) {
            try {
                staging.step(() -> staging.made(createDirectories(parent)));
                staging.step(() -> Files.createDirectory(staged));
                writeAll(staging, staged, files);
                staging.step(() -> Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE));
                staging.done();
                AtomicFiles.forceDirectory(parent);
            } catch (IOException e) {
                staging.undo(e);
                throw new IOException("cannot write the export to " + dir + ": " + IoErrors.describe(e)
                        + "; nothing was written there", e);
            } catch (RuntimeException | Error e) {
                staging.undo(e);
                throw e;
            }
        }
    }

    /**
     * Creates {@code folder} and the folders above it that are missing, returning those it made, the highest first;
     * on a failure part-way, removes those it had made.
     */
    static List<Path> createDirectories(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path f = folder; f != null && !Files.exists(f, LinkOption.NOFOLLOW_LINKS); f = f.getParent()) {
            missing.add(0, f);
        }
        List<Path> made = new ArrayList<>();
        try {
            for (Path f : missing) {
                Files.createDirectory(f);
                made.add(f);
            }
        } catch (IOException | RuntimeException e) {
            removeMade(made, e);
            throw e;
        }
        return made;
    }

    /**
     * Removes the folders {@code made} (highest first) that are still empty, the lowest first. One that holds
     * anything is kept: something not the export's was put there meanwhile, and it is not this command's to remove.
     * A failure is added to {@code failure} as suppressed.
     */
    static void removeMade(List<Path> made, Throwable failure) {
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(made.get(i));
            } catch (DirectoryNotEmptyException kept) {
                return; // and so every folder above it
            } catch (IOException e) {
                failure.addSuppressed(e);
                return;
            }
        }
    }

    /**
     * A folder that exists (empty, or {@code --force}): the files are written to a hidden folder inside it, then each
     * renamed over its name. Staged inside, not beside: the folder may be a mount point, which a rename cannot cross
     * or replace.
     */
    private static void writeInto(Path dir, Map<String, byte[]> files) throws IOException {
        Path staged = dir.resolve(".atlas-export-" + UUID.randomUUID() + ".tmp");
        try (ExportStaging staging = ExportStaging.cover(dir, staged)) {
            try {
                staging.step(() -> Files.createDirectory(staged));
                writeAll(staging, staged, files);
                for (String name : files.keySet()) {
                    staging.moved(name, () -> Files.move(staged.resolve(name), dir.resolve(name),
                            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
                }
                staging.step(() -> Files.delete(staged));
                staging.done();
                AtomicFiles.forceDirectory(dir);
            } catch (IOException e) {
                staging.undo(e);
                List<String> moved = staging.movedSoFar();
                throw new IOException("cannot write the export to " + dir + ": " + IoErrors.describe(e) + "; "
                        + (moved.isEmpty() ? "no file there was changed" : "only " + String.join(", ", moved)
                        + " had been replaced: run the export again"), e);
            } catch (RuntimeException | Error e) {
                staging.undo(e);
                throw e;
            }
        }
    }

    private static void writeAll(ExportStaging staging, Path folder, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            staging.step(() -> {
                try (FileChannel channel = FileChannel.open(folder.resolve(f.getKey()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(f.getValue());
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true); // on disk before a rename makes it visible under its name
                }
            });
        }
        AtomicFiles.forceDirectory(folder);
    }

    /** ".site.export-UUID.tmp" for "site": hidden, and saying whose it is if a crash leaves it. */
    private static String stagedName(Path dir) {
        String name = dir.getFileName().toString();
        return "." + name.substring(0, Math.min(name.length(), 40)) + ".export-" + UUID.randomUUID() + ".tmp";
    }

    /** Deletes {@code root} and all under it, if there; a failure is added to {@code failure} as suppressed. */
    static void deleteTree(Path root, Throwable failure) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
