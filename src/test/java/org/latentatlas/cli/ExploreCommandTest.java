package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atlas explore} trains the default model once into its cache, serves the cached file on later runs, and
 * replaces a damaged cached file by a freshly trained one; every run serves the file's own bytes.
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
}
