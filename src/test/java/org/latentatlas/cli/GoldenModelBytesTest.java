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
            8, List.of("4ea58a9a6aa1fde623678b5a78c8e82482668dd73f8ba54b1c3e8e13a958ca07",
                    "d890366b30e69b39da0cc9c5fbc553603bf238f0e3d16c308a1f07a97adc0556"),
            16, List.of("44eb3f32ef1abfef7b3a81c407ecb895f0d14d5f80ee48dfaf1906e579160548",
                    "691a71ca37f6ec8917ad0365d0ed0511b187907caca0fc55ff95e261b69e3919"));
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
