package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tiny model trained with a fixed seed has these exact bytes, computed on JDK 17 and on JDK 25 and equal there
 * (docs/determinism.md; {@code tools/jdk-bytes} compares the two JDKs on larger runs). The weights do not depend on
 * the vector width, but the loss totals in the metadata are summed lane by lane, so the file's hash is pinned per
 * float lane count: 8 (AVX2, or {@code -XX:MaxVectorSize=32}) and 16 (AVX-512).
 */
class GoldenModelBytesTest {
    /** float lanes → {default relu/binomial(16) model, gelu/bernoulli model with dynamic binarization}. */
    private static final Map<Integer, List<String>> SHA256 = Map.of(
            8, List.of("78647aa74e6e09183b74390bf265f05a27404af20679cc733ad5e5431fb0eae2",
                    "1ce65d4c870da66fd0d34d4bdd2a0aed164dbddfd21bdcdb55e31754ba4214fd"),
            16, List.of("5ca384564cc8ace9df7bdfee78f6b49d347a0d15dbfe9b6c75eb55bf6d273c98",
                    "46624f4e758eae44ac5384a683bcd17f3d6d37909fede232d89d6fc1d1559b2b"));
    private static final List<List<String>> CONFIGS = List.of(
            List.of(),
            List.of("--activation", "gelu", "--likelihood", "bernoulli", "--binarize", "dynamic"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aSeededTinyModelHasTheSameBytesOnEveryJdk(int config) throws Exception {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        assertThat(SHA256).as("no golden hash for %d float lanes: train this model on JDK 17 and JDK 25 with that"
                + " width, check that they agree, and add the hash", lanes).containsKey(lanes);
        Path out = dir.resolve("tiny.safetensors");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--epochs", "2", "--hidden", "16",
                "--seed", "11", "--no-progress", "-o", out.toString()));
        args.addAll(CONFIGS.get(config));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out)));
        assertThat(sha).as("model %s on %s, %d lanes", CONFIGS.get(config), System.getProperty("java.version"), lanes)
                .isEqualTo(SHA256.get(lanes).get(config));
    }
}
