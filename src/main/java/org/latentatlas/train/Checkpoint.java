package org.latentatlas.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.latentatlas.data.Dataset;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.io.DType;
import org.latentatlas.io.MetadataJson;
import org.latentatlas.io.ModelFile;
import org.latentatlas.io.ModelFileException;
import org.latentatlas.io.SafeTensors;
import org.latentatlas.io.SafeTensorsException;
import org.latentatlas.model.ParameterLayout;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.model.Wording;
import org.latentatlas.text.Json;

/**
 * Everything a run needs to continue bit for bit: the model's tensors (named as in a model file) plus
 * {@code adam.m} and {@code adam.v} (flat, the parameters' layout) and, with early stopping,
 * {@code best.parameters}; the step, both RNG states, the partial epoch sums and the history go in the
 * {@code atlas.checkpoint} metadata. A safetensors file like the model file, written atomically.
 *
 * @param parameters   (parameterCount) the weights, in ParameterLayout order
 * @param adamM        (parameterCount) Adam's first moment, same layout
 * @param adamV        (parameterCount) Adam's second moment, same layout
 * @param shuffleState the shuffling RNG at the start of the epoch the next step belongs to: the epoch's order
 *                     is recomputed from it, so a resume in the middle of an epoch sees the same order
 * @param noiseState   the ε / binarization RNG after the last step
 * @param epochTerms   sums of the current epoch's steps so far
 * @param best         (parameterCount) the best weights so far (early stopping), or null
 * @param runOptions   what the command that trained gave the run beyond the training state (its data request, its
 *                     checkpoint interval), as that command's JSON under {@value #RUN_OPTIONS_KEY}, for
 *                     {@code --resume} alone to continue it; opaque here. Null where none was given, and in
 *                     checkpoints older than it
 * @param source       the file it was read from, for a refusal to continue it to name; null for one not read
 */
public record Checkpoint(VaeConfig model, TrainConfig train, DataIdentity data, float[] parameters, float[] adamM,
                         float[] adamV, long adamStep, long step, long[] shuffleState, long[] noiseState,
                         Elbo.Terms epochTerms, double epochLoss, List<EpochMetrics> history, float[] best,
                         double bestScore, int bestEpoch, int badEpochs, String runOptions, Path source) {
    public static final String KEY = ModelFile.CHECKPOINT_KEY;
    /** The metadata entry holding {@link #runOptions}, beside {@value #KEY}, which training alone writes. */
    public static final String RUN_OPTIONS_KEY = "atlas.checkpoint.run";
    /** Training fields that may differ on resume: they change when the run stops, not what a step computes. */
    public static final Set<String> RESUMABLE_CHANGES = Set.of("epochs", "stopAfterSteps", "recordTime", "patience");

    /** Which data a run trained on: a resume must see the same. */
    public record DataIdentity(String name, int height, int width, int trainSize, int testSize, String trainSha256,
                               String testSha256) {
        static DataIdentity of(Dataset train, Dataset test) {
            return new DataIdentity(train.name(), train.height(), train.width(), train.size(), test.size(),
                    train.sha256(), test.sha256());
        }
    }

    /** The training state alone, without the command's {@link #runOptions} (see {@link #withRunOptions}). */
    public Checkpoint(VaeConfig model, TrainConfig train, DataIdentity data, float[] parameters, float[] adamM,
                      float[] adamV, long adamStep, long step, long[] shuffleState, long[] noiseState,
                      Elbo.Terms epochTerms, double epochLoss, List<EpochMetrics> history, float[] best,
                      double bestScore, int bestEpoch, int badEpochs, Path source) {
        this(model, train, data, parameters, adamM, adamV, adamStep, step, shuffleState, noiseState, epochTerms,
                epochLoss, history, best, bestScore, bestEpoch, badEpochs, null, source);
    }

    /** The same state with the command's {@link #runOptions} (null for none). */
    public Checkpoint withRunOptions(String options) {
        return new Checkpoint(model, train, data, parameters, adamM, adamV, adamStep, step, shuffleState, noiseState,
                epochTerms, epochLoss, history, best, bestScore, bestEpoch, badEpochs, options, source);
    }

    public void write(Path path) throws IOException {
        ParameterLayout layout = ParameterLayout.of(model);
        List<SafeTensors.TensorSpec> specs = new ArrayList<>();
        for (ParameterLayout.Slot s : layout.slots()) {
            specs.add(SafeTensors.TensorSpec.f32(s.name(), s.shape().stream().mapToInt(Integer::intValue).toArray()));
        }
        int count = layout.parameterCount();
        specs.add(SafeTensors.TensorSpec.f32("adam.m", count));
        specs.add(SafeTensors.TensorSpec.f32("adam.v", count));
        if (best != null) {
            specs.add(SafeTensors.TensorSpec.f32("best.parameters", count));
        }
        int floats = Math.multiplyExact(count, best == null ? 3 : 4);
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        // Every flat array in the file's order, as a model file has its tensors (ParameterLayout: the head and the
        // data layer's weight input-major are in memory only), so a checkpoint reads the same whatever the memory
        // order. toFileOrder refuses an array of the wrong size.
        data.asFloatBuffer().put(layout.toFileOrder(parameters)).put(layout.toFileOrder(adamM))
                .put(layout.toFileOrder(adamV)).put(best == null ? new float[0] : layout.toFileOrder(best));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFile.FORMAT_KEY, ModelFile.FORMAT_VERSION);
        meta.put(ModelFile.MODEL_KEY, ModelFile.configJson(model));
        meta.put(KEY, Json.write(state()));
        if (runOptions != null) {
            meta.put(RUN_OPTIONS_KEY, runOptions);
        }
        AtomicFiles.write(path, SafeTensors.toBytes(specs, data, meta));
    }

    private State state() {
        return new State(train, data, step, adamStep, shuffleState, noiseState, epochTerms, epochLoss, history,
                Double.isFinite(bestScore) ? bestScore : null, bestEpoch, badEpochs);
    }

    /**
     * The {@value #KEY} entry: everything but the tensors, written in this order (a record's fields keep their
     * order; the shared mapper sorts only map keys). A best score of −∞ (no validation epoch yet) is written as null.
     */
    // Every field is in every checkpoint (bestScore as null before a validation epoch): one missing is damage.
    private record State(@JsonProperty(required = true) TrainConfig train,
                         @JsonProperty(required = true) DataIdentity data, @JsonProperty(required = true) long step,
                         @JsonProperty(required = true) long adamStep,
                         @JsonProperty(required = true) long[] shuffleState,
                         @JsonProperty(required = true) long[] noiseState,
                         @JsonProperty(required = true) Elbo.Terms epochTerms,
                         @JsonProperty(required = true) double epochLoss,
                         @JsonProperty(required = true) List<EpochMetrics> history,
                         @JsonProperty(required = true) Double bestScore, @JsonProperty(required = true) int bestEpoch,
                         @JsonProperty(required = true) int badEpochs) {}

    /** How a run comes to write checkpoints, for a file that is not one. */
    private static final Wording.Mention INTERVAL = new Wording.Mention(Trainer.Checkpointing.class, "everySteps",
            "a checkpoint interval");

    /**
     * Reads a checkpoint, its architecture checked as a model file's is ({@link ModelFile#config}); a file that is not
     * one (or is damaged) is an IOException naming it, a {@link ModelFileException} whose message mentions the
     * setting that makes checkpoints where that is the cure.
     */
    public static Checkpoint read(Path path) throws IOException {
        SafeTensors.Contents file;
        try {
            file = SafeTensors.read(path);
        } catch (SafeTensorsException e) {
            // The reader's message starts with the file's name already: said once, it reads "X is not ...: why".
            String why = e.getMessage().startsWith(path + ": ") ? e.getMessage().substring(path.toString().length() + 2)
                    : e.getMessage();
            throw new IOException(path + " is not a readable checkpoint: " + why, e);
        }
        String state = file.metadata().get(KEY);
        String modelJson = file.metadata().get(ModelFile.MODEL_KEY);
        if (state == null && modelJson != null) {
            throw ModelFileException.wrongKind(path.toString(), Wording.of("this is a model file, not a checkpoint:"
                    + " a model cannot be resumed, only a checkpoint, which a run writes when given ", INTERVAL));
        }
        if (state == null || modelJson == null) {
            throw new ModelFileException(path.toString(), Wording.of("not a Latent Atlas checkpoint (no " + KEY
                    + " metadata): only a checkpoint, which a run writes when given ", INTERVAL, ", can be resumed"));
        }
        VaeConfig model = ModelFile.config(path.toString(), file.metadata());
        ParameterLayout layout = ParameterLayout.of(model);
        ModelFile.checkLayoutTensors(path.toString(), file, layout);
        for (String name : List.of("adam.m", "adam.v", "best.parameters")) {
            checkFlat(file, name, layout.parameterCount(), path);
        }
        // Every field named in the file's words (key, path, value, what was expected), as a model file's metadata is.
        State s = MetadataJson.value(path.toString(), KEY, MetadataJson.tree(path.toString(), file.metadata(), KEY), "",
                State.class);
        try {
            float[] params = new float[layout.parameterCount()];
            for (ParameterLayout.Slot slot : layout.slots()) {
                floats(file, slot.name(), path).get(params, layout.fileOffset(slot), slot.length());
            }
            params = layout.toMemoryOrder(params);
            float[] best = file.tensor("best.parameters").isPresent()
                    ? layout.toMemoryOrder(all(file, "best.parameters", path)) : null;
            return new Checkpoint(model, s.train(), s.data(), params, layout.toMemoryOrder(all(file, "adam.m", path)),
                    layout.toMemoryOrder(all(file, "adam.v", path)), s.adamStep(), s.step(), s.shuffleState(),
                    s.noiseState(), s.epochTerms(), s.epochLoss(), s.history(), best,
                    s.bestScore() == null ? Double.NEGATIVE_INFINITY : s.bestScore(), s.bestEpoch(), s.badEpochs(),
                    file.metadata().get(RUN_OPTIONS_KEY), path);
        } catch (RuntimeException e) { // the fields read, but do not make a run together
            throw new IOException(path + " has damaged checkpoint metadata: " + e.getMessage(), e);
        }
    }

    /** The optimizer's moments and the best weights are flat F32 tensors of the parameter count. */
    private static void checkFlat(SafeTensors.Contents file, String name, int size, Path path) throws IOException {
        Optional<SafeTensors.TensorEntry> entry = file.tensor(name);
        if (entry.isPresent()
                && (entry.get().dtype() != DType.F32 || !entry.get().shape().equals(List.of((long) size)))) {
            throw new IOException(path + ": checkpoint tensor '" + name + "' is " + entry.get().dtype() + " "
                    + entry.get().shape() + ", but the architecture needs F32 [" + size + "]");
        }
    }

    private static java.nio.FloatBuffer floats(SafeTensors.Contents file, String name, Path path) throws IOException {
        SafeTensors.TensorEntry e = file.tensor(name)
                .orElseThrow(() -> new IOException(path + " lacks the checkpoint tensor '" + name + "'"));
        return file.data(e).asFloatBuffer();
    }

    private static float[] all(SafeTensors.Contents file, String name, Path path) throws IOException {
        java.nio.FloatBuffer b = floats(file, name, path);
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * Refuses to continue this checkpoint with a different training setup, dataset or architecture: a
     * {@link MismatchException} naming the field that differs, or a {@link MismatchesException} with every one when
     * several do, so that a user fixing a command line hears of them all at once. Only {@link #RESUMABLE_CHANGES} may
     * change. Training is compared first: another seed also splits the data another way, and the seed is the cause.
     */
    public void checkResumableWith(VaeConfig otherModel, TrainConfig otherTrain, DataIdentity otherData) {
        List<MismatchException> found = differences(otherModel, otherTrain, otherData);
        if (found.size() == 1) {
            throw found.get(0);
        }
        if (!found.isEmpty()) {
            throw new MismatchesException(found);
        }
    }

    /**
     * Every field in which a run differs from this checkpoint, in the order of {@link #checkResumableWith}; of the
     * data, the name where it differs and the first size or hash that differs (they differ together, and one is
     * enough to say the data are other), and none for data of the same sizes and hashes read from another place.
     */
    public List<MismatchException> differences(VaeConfig otherModel, TrainConfig otherTrain, DataIdentity otherData) {
        List<MismatchException> found = new ArrayList<>();
        if (train.epochs() != otherTrain.epochs() && spansTheRun(train)) {
            // A cosine learning rate or a cyclical KL schedule is laid over the run's length: another --epochs moves
            // every step's rate or β, so the resumed part would follow a curve the first part never did.
            found.add(new MismatchException("training", TrainConfig.class, "epochs", "epochs",
                    Json.valueToTree(train.epochs()), Json.valueToTree(otherTrain.epochs()),
                    "; its " + (train.lrSchedule() == LearningRateSchedule.COSINE ? "cosine learning rate"
                            : "cyclical KL schedule") + " spans the run's length, so the length cannot change on"
                            + " resume; a step limit splits a run instead"));
        }
        differences("training", TrainConfig.class, "", Json.valueToTree(train), Json.valueToTree(otherTrain),
                RESUMABLE_CHANGES, found);
        List<MismatchException> data = new ArrayList<>();
        differences("dataset", DataIdentity.class, "", Json.valueToTree(this.data), Json.valueToTree(otherData),
                Set.of(), data);
        // The name is where the data were read from, which may have moved with the checkpoint (a resume looks beside
        // it): with the same sizes and hashes they are the same data. Other data under another name are told by both,
        // the name and what differs beyond it: the name alone cannot tell other data from the same file renamed.
        List<MismatchException> beyondName = data.stream().filter(m -> !m.field().equals("name")).toList();
        if (!beyondName.isEmpty()) {
            data.stream().filter(m -> m.field().equals("name")).forEach(found::add);
            found.add(beyondName.get(0));
        }
        differences("architecture", VaeConfig.class, "", Json.valueToTree(model), Json.valueToTree(otherModel),
                Set.of(), found);
        return found;
    }

    /**
     * The training fields a run continuing this checkpoint may change: {@link #RESUMABLE_CHANGES}, less the epochs
     * where a schedule is laid over the run's length ({@link #differences} refuses another length there).
     */
    public Set<String> resumableChanges() {
        if (!spansTheRun(train)) {
            return RESUMABLE_CHANGES;
        }
        Set<String> fields = new HashSet<>(RESUMABLE_CHANGES);
        fields.remove("epochs");
        return Set.copyOf(fields);
    }

    /** Whether a schedule of this training is laid over the run's total steps (so its length is part of every step). */
    private static boolean spansTheRun(TrainConfig t) {
        return t.lrSchedule() == LearningRateSchedule.COSINE || t.klSchedule().type() == KlSchedule.Kind.CYCLICAL;
    }

    /**
     * Walks the fields of {@code record} in order, into those that are records themselves (the KL schedule, whose
     * differing fields are each one difference).
     */
    private static void differences(String part, Class<? extends Record> record, String path, JsonNode saved,
                                    JsonNode now, Set<String> allowed, List<MismatchException> found) {
        Iterator<String> names = ((ObjectNode) saved).fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            JsonNode was = saved.get(field);
            JsonNode is = now.get(field);
            if (allowed.contains(field) || was.equals(is)) {
                continue;
            }
            Class<?> type = componentType(record, field);
            int before = found.size();
            if (type.isRecord() && was.isObject() && is != null && is.isObject()) {
                differences(part, type.asSubclass(Record.class), path + field + ".", was, is, Set.of(), found);
            }
            if (found.size() == before) { // not a record, or one that differs only as a whole
                found.add(new MismatchException(part, record, field, path + field, was, is));
            }
        }
    }

    private static Class<?> componentType(Class<? extends Record> record, String field) {
        return Arrays.stream(record.getRecordComponents()).filter(c -> c.getName().equals(field))
                .<Class<?>>map(RecordComponent::getType).findFirst().orElse(Object.class);
    }

    /**
     * A checkpoint refused for a run that differs from it in one field: {@link #field} of the config record
     * {@link #record} (a record component name; the message gives its path from the top, "klSchedule.warmup").
     */
    public static final class MismatchException extends IllegalArgumentException {
        private final String part;
        private final Class<? extends Record> record;
        private final String field;
        private final JsonNode saved;
        private final JsonNode run;
        private final String why;

        MismatchException(String part, Class<? extends Record> record, String field, String path, JsonNode saved,
                          JsonNode run) {
            this(part, record, field, path, saved, run, "");
        }

        MismatchException(String part, Class<? extends Record> record, String field, String path, JsonNode saved,
                          JsonNode run, String why) {
            super("cannot resume: the checkpoint's " + part + " has " + path + " = " + saved + " but this run has "
                    + path + " = " + run + why);
            this.why = why;
            this.part = part;
            this.record = record;
            this.field = field;
            this.saved = saved;
            this.run = run;
        }

        /** "training", "dataset" or "architecture". */
        public String part() {
            return part;
        }

        public Class<? extends Record> record() {
            return record;
        }

        /** Why a field that may usually change may not here ("; its cosine learning rate spans ..."), or "". */
        public String why() {
            return why;
        }

        public String field() {
            return field;
        }

        /** The checkpoint's value, as JSON. */
        public JsonNode saved() {
            return saved;
        }

        /** This run's value, as JSON (null when this run has no such field). */
        public JsonNode run() {
            return run;
        }
    }

    /** A checkpoint refused for a run that differs from it in several fields: each, in the order they were found. */
    public static final class MismatchesException extends IllegalArgumentException {
        private final List<MismatchException> all;

        MismatchesException(List<MismatchException> all) {
            super(String.join("; ", all.stream().map(Throwable::getMessage).toList()));
            this.all = List.copyOf(all);
        }

        public List<MismatchException> all() {
            return all;
        }
    }
}
