package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

/** What {@code atlas info} says the recorded hashes are of. (Its other lines: EvaluateCommandTest.) */
class InfoCommandTest {
    @TempDir
    Path dir;

    /** Both hashes of a stratified split are the whole source's: labelled "test" they sent users to a mismatch. */
    @Test
    void aStratifiedSplitsHashIsLabelledAsTheWholeSourcesAndAnOwnSplitsAsEachSplits() throws Exception {
        Path stratified = dir.resolve("digits.safetensors");
        CliRun train = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--no-progress", "-o", stratified.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        ModelFile.LoadedModel loaded = ModelFile.read(stratified);
        ObjectNode data = (ObjectNode) Json.readTree(loaded.metadata().get(TrainingRun.DATASET_KEY));
        String source = data.get("testSha256").asText();

        assertThat(CliRun.of("info", stratified.toString()).out()).contains("  SHA-256 " + source
                + " (of the whole source: train and test are a split drawn from it)").doesNotContain("test SHA-256");

        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        data.put("split", "own").put("trainSha256", "a".repeat(64)).put("testSha256", "b".repeat(64));
        metadata.put(TrainingRun.DATASET_KEY, Json.write(data));
        Path own = dir.resolve("own.safetensors");
        ModelFile.write(own, loaded.config(), loaded.parameters(), metadata);
        assertThat(CliRun.of("info", own.toString()).out()).contains("  train SHA-256 " + "a".repeat(64))
                .contains("  test SHA-256 " + "b".repeat(64)).doesNotContain("whole source");
    }
}
