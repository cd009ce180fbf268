package org.latentatlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DatasetException;
import org.latentatlas.data.DatasetMetadata;
import org.latentatlas.data.DatasetRequest;
import org.latentatlas.data.LoadedDataset;
import org.latentatlas.data.Split;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;

/**
 * Finds the data a saved model was trained on: the dataset request stored in {@code atlas.training} is
 * replayed with the training seed, and the result must hash to what {@code atlas.dataset} recorded, so a
 * model is never shown beside data it did not see.
 */
final class ModelDatasets {
    static final String REQUEST_FIELD = "data";
    /** What serve's user can do about recorded data that changed, said after what changed. */
    private static final String TO_SEE_ITS_POINTS = "put back the data it was trained on to see its points, or train a"
            + " model on the data as it is now";
    /** What evaluate's and plot's user can do about it: their numbers and figures are the model's on its own data. */
    private static final String FOR_ITS_OWN_NUMBERS = "numbers on other data would not be the model's own: put back the"
            + " data it was trained on, or train a model on the data as it is now";

    private ModelDatasets() {}

    /** What a command does with the data it looks at, which decides what its user is told when the model's is gone. */
    enum Purpose {
        /** evaluate, plot: numbers and figures on the model's own data; without it they stop. */
        NUMBERS("is evaluated or drawn on", FOR_ITS_OWN_NUMBERS),
        /**
         * serve: points to show, which the explorer can open without. The model's own data missing, changed or no
         * longer read as in training is then {@link RecordedDataset.Unavailable}, a named set not on this machine too.
         */
        POINTS("shows the points of", TO_SEE_ITS_POINTS);

        /** What the command does with the data, between the model file and "the data it was trained on". */
        private final String use;
        private final String remedyWhenChanged;

        Purpose(String use, String remedyWhenChanged) {
            this.use = use;
            this.remedyWhenChanged = remedyWhenChanged;
        }
    }

    /**
     * What a model file says about its training data.
     *
     * @param modelFile   the model file, for messages and to find its data beside it
     * @param data        the recorded {@code atlas.dataset}: name, split, sizes and hashes
     * @param request     the recorded request (or the bare name, for files older than the request field)
     * @param besideModel the data's path (or a named set's --data-dir) from the model's folder, as recorded (null in
     *                    older files)
     * @param seed        the training seed, which also seeded the split and any limit
     * @param config      the training config when training held examples out for validation, else null
     */
    private record Recorded(Path modelFile, DatasetMetadata data, DatasetRequest request, String besideModel,
                            long seed, TrainConfig config) {
        /** @param training the file's {@code atlas.training}, as {@link #training} parses it */
        static Recorded of(Path modelPath, ModelFile.LoadedModel model, JsonNode training) throws IOException {
            return of(modelPath, training, recordedMetadata(modelPath.toString(), model));
        }

        /**
         * @param training the file's {@code atlas.training}, as {@link #training} parses it
         * @param data     its {@code atlas.dataset}, as {@link #recordedMetadata} parses it
         */
        static Recorded of(Path modelPath, JsonNode training, DatasetMetadata data) throws IOException {
            DatasetRequest recorded = StoredTraining.request(modelPath.toString(), training);
            DatasetRequest request = recorded != null ? recorded : DatasetRequest.of(data.name());
            long seed = training.at("/config/seed").asLong(data.seed() != null ? data.seed() : 0);
            return new Recorded(modelPath, data, request,
                    training.path(RecordedDataset.BESIDE_MODEL_FIELD).asText(null), seed,
                    validationConfig(modelPath.toString(), training));
        }

        /** The model file, for messages. */
        String source() {
            return modelFile.toString();
        }

        /** {@code located} (the recorded request on this machine) reading from where its data is now. */
        DatasetRequest found(DatasetRequest located, String remedy) throws RecordedDataset.Missing {
            return RecordedDataset.find(modelFile, besideModel,
                    RecordedDataset.dataDirBesideModel(modelFile, besideModel, request, located), remedy);
        }

        /** Examples of the training split held out for validation (--validation): trained on they were not. */
        int validation() {
            return config == null ? 0 : config.validationCount(data.trainSize());
        }

        /** "digits, stratified split (seed 42), 1497 train / 300 test" */
        String split() {
            return data.name() + ", " + describe(data);
        }
    }

    /**
     * The training config of a run that held examples out for validation ({@code --validation}), whose
     * {@link TrainConfig#validationCount} says how many; null for a run that held none out.
     */
    static TrainConfig validationConfig(String source, JsonNode training) throws IOException {
        TrainConfig config = StoredTraining.config(source, training);
        return config != null && config.validation() > 0 ? config : null;
    }

    /**
     * A model file's {@code atlas.training} metadata, parsed once for everything a command reads from it, and its
     * config, stored metrics and history checked ({@link StoredTraining#check}) before any work is done.
     *
     * @throws ModelFileException when the file has none (no command can tell which data the model saw), or when a
     *                            part of it cannot be read
     */
    static JsonNode training(Path modelPath, ModelFile.LoadedModel model) throws ModelFileException {
        require(modelPath.toString(), model, TrainingRun.TRAINING_KEY);
        return StoredTraining.read(modelPath.toString(), model.metadata());
    }

    /**
     * The data a command looks at: the model's own split (replayed and verified, optionally subsampled by
     * {@code --limit}) or, with {@code --dataset}, that data split with the model's training seed, so "test" still
     * means images it did not train on; another split of the very data it trained on is refused. Either way its
     * images must have the model's shape.
     *
     * @param training the file's {@code atlas.training}, as {@link #training} parses it
     * @param split    the split the command shows, "test" or "train": see {@link #relimited}
     */
    static Chosen choose(Path modelPath, ModelFile.LoadedModel model, JsonNode training,
                         ModelDataOptions given, String split) throws IOException {
        return choose(modelPath, model, training, given, split, Purpose.NUMBERS);
    }

    /**
     * As {@link #choose(Path, ModelFile.LoadedModel, JsonNode, ModelDataOptions, String)}, for {@code purpose}: data
     * named by {@code --dataset} is read the same way whatever the purpose (a wrong one is the user's to fix).
     *
     * @throws RecordedDataset.Unavailable for {@link Purpose#POINTS}, when the model's own data is not on this machine
     *                                     or is other data now (a caller may go on without it)
     */
    static Chosen choose(Path modelPath, ModelFile.LoadedModel model, JsonNode training,
                         ModelDataOptions given, String split, Purpose purpose) throws IOException {
        Recorded r = Recorded.of(modelPath, model, training);
        boolean train = split.equals("train");
        Chosen chosen = given.explicit() ? named(r, given, train) : own(r, given, split, purpose);
        Dataset d = chosen.data().split().test();
        VaeConfig c = model.config();
        if (d.dim() != c.inputDim()) {
            throw new IllegalArgumentException(d.name() + " has " + d.height() + "x" + d.width() + " = " + d.dim()
                    + " pixels per image but the model expects " + c.imageHeight() + "x" + c.imageWidth() + " = "
                    + c.inputDim());
        }
        return chosen;
    }

    /**
     * The data a command looks at.
     *
     * @param validationLeftOut how many examples of the train split training held out for validation and the
     *                          command leaves out of it, as not trained on (only with the train split of the
     *                          training data; 0 otherwise)
     */
    record Chosen(LoadedDataset data, int validationLeftOut) {}

    /** One line for a protocol card: which data, which split, which seed, what limit, what was left out. */
    static String provenance(Chosen chosen, boolean own) {
        DatasetMetadata m = chosen.data().metadata();
        return (own ? "the model's own data (" + m.name() + ")" : "--dataset " + m.name()) + ", " + describe(m)
                + (chosen.validationLeftOut() == 0 ? "" : "; the train split without the "
                        + chosen.validationLeftOut() + " examples training held out for validation (--validation)");
    }

    private static String describe(DatasetMetadata m) {
        return splitKind(m) + ", " + m.trainSize() + " train / " + m.testSize() + " test"
                + (m.limit() == null ? "" : ", " + limited(m.limit()));
    }

    /** "limited to 5000 per split (seeded stratified subsample)". */
    static String limited(Object limit) {
        return "limited to " + limit + " per split (seeded stratified subsample)";
    }

    private static Chosen own(Recorded r, ModelDataOptions given, String split, Purpose purpose)
            throws IOException {
        List<String> describing = given.dataDescribingOptions();
        if (!describing.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", describing) + " needs --dataset: without it "
                    + r.source() + " " + purpose.use + " the data it was trained on (" + r.split() + "), split as in"
                    + " training, and these options describe data named by --dataset. To use other data add"
                    + " --dataset NAME|PATH; to subsample the model's own split use --limit N.");
        }
        List<String> options = r.request().readingOptions();
        DatasetRequest located = r.found(given.locate(r.request()), "give its new place with --dataset PATH"
                + (options.isEmpty() ? "" : " " + String.join(" ", options)) + " (as it was read in training)");
        LoadedDataset found = purpose == Purpose.POINTS ? loadToShow(located, r, given.log())
                : loadWhole(located, r, given.log());
        LoadedDataset trained = asRecorded(r, verified(r, located, found, purpose.remedyWhenChanged));
        LoadedDataset whole = asRecorded(r, found);
        int leftOut = split.equals("train") ? r.validation() : 0;
        LoadedDataset trainedOn = withoutValidation(r, trained, leftOut);
        return new Chosen(given.limit() == null ? trainedOn
                : relimited(r, located.withLimit(given.limit()), whole, trainedOn, split), leftOut);
    }

    /**
     * The model's own data named as training recorded it, not by where it was found (an absolute path beside the
     * model or from the working directory): reports and figures are shared, and must name no folder of this machine
     * that was not typed. A named set keeps its name.
     */
    private static LoadedDataset asRecorded(Recorded r, LoadedDataset found) {
        if (!RecordedDataset.isPath(r.request().dataset())) {
            return found;
        }
        String name = DatasetRequest.normalized(r.request().dataset());
        Split s = new Split(found.split().train().rebased(name), found.split().test().rebased(name));
        DatasetMetadata m = found.metadata();
        return found.with(s, DatasetMetadata.of(s, name, m.split(), m.seed(), m.limit()));
    }

    /**
     * The split with {@code leftOut} validation examples carved from its train side as training carved them
     * (seeded, stratified): "train" is then what the model trained on.
     */
    private static LoadedDataset withoutValidation(Recorded r, LoadedDataset trained, int leftOut) {
        if (leftOut == 0) {
            return trained;
        }
        Split s = new Split(Trainer.trainedOn(trained.split().train(), r.config()), trained.split().test());
        DatasetMetadata m = trained.metadata();
        return trained.with(s, DatasetMetadata.of(s, m.source(), m.split(), m.seed(), m.limit()));
    }

    /**
     * The model's own data under the user's --limit. Every test example is held out, so the limit subsamples the
     * whole test split, beyond what training evaluated on if asked. Training examples are only those the model
     * trained on: the limit subsamples those, and showing the train split with a limit above their number (the
     * model was trained with a smaller --limit) is refused, since the rest of that split it never saw.
     */
    private static LoadedDataset relimited(Recorded r, DatasetRequest limited, LoadedDataset whole,
                                           LoadedDataset trained, String split) {
        int trainedOn = trained.split().train().size();
        int limit = limited.limit();
        if (split.equals("train") && limit > trainedOn && whole.split().train().size() > trainedOn) {
            String why = (r.data().limit() == null ? "" : "it was trained with --limit " + r.data().limit())
                    + (r.data().limit() != null && r.validation() > 0 ? " and " : "")
                    + (r.validation() > 0 ? r.validation() + " were held out for validation" : "");
            throw new IllegalArgumentException("--split train --limit " + limit + ": " + r.source() + " was trained"
                    + " on " + trainedOn + " examples of its training split (" + why + ") and never saw the"
                    + " others; give --limit " + trainedOn + " or less, or leave --limit out");
        }
        Split s = new Split(limited.limited(trained, r.seed()).split().train(),
                limited.limited(whole, r.seed()).split().test());
        DatasetMetadata m = trained.metadata();
        return trained.with(s, DatasetMetadata.of(s, m.source(), m.split(), r.seed(), limit));
    }

    private static LoadedDataset loadWhole(DatasetRequest located, Recorded r, Consumer<String> log)
            throws IOException {
        try {
            return located.loadUnlimited(r.seed(), log);
        } catch (DatasetException e) {
            throw e.asDataFailure(); // the settings are the model's, recorded in training: the data changed since
        }
    }

    /** The whole data for {@link Purpose#POINTS}: what keeps it from being shown is {@link RecordedDataset.Unavailable}. */
    private static LoadedDataset loadToShow(DatasetRequest located, Recorded r, Consumer<String> log)
            throws IOException {
        RecordedDataset.requireNamedSet(r.modelFile(), located);
        try {
            return located.loadUnlimited(r.seed(), log);
        } catch (DatasetException e) { // there, but no longer read with the settings training recorded
            throw new RecordedDataset.Changed(r.source() + ": the model's recorded data, " + r.data().name()
                    + ", no longer reads as it did in training: " + e.getMessage() + "; " + TO_SEE_ITS_POINTS,
                    TO_SEE_ITS_POINTS, e);
        }
    }

    /**
     * The training data as trained on, verified by hash and size.
     *
     * @param remedy what the command's user can do when it differs, said after what differs
     * @throws RecordedDataset.Changed when the data found is not what the model was trained on
     */
    private static LoadedDataset verified(Recorded r, DatasetRequest located, LoadedDataset whole, String remedy)
            throws RecordedDataset.Changed {
        LoadedDataset trained = located.limited(whole, r.seed());
        DatasetMetadata found = trained.metadata();
        String differences = differences(r.data(), found);
        if (!differences.isEmpty()) {
            throw new RecordedDataset.Changed(r.source() + ": the model's recorded data, " + r.data().name()
                    + ", found at " + found.source() + ", is not the data it was trained on: " + differences + "; "
                    + remedy, remedy, null);
        }
        return trained;
    }

    /**
     * What differs between the recorded data and the data found, "" when nothing: hashes in full (to compare with
     * {@code sha256sum}), one for a source hashed whole (a stratified split), one per split for a set's own split.
     */
    private static String differences(DatasetMetadata recorded, DatasetMetadata found) {
        List<String> parts = new ArrayList<>();
        if (recorded.hashesWholeSource() && found.hashesWholeSource()) {
            hashDifference(parts, "SHA-256", recorded.trainSha256(), found.trainSha256());
        } else {
            hashDifference(parts, "train SHA-256", recorded.trainSha256(), found.trainSha256());
            hashDifference(parts, "test SHA-256", recorded.testSha256(), found.testSha256());
        }
        if (found.trainSize() != recorded.trainSize() || found.testSize() != recorded.testSize()) {
            parts.add(recorded.trainSize() + " train / " + recorded.testSize() + " test examples recorded, "
                    + found.trainSize() + " / " + found.testSize() + " found");
        }
        return String.join(", ", parts);
    }

    private static void hashDifference(List<String> parts, String what, String recorded, String found) {
        if (!recorded.equals(found)) {
            parts.add(what + " recorded " + recorded + ", found " + found);
        }
    }

    /**
     * Data named by --dataset. When it is the training data split as trained, on the whole (the model was trained
     * without --limit), its train split is what training saw: less the validation examples, as {@link #own}.
     */
    private static Chosen named(Recorded r, ModelDataOptions given, boolean train) throws IOException {
        DatasetRequest request = given.request();
        LoadedDataset whole = request.loadUnlimited(r.seed(), given.log());
        refuseAnotherSplitOfTheTrainingData(r, request, whole.metadata());
        DatasetMetadata found = whole.metadata();
        boolean trainedOn = found.trainSha256().equals(r.data().trainSha256())
                && found.trainSize() == r.data().trainSize();
        int leftOut = train && trainedOn ? r.validation() : 0;
        return new Chosen(request.limited(withoutValidation(r, whole, leftOut), r.seed()), leftOut);
    }

    /**
     * The same content split another way would put training examples into "test" (or test examples into
     * "train"); the numbers would look better than they are and still carry the same SHA-256. Other data, or
     * the same data split as trained (whatever the limit, which only subsamples each side), is fine.
     */
    private static void refuseAnotherSplitOfTheTrainingData(Recorded r, DatasetRequest request, DatasetMetadata found)
            throws IOException {
        DatasetMetadata trained = r.data();
        if (!found.trainSha256().equals(trained.trainSha256()) || !found.testSha256().equals(trained.testSha256())) {
            return;
        }
        int whole = found.trainSize() + found.testSize();
        int trainedTest = trained.split().equals("own") ? found.testSize() : r.request().testCount(found.name(), whole);
        if (found.split().equals(trained.split()) && found.testSize() == trainedTest) {
            return;
        }
        throw new IllegalArgumentException("--dataset " + request.dataset()
                + (request.testSize() == null ? "" : " --test-size " + request.testSize()) + " is the data "
                + r.source() + " was trained on (SHA-256 " + abbreviate(trained.trainSha256()) + ") split another way: "
                + found.testSize() + " of " + whole + " examples as test, where the model was trained with "
                + trainedTest + " held out (" + splitKind(trained) + "), so examples it trained on would be counted as"
                + " test examples. Give --test-size " + trainedTest + " (or leave out --dataset) to use its own split,"
                + " or name other data.");
    }

    private static String splitKind(DatasetMetadata m) {
        return splitKind(m.split(), m.seed());
    }

    /** How a model file's {@code atlas.dataset} split was made: "the set's own train/test split" or "stratified ...". */
    static String splitKind(String split, Object seed) {
        return split.equals("own") ? "the set's own train/test split" : "stratified split (seed " + seed + ")";
    }

    static DatasetMetadata recordedMetadata(String source, ModelFile.LoadedModel model) throws IOException {
        require(source, model, TrainingRun.DATASET_KEY);
        return StoredTraining.dataset(source, model.metadata());
    }

    private static String require(String source, ModelFile.LoadedModel model, String key) throws ModelFileException {
        String value = model.metadata().get(key);
        if (value == null) {
            throw new ModelFileException(source, "no " + key + " metadata: cannot tell which data the model was trained on");
        }
        return value;
    }

    private static String abbreviate(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12) + "…";
    }
}
