package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentatlas.Prerequisites;
import org.latentatlas.data.Dataset;
import org.latentatlas.eval.ImportanceSampler;
import org.latentatlas.eval.NoiseSource;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.text.Json;

/**
 * PyTorch reads our model file into an equivalent {@code nn.Module} and, on the same x and the same ε, gets the
 * same ELBO terms and IS-NLL per example (tools/torch_crosscheck.py, in float64, through torch.distributions).
 */
class TorchCrossCheckTest {
    static final Path PYTHON = Path.of("/usr/bin/python3"); // Debian's, where python3-torch installs; not pyenv's
    static final Path SCRIPT = Path.of("tools/torch_crosscheck.py");
    static final int EXAMPLES = 24;
    static final int K = 64;
    static final double TOLERANCE_NATS = 1e-3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "binomial(16)", "gaussian(0.2)", "continuous-bernoulli"})
    void torchReproducesOurElboTermsAndIsNllPerExample(String likelihood) throws Exception {
        Prerequisites.require(torchAvailable(), "PyTorch for Debian's python3: apt-get install python3-torch");
        Path model = dir.resolve("m.safetensors");
        CliRun train = CliRun.of("train", "--epochs", "2", "--hidden", "16", "--latent", "3", "--likelihood",
                likelihood, "--no-progress", "-o", model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        ModelFile.LoadedModel loaded = ModelFile.read(model);
        Dataset test = ModelDatasets.reloadSplit(model, loaded).test();
        Vae vae = new Vae(loaded.config(), loaded.parameters());
        int dim = vae.config().inputDim();
        int latent = vae.config().latentDim();

        float[] x = new float[EXAMPLES * dim]; // (examples, dim)
        System.arraycopy(test.pixels(), 0, x, 0, x.length);
        float[] eps = new float[EXAMPLES * K * latent]; // (examples, k, latent)
        NoiseSource seeded = NoiseSource.seeded(17, 0);
        for (int e = 0; e < EXAMPLES; e++) {
            for (int s = 0; s < K; s++) {
                seeded.fill(e, s, eps, (e * K + s) * latent, latent);
            }
        }
        ImportanceSampler.Run ours = new ImportanceSampler(vae).run(x, EXAMPLES, K, NoiseSource.fixed(eps, K, latent));

        JsonNode torch = runTorch(model, writeFloats("x.f32", x), writeFloats("eps.f32", eps));
        assertClose("recon", ours.recon(), torch.get("recon"));
        assertClose("kl", ours.kl(), torch.get("kl"));
        assertClose("logMarginal", ours.logMarginal(), torch.get("logMarginal"));
    }

    private static void assertClose(String what, double[] ours, JsonNode theirs) {
        assertThat(theirs.size()).as(what + " examples").isEqualTo(ours.length);
        for (int i = 0; i < ours.length; i++) {
            assertThat(ours[i]).as(what + " of example " + i + " (torch " + theirs.get(i).asDouble() + ")")
                    .isCloseTo(theirs.get(i).asDouble(), org.assertj.core.api.Assertions.within(TOLERANCE_NATS));
        }
    }

    private Path writeFloats(String name, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Files.write(dir.resolve(name), b.array());
    }

    private JsonNode runTorch(Path model, Path x, Path eps) throws Exception {
        Path out = dir.resolve("torch.json");
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), "--model", model.toString(),
                "--x", x.toString(), "--eps", eps.toString(), "--k", String.valueOf(K), "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("torch cross-check finished").isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return Json.MAPPER.readTree(out.toFile());
    }

    static boolean torchAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
