package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.latentatlas.figures.LatentScatter;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.io.FileSignatures;
import org.latentatlas.io.IoErrors;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.io.SafeTensorsException;
import org.latentatlas.server.SelfContainedPage;
import org.latentatlas.text.Json;

/**
 * The one rule for every file a command writes: a file already at the path may be replaced only by a file of
 * its own kind (a model by a model, a report by a report, a PNG by a PNG); anything else is refused before any
 * work starts. A mistyped or tab-completed option must never cost a model, a checkpoint or a dataset, and a
 * refusal after an hour of training would cost the hour. Kinds are told by content, not by extension, since
 * the extension is exactly what a slip gets wrong. Each path is looked at again right before its write
 * ({@link Target#recheck}), since a file can be put there while the work runs.
 */
final class OutputFiles {
    /** Reports are kilobytes; a JSON file far larger is something else and is not parsed to find out. */
    private static final long MAX_REPORT_BYTES = 16L << 20;
    /** The longest file name, in bytes, that Linux's, macOS's and most other file systems take (NAME_MAX). */
    static final int MAX_NAME_BYTES = 255;

    private OutputFiles() {}

    /** What a file is, as far as replacing it goes. */
    enum Kind {
        MODEL("a model file"),
        CHECKPOINT("a training checkpoint"),
        EVALUATION_REPORT("an evaluation report (JSON)"),
        PNG("a PNG image"),
        SVG("an SVG image"),
        SCATTER_CSV("a scatter coordinates CSV"),
        EXPLORER_PAGE("an explorer page written by atlas export"),
        OTHER_SAFETENSORS("a safetensors file that is not a Latent Atlas model"),
        OTHER("an unrecognized file");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /**
     * A path a command may write.
     *
     * @param option    the option that gave the path, for messages
     * @param writing   the kind of file the command will write there
     * @param replacing what is there now (its own kind, see {@link Claims#claim}), or null when nothing is
     */
    record Target(String option, Path path, Kind writing, Kind replacing) {
        /** A target not looked at yet: its folder does not exist, or {@link #recheck} looks just before writing. */
        static Target unchecked(String option, Path path, Kind writing) {
            return new Target(option, path, writing, null);
        }

        /**
         * The target as it is now, looked at again just before the write: the claim was made before the work,
         * which can take hours, and a file of another kind put at the path since must not be replaced either.
         * A checkpoint is never rechecked here: see {@link CheckpointFile}, which the trainer asks before each write.
         *
         * @throws IOException naming the option, the path and what is there now (exit 1: nothing was wrong with
         *                     the command line when the work started)
         */
        Target recheck() throws IOException {
            if (!Files.exists(path)) {
                return new Target(option, path, writing, null);
            }
            Kind there = kindOf(path);
            if (there != writing || writing == Kind.CHECKPOINT) {
                throw new IOException(option + " " + path + " is now " + there.description() + ", put there while"
                        + " this command ran; refusing to replace it with " + writing.description());
            }
            return new Target(option, path, writing, there);
        }

        /** "wrote PATH", saying when a file was replaced: replacing a model must never be silent. */
        String wrote() {
            return "wrote " + withNote();
        }

        /** The path, followed by "(replaced the model file that was there)" when it replaced one. */
        String withNote() {
            return path + (replacing == null ? "" : " (replaced the " + replacing.description()
                    .replaceFirst("^an? ", "") + " that was there)");
        }
    }

    /**
     * The files one command claims, each before any work starts. Each folder is probed for writing once per command,
     * however many files it holds (plot claims a PNG and an SVG of each figure and the scatter CSV there: up to 19).
     */
    static final class Claims {
        private final FolderProbe probe;
        private final Set<Path> writable = new HashSet<>(); // folders already shown to take a new file

        Claims() {
            this(AtomicFiles::probeWritable);
        }

        /** @param probe how a folder is shown to take a new file (tests count the calls) */
        Claims(FolderProbe probe) {
            this.probe = probe;
        }

        /**
         * Claims {@code path} (given as {@code option}) for a new file of kind {@code writing}: its folder must exist
         * and be writable, and a file already there must be of the same kind. A checkpoint is never claimed here:
         * see {@link #claimCheckpoint}.
         *
         * @throws IllegalArgumentException naming the option, the path, what is there and what to do
         */
        Target claim(String option, Path path, Kind writing) {
            return claim(option, path, writing, false);
        }

        /**
         * Claims {@code path} for the checkpoints of a run. An existing checkpoint is replaced only by the run that
         * resumed from it ({@code resumedFrom} is the same file): that is the resume flow; any other checkpoint
         * holds a run that could still be continued.
         */
        Target claimCheckpoint(String option, Path path, Path resumedFrom) {
            return claim(option, path, Kind.CHECKPOINT, resumedFrom != null && sameFile(path, resumedFrom));
        }

        private Target claim(String option, Path path, Kind writing, boolean mayReplaceCheckpoint) {
            checkFolder(option, path);
            Kind there = Files.exists(path) ? kindOf(path) : null;
            boolean sameKind = there == writing && (there != Kind.CHECKPOINT || mayReplaceCheckpoint);
            if (there != null && !sameKind) {
                throw new IllegalArgumentException(option + " " + path + " is " + describe(there, writing)
                        + "; refusing to replace it with " + writing.description() + ". "
                        + advice(option, path, there));
            }
            // After the file there is judged, which says more (a model where the report would go); not for the
            // checkpoint a run resumed from, whose name was chosen already: refusing it would strand the run.
            if (!mayReplaceCheckpoint) {
                ForeignNames.refuse(option, path, writing);
            }
            return new Target(option, path, writing, there);
        }

        private void checkFolder(String option, Path path) {
            if (Files.isDirectory(path)) {
                throw new IllegalArgumentException(option + " " + path + " is a directory; give a file name in it");
            }
            refuseLongName(option, path, "file");
            Path parent = path.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new IllegalArgumentException(option + " " + path + ": " + (parent != null && Files.exists(parent)
                        ? parent + " is not a directory: it is " + kindOf(parent).description()
                        : "directory " + parent + " does not exist"));
            }
            if (writable.contains(parent.normalize())) {
                return;
            }
            // Files.isWritable asks the permission bits, which root always passes, not the file system, which may
            // still refuse (read-only, sysfs): only creating a file tells, and finding out after the training would
            // cost the training.
            try {
                probe.createAndDelete(parent);
            } catch (IOException e) {
                throw new IllegalArgumentException(option + " " + path + ": cannot write in directory " + parent + " ("
                        + IoErrors.describe(e) + ")");
            }
            writable.add(parent.normalize());
        }
    }

    /**
     * Refuses a name longer than file systems take: found here, not when the file (or folder) is written at the end of
     * the work.
     *
     * @param what "file" or "folder", as the message says the name
     */
    static void refuseLongName(String option, Path path, String what) {
        Path name = path.getFileName();
        int bytes = name == null ? 0 : name.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(option + " " + path + ": the " + what + " name is " + bytes
                    + " bytes long; file systems take at most " + MAX_NAME_BYTES + " (give a shorter name)");
        }
    }

    /** Shows that a folder takes a new file, or says in its exception why not. */
    @FunctionalInterface
    interface FolderProbe {
        void createAndDelete(Path folder) throws IOException;
    }

    private static String describe(Kind there, Kind writing) {
        return there == Kind.CHECKPOINT && writing == Kind.CHECKPOINT
                ? "a training checkpoint of a run this one did not resume" : there.description();
    }

    private static String advice(String option, Path path, Kind there) {
        String move = "Give " + option + " another path, or move the existing file away first";
        return there == Kind.CHECKPOINT ? move + " (to continue its run: atlas train --resume " + path + ")" : move;
    }

    /**
     * Refuses {@code dir} (given as {@code option}) as a directory to write into when it is a file: the file
     * system would only say "already exists" with the bare path. Creates nothing, so a later refusal of another
     * option leaves no empty directory behind; see {@link #createDirectory}.
     */
    static void claimDirectory(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is not a directory: it is "
                    + kindOf(dir).description() + ". Give a directory to write into (it is created if missing)");
        }
    }

    /** Creates a claimed directory if missing; a failure says why, in the file system's words. */
    static void createDirectory(String option, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot create directory " + dir + ": "
                    + IoErrors.describe(e), e);
        }
    }

    /** The kind of an existing file, by its content. */
    static Kind kindOf(Path path) {
        byte[] start = head(path, 1024); // enough for an SVG's XML declaration and doctype
        if (start.length > 8 && start[8] == '{') { // after the 8-byte header length, the JSON header
            Kind safetensors = safetensorsKind(path);
            if (safetensors != null) {
                return safetensors;
            }
        }
        String text = new String(start, StandardCharsets.UTF_8).stripLeading();
        if (FileSignatures.isPng(start)) {
            return Kind.PNG;
        }
        if (text.startsWith("<") && text.contains("<svg")) {
            return Kind.SVG;
        }
        if (text.startsWith("<") && text.contains(SelfContainedPage.GENERATOR)) {
            return Kind.EXPLORER_PAGE;
        }
        if (text.startsWith(LatentScatter.CSV_HEADER)) {
            return Kind.SCATTER_CSV;
        }
        return text.startsWith("{") && isEvaluationReport(path) ? Kind.EVALUATION_REPORT : Kind.OTHER;
    }

    private static Kind safetensorsKind(Path path) {
        try {
            return switch (ModelFile.Role.of(SafeTensors.readMetadata(path))) {
                case CHECKPOINT -> Kind.CHECKPOINT;
                case MODEL -> Kind.MODEL;
                case OTHER -> Kind.OTHER_SAFETENSORS;
            };
        } catch (SafeTensorsException e) {
            return null; // not safetensors after all: a text file whose ninth byte is '{'
        }
    }

    private static boolean isEvaluationReport(Path path) {
        try {
            if (Files.size(path) > MAX_REPORT_BYTES) {
                return false;
            }
            JsonNode root = Json.readTree(path.toFile());
            String schema = root.path("schema").asText();
            // Either kind of report (a VAE's or an autoencoder's) may replace the other: both are evaluate's output.
            return List.of(EvaluateCommand.JSON_SCHEMA, EvaluateCommand.AUTOENCODER_SCHEMA).stream()
                    .anyMatch(s -> schema.startsWith(s.replaceFirst("/.*", "/")));
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] head(Path path, int bytes) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(bytes);
        } catch (IOException e) {
            // An unreadable file is still a file we must not replace: it is reported as "another kind".
            return new byte[0];
        }
    }

    /** "model-1.safetensors" for "model.safetensors" (or -2, -3, ...): the first such name that holds no file. */
    static Path freeSibling(Path path) {
        String name = path.getFileName().toString();
        int dot = name.indexOf('.') > 0 ? name.indexOf('.') : name.length();
        for (int n = 1; ; n++) {
            Path candidate = path.resolveSibling(name.substring(0, dot) + "-" + n + name.substring(dot));
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    /** Whether two paths name one file; paths of files not yet written are compared as absolute paths. */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to comparing the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
