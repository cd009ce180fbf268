package org.latentatlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DatasetException;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.KnownDataset;

/**
 * Where a model's training data is now. Training records the data's path twice, neither depending on the folder
 * the command ran in, so the same command gives the same file from anywhere: relative to the model file's folder
 * ({@value #BESIDE_MODEL_FIELD}), which finds it when the model and its data move together, and as typed,
 * normalized (the request's {@code dataset}), which finds it from the working directory it was typed in. They are
 * tried in that order. Older files recorded the typed path absolute, and the oldest only as typed (then tried from
 * the model's folder first too): they are read the same way. Named sets (mnist, fashion-mnist) are looked for where
 * this machine keeps them, and in the {@code --data-dir} they were read from, beside the model first likewise.
 */
final class RecordedDataset {
    /** The training metadata field holding the data's path (or a named set's --data-dir) from the model's folder. */
    static final String BESIDE_MODEL_FIELD = "dataBesideModel";

    private RecordedDataset() {}

    /** The model's recorded data cannot be shown: serve shows the explorer without its points, others fail. */
    abstract static class Unavailable extends DatasetException {
        private static final long serialVersionUID = 1L;
        private final String remedy;

        /** @param remedy what the command's user can do, the message's last clause: no path of this machine */
        Unavailable(String message, String remedy, Throwable cause) {
            super(message, cause);
            this.remedy = remedy;
        }

        /** What the command's user can do, as the message ends, for a page that cannot show the paths before it. */
        String remedy() {
            return remedy;
        }
    }

    /** The model's recorded data is not on this machine. */
    static final class Missing extends Unavailable {
        private static final long serialVersionUID = 1L;

        Missing(String message, String remedy) {
            super(message, remedy, null);
        }
    }

    /** Data was found where the model's was, but it is not what the model was trained on: it changed since. */
    static final class Changed extends Unavailable {
        private static final long serialVersionUID = 1L;

        Changed(String message, String remedy, Throwable cause) {
            super(message, remedy, cause);
        }
    }

    /**
     * The request as a model records it: paths as typed and normalized, absolute only where typed so, and without
     * this machine's cache folder or download flags, which the file must not depend on.
     */
    static DatasetRequest portable(DatasetRequest r) {
        Path dataDir = r.dataDir() == null ? null : Path.of(DatasetRequest.normalized(r.dataDir().toString()));
        DatasetRequest located = r.locatedAt(dataDir, null, false, null);
        return isPath(r) ? located.readingFrom(DatasetRequest.normalized(r.dataset())) : located;
    }

    /**
     * The data's path from the model file's folder: a file's or folder's, or for a named set the {@code --data-dir} it
     * was read from; null for a named set from the cache or the system (or where no relative path exists).
     */
    static String besideModel(DatasetRequest r, Path modelFile) {
        Path data = isPath(r) ? Path.of(r.dataset()) : r.dataDir();
        if (data == null) {
            return null;
        }
        try {
            return folderOf(modelFile).relativize(data.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) { // another root (a Windows drive): the typed path must do
            return null;
        }
    }

    /**
     * A named set's recorded {@code --data-dir}, looked for beside the model first as a file's path is: typed
     * relative, it named a folder from the training run's working directory, which a later command need not share.
     * A {@code --data-dir} given to the command now ({@code located}'s differs from the recorded one) is kept.
     */
    static DatasetRequest dataDirBesideModel(Path modelFile, String besideModel, DatasetRequest recorded,
                                             DatasetRequest located) {
        if (isPath(recorded) || besideModel == null || recorded.dataDir() == null
                || !recorded.dataDir().equals(located.dataDir())) {
            return located;
        }
        Path beside = folderOf(modelFile).resolve(besideModel).normalize();
        return Files.isDirectory(beside)
                ? located.locatedAt(beside, located.cacheDir(), located.download(), located.mirror()) : located;
    }

    /**
     * The recorded request, reading from where its file or folder is now; a named set is returned as it is (its
     * loading says where it was looked for and how to get it).
     *
     * @param besideModel the recorded path from the model's folder ({@value #BESIDE_MODEL_FIELD}), null in older files
     * @param newPlace    how the command's user gives the data's new place, said after the places tried and followed
     *                    by putting it back, at the one place tried ("there") or at one of those tried
     * @throws Missing when no place holds it
     */
    static DatasetRequest find(Path modelFile, String besideModel, DatasetRequest recorded, String newPlace)
            throws Missing {
        // One place where the model has not moved: beside it is where the recorded path leads.
        return find(modelFile, "model", besideModel, recorded, tried -> newPlace + ", or put it back "
                + (tried == 1 ? "there" : "at one of those paths"));
    }

    /**
     * As {@link #find(Path, String, DatasetRequest, String)} for data recorded in another kind of file, one that
     * records it the same way (a checkpoint).
     *
     * @param kind what the file is, for messages: "model", "checkpoint"
     */
    static DatasetRequest find(Path file, String kind, String besideFile, DatasetRequest recorded, String remedy)
            throws Missing {
        return find(file, kind, besideFile, recorded, tried -> remedy);
    }

    /** @param remedy what to do, given how many places were tried */
    private static DatasetRequest find(Path file, String kind, String besideFile, DatasetRequest recorded,
                                       IntFunction<String> remedy) throws Missing {
        if (!isPath(recorded)) {
            return recorded;
        }
        Map<Path, String> tried = places(file, kind, recorded.dataset(), besideFile);
        for (Path place : tried.keySet()) {
            if (Files.exists(place)) {
                return recorded.readingFrom(place.toString());
            }
        }
        List<String> described = tried.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        String what = remedy.apply(tried.size());
        throw new Missing(file + ": the " + kind + "'s recorded data, " + recorded.dataset() + ", is not found: tried "
                + String.join(" and ", described) + "; " + what, what);
    }

    /**
     * Refuses a named set this machine has not got (and may not download) as {@link Missing}, for a command that
     * can go on without the data; others let loading fail with the catalog's advice.
     */
    static void requireNamedSet(Path modelFile, DatasetRequest located) throws Missing {
        Optional<KnownDataset> known = DatasetCatalog.known(located.dataset());
        if (known.isPresent() && !located.download()
                && DatasetCatalog.find(known.get(), located.dataDir(), located.cacheDir()).isEmpty()) {
            String remedy = "'atlas datasets' says how to get it";
            throw new Missing(modelFile + ": the model's recorded data, " + known.get().name() + ", is not on this"
                    + " machine: looked in " + DatasetCatalog.searchDirs(known.get(), located.dataDir(), located.cacheDir())
                    + "; " + remedy, remedy);
        }
    }

    /**
     * Where to look, in order, each with why: beside the model file, then as recorded. A file without the path from
     * the model's folder (older than it) has its typed relative path tried from the model's folder too.
     */
    private static Map<Path, String> places(Path modelFile, String kind, String recorded, String besideModel) {
        Map<Path, String> places = new LinkedHashMap<>();
        Path asRecorded = Path.of(recorded);
        Path beside = besideModel != null ? Path.of(besideModel) : asRecorded.isAbsolute() ? null : asRecorded;
        if (beside != null) {
            places.put(folderOf(modelFile).resolve(beside).normalize(), "beside the " + kind);
        }
        places.putIfAbsent(asRecorded.toAbsolutePath().normalize(), asRecorded.isAbsolute() ? "as recorded"
                : "as recorded, from the working directory");
        return places;
    }

    private static boolean isPath(DatasetRequest r) {
        return isPath(r.dataset());
    }

    /** A path, not a set's name: the embedded digits and the catalog's sets are found by name. */
    static boolean isPath(String dataset) {
        return !dataset.equals("digits") && DatasetCatalog.known(dataset).isEmpty();
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static Path folderOf(Path file) {
        return file.toAbsolutePath().normalize().getParent();
    }
}
