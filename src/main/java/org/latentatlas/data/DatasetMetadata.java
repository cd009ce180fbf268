package org.latentatlas.data;

import java.util.List;
import org.latentatlas.text.Json;

/**
 * What a model file records about its data ({@code atlas.dataset}): enough to name, re-create and verify it.
 *
 * @param name        dataset name as given ("fashion-mnist", "digits", a path)
 * @param source      where it was read from, in words that hold on any machine: "embedded", a path as typed
 *                    (normalized), or the folder a named set was found in ({@link DatasetCatalog#portableName})
 * @param rows        image rows
 * @param cols        image columns
 * @param levels      the pixels are counts k/levels (16 for the digits, 255 for 8-bit images); 0 when they are not
 *                    counts (files written before that rule record 1 for real-valued CSVs)
 * @param range       the raw values mapped onto [0, 1]; null in files written before it was recorded
 * @param classNames  one name per label
 * @param split       "own" (the set's train/test files) or "stratified" (seeded, see {@code seed})
 * @param seed        seed of the stratified split and of any limit; null for an own split without limit
 * @param limit       per-split cap given with --limit, or null
 * @param trainSize   examples in the train split as used
 * @param testSize    examples in the test split as used
 * @param trainSha256 SHA-256 of the train source content (for a stratified split: of the whole source; for
 *                    IDX: of the decompressed images then labels, {@code cat images labels | sha256sum})
 * @param testSha256  SHA-256 of the test source content
 */
public record DatasetMetadata(String name, String source, int rows, int cols, int levels, ValueRange range,
                              List<String> classNames,
                              String split, Long seed, Integer limit, int trainSize, int testSize,
                              String trainSha256, String testSha256) {
    public DatasetMetadata {
        classNames = List.copyOf(classNames);
        if (!split.equals("own") && !split.equals("stratified")) {
            throw new IllegalArgumentException("split must be 'own' or 'stratified', got '" + split + "'");
        }
        if (trainSize < 1 || testSize < 1) {
            throw new IllegalArgumentException(name + ": split sizes must be positive, got train " + trainSize
                    + ", test " + testSize);
        }
    }

    public static DatasetMetadata of(Split s, String source, String split, Long seed, Integer limit) {
        Dataset tr = s.train();
        return new DatasetMetadata(tr.name(), source, tr.height(), tr.width(), tr.levels(), tr.range(),
                tr.classNames(), split, seed, limit, tr.size(), s.test().size(), tr.sha256(), s.test().sha256());
    }

    /**
     * How raw values became the pixels the nats are about, for protocols: "x/16 in [0,1]", "(x + 3.09)/8.09 in
     * [0,1], from the data's range -3.09..5"; a file from before the range was recorded says what its levels say.
     */
    public String pixelScale() {
        return range != null ? range.describe() : "x/" + levels + " in [0,1]";
    }

    /** Whether the pixels are 0/1 from the start: see {@link #binaryValues(int, boolean)}. */
    public boolean binaryValues() {
        return binaryValues(levels, range != null);
    }

    /**
     * Whether pixels of these levels are 0/1: levels 1, trusted only in files that record the range, written since
     * levels 0 marks pixels that are not counts (older files wrote 1 for those too).
     */
    public static boolean binaryValues(int levels, boolean rangeRecorded) {
        return levels == 1 && rangeRecorded;
    }

    /** Whether one hash covers the whole source: see {@link #hashesWholeSource(String, String, String)}. */
    public boolean hashesWholeSource() {
        return hashesWholeSource(split, trainSha256, testSha256);
    }

    /**
     * Whether the recorded hashes are both of one whole source, not one per split: a stratified split is drawn from
     * one source and records its hash twice, and a set whose two hashes agree has nothing apart to say either. Static
     * for readers of a model file's raw metadata, which may lack fields a record needs.
     */
    public static boolean hashesWholeSource(String split, String trainSha256, String testSha256) {
        return "stratified".equals(split) || trainSha256.equals(testSha256);
    }

    /** One line of JSON, the value of the model file's {@code atlas.dataset} metadata entry. */
    public String metadataJson() {
        return Json.write(this);
    }
}
