package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.data.Dataset;
import org.latentatlas.eval.ImportanceSampledNll;
import org.latentatlas.eval.MarginalLikelihood;
import org.latentatlas.eval.NoiseSource;
import org.latentatlas.text.Json;

/**
 * {@code atlas evaluate --crosscheck DIR}: the inputs tools/torch_crosscheck.py reproduces evaluate's numbers from,
 * written as evaluated and never over an earlier evaluation's. (TorchCrossCheckTest runs the tool on them.)
 */
class CrossCheckFilesTest {
    static final int LATENT = 2;

    @TempDir
    static Path dir;
    static Path binarized;

    @BeforeAll
    static void trainModel() {
        binarized = dir.resolve("static.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--latent", String.valueOf(LATENT),
                "--likelihood", "bernoulli", "--binarize", "static", "--no-progress", "-o", binarized.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void theFilesHoldTheExamplesAsEvaluatedAndEveryNoiseSampleEvaluateDrew() throws Exception {
        Path check = dir.resolve("new/check"); // created, parents too
        CliRun run = CliRun.of("evaluate", binarized.toString(), "--examples", "5", "--k", "3", "--repeats", "2",
                "--seed", "7", "--crosscheck", check.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        float[] x = floats(check.resolve(CrossCheckFiles.X));
        assertThat(x).hasSize(5 * 64);
        // Binarized as evaluate binarized the split, not the grey counts x/16 of the data on disk.
        assertThat(x).containsOnly(0f, 1f).contains(1f);
        float[] eps = floats(check.resolve(CrossCheckFiles.EPS)); // (repeats, examples, k, latent)
        assertThat(eps).hasSize(2 * 5 * 3 * LATENT);
        float[] drawn = new float[LATENT];
        for (int r = 0; r < 2; r++) {
            for (int e = 0; e < 5; e++) {
                for (int s = 0; s < 3; s++) {
                    NoiseSource.seeded(7, r).fill(e, s, drawn, 0, LATENT);
                    int at = ((r * 5 + e) * 3 + s) * LATENT;
                    assertThat(new float[] {eps[at], eps[at + 1]}).as("eps of repeat %d, example %d, sample %d", r,
                            e, s).containsExactly(drawn);
                }
            }
        }
        JsonNode expected = Json.readTree(check.resolve(CrossCheckFiles.EXPECTED).toFile());
        assertThat(expected.get("schema").asText()).isEqualTo(CrossCheckFiles.SCHEMA);
        assertThat(expected.get("k").asInt()).isEqualTo(3);
        assertThat(expected.get("repeats").asInt()).isEqualTo(2);
        assertThat(expected.get("logMarginal").size()).isEqualTo(5);
        assertThat(run.out()).contains("--k 3 --repeats 2").contains("--expected " + check.resolve("expected.json"));
    }

    @Test
    void expectedHoldsTheNumbersOfTheEvaluationsOwnRunAndTheNoiseOfItsSeed() throws Exception {
        // Numbers no model gives: written as handed over, they cannot have come from sampling a second time.
        MarginalLikelihood.PerExample numbers = new MarginalLikelihood.PerExample(new double[] {-1.25, -2.5},
                new double[] {3.125, 4.0}, new double[] {0.5, 0.75}, new double[] {1.875});
        ImportanceSampledNll sampled = new ImportanceSampledNll(1.875, null, 0.625, 1, new double[] {1.875}, 3, 1, 9);
        Dataset set = new Dataset("two", 1, 2, new float[] {0, 0.5f, 1, 0.25f}, new int[2], List.of("all"), 4, "none");
        Path check = dir.resolve("handed-over");

        CrossCheckFiles.claim("--crosscheck", check).write(Path.of("m.safetensors"), set, LATENT, sampled, numbers);

        JsonNode expected = Json.readTree(check.resolve(CrossCheckFiles.EXPECTED).toFile());
        assertThat(doubles(expected.get("logMarginal"))).containsExactly(-1.25, -2.5);
        assertThat(doubles(expected.get("recon"))).containsExactly(3.125, 4.0);
        assertThat(doubles(expected.get("kl"))).containsExactly(0.5, 0.75);
        assertThat(expected.get("seed").asLong()).isEqualTo(9);
        assertThat(floats(check.resolve(CrossCheckFiles.EPS))).containsExactly(NoiseSource.seededArray(9, 1, 2, 3,
                LATENT));
        assertThat(floats(check.resolve(CrossCheckFiles.X))).containsExactly(0, 0.5f, 1, 0.25f);
    }

    @Test
    void filesOfAnEarlierCrossCheckAreRefusedBeforeTheEvaluationAndKeepTheirBytes() throws Exception {
        Path check = Files.createDirectories(dir.resolve("earlier"));
        Path old = Files.writeString(check.resolve(CrossCheckFiles.EPS), "an earlier evaluation's noise");

        CliRun run = CliRun.of("evaluate", binarized.toString(), "--examples", "5", "--k", "3", "--crosscheck",
                check.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--crosscheck " + check).contains("already holds eps.f32")
                .doesNotContain("evaluating");
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(Files.readString(old)).isEqualTo("an earlier evaluation's noise");
        assertThat(check.resolve(CrossCheckFiles.X)).doesNotExist();
    }

    @Test
    void noiseLargerThanTheLimitIsRefusedBeforeTheEvaluationWithTheOptionsThatShrinkIt() {
        Path check = dir.resolve("huge");
        CliRun run = CliRun.of("evaluate", binarized.toString(), "--examples", "1", "--k", "1000000", "--repeats", "40",
                "--crosscheck", check.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--crosscheck").contains("MB").contains("--examples").contains("--k")
                .doesNotContain("evaluating");
        assertThat(check).doesNotExist();
    }

    @Test
    void anAutoencoderHasNoNoiseToCrossCheck() {
        Path ae = dir.resolve("ae.safetensors");
        assertThat(CliRun.of("train", "--epochs", "1", "--hidden", "8", "--latent", "2", "--objective", "ae",
                "--no-progress", "-o", ae.toString()).exitCode()).isZero();

        CliRun run = CliRun.of("evaluate", ae.toString(), "--crosscheck", dir.resolve("ae-check").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--crosscheck: ").contains("plain autoencoder");
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(out);
        return out;
    }
}
