package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.io.ModelFile;
import org.latentatlas.text.Json;

/**
 * {@code atlas explore} trains the default model once into its cache, serves the cached file on later runs, and
 * replaces a damaged cached file (cut short, or its stored numbers damaged) by a freshly trained one; every run serves
 * the file's own bytes.
 */
class ExploreCommandTest {
    @TempDir
    Path cache;

    /** What one explore run printed, and the model file its page was served. */
    private record Explored(String out, String err, byte[] served) {}

    /** Runs explore on a free port until its page has been fetched, then stops it as Ctrl-C would. */
    private Explored explore() throws Exception {
        ServingRun explore = ServingRun.start("explore", "--cache-dir", cache.toString(), "--port", "0");
        byte[] served;
        try {
            served = explore.get("/model.safetensors", HttpResponse.BodyHandlers.ofByteArray());
        } finally {
            explore.close();
        }
        return new Explored(explore.out(), explore.err(), served);
    }

    private Path cachedModel() throws Exception {
        try (Stream<Path> models = Files.list(cache.resolve("models"))) {
            List<Path> all = models.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void theCachedModelIsServedAsReadAndADamagedOneIsTrainedAgain() throws Exception {
        Explored first = explore();
        assertThat(first.out()).doesNotContain("using the cached default model");
        Path cached = cachedModel();
        assertThat(first.served()).isEqualTo(Files.readAllBytes(cached));

        Explored again = explore();
        assertThat(again.out()).contains("using the cached default model " + cached);
        assertThat(again.served()).isEqualTo(first.served());

        byte[] whole = Files.readAllBytes(cached);
        Files.write(cached, Arrays.copyOf(whole, whole.length - 4)); // the data section cut short
        Explored damaged = explore();
        assertThat(damaged.err()).contains("the cached model is unusable (" + cached + ": ")
                .contains("; removing it and training again");
        assertThat(damaged.out()).doesNotContain("using the cached default model");
        assertThat(damaged.served()).as("the same seed trains the same bytes again").isEqualTo(whole)
                .isEqualTo(Files.readAllBytes(cached));
    }

    /** Its stored numbers damaged, the page would show them: it is no more usable than one cut short. */
    @Test
    void aCachedModelWhoseStoredMetricsAreDamagedIsTrainedAgain() throws Exception {
        explore();
        Path cached = cachedModel();
        byte[] whole = Files.readAllBytes(cached);
        ModelFile.LoadedModel loaded = ModelFile.read(cached);
        ObjectNode training = (ObjectNode) Json.readTree(loaded.metadata().get(TrainingRun.TRAINING_KEY));
        ((ObjectNode) training.at("/metrics/test")).put("examples", 0);
        Map<String, String> metadata = new LinkedHashMap<>(loaded.metadata());
        metadata.put(TrainingRun.TRAINING_KEY, Json.write(training));
        ModelFile.write(cached, loaded.config(), loaded.parameters(), metadata);

        Explored damaged = explore();

        assertThat(damaged.err()).contains("the cached model is unusable (" + cached + ": __metadata__"
                + " \"atlas.training\" → metrics.test.examples: ").contains("; removing it and training again");
        assertThat(damaged.served()).isEqualTo(whole).isEqualTo(Files.readAllBytes(cached));
    }
}
