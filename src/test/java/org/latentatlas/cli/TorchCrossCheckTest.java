package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentatlas.Prerequisites;
import org.latentatlas.io.ModelFile;
import org.latentatlas.model.Vae;
import org.latentatlas.text.Json;

/**
 * PyTorch reads our model file into an equivalent {@code nn.Module} and, on the x and ε {@code atlas evaluate
 * --crosscheck} wrote, gets evaluate's ELBO terms and IS-NLL per example (tools/torch_crosscheck.py, in float64,
 * through torch.distributions). Every activation is in the list: with ReLU alone, evaluate and the tool once agreed
 * on the same wrong decoder for every tanh model.
 */
class TorchCrossCheckTest {
    static final Path PYTHON = Path.of("/usr/bin/python3"); // Debian's, where python3-torch installs; not pyenv's
    static final Path SCRIPT = Path.of("tools/torch_crosscheck.py");
    static final double TOLERANCE_NATS = 1e-3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource(delimiter = ';', value = {
        "bernoulli; relu; --binarize=dynamic",
        "binomial(16); tanh;",
        "gaussian(0.2); silu;",
        "continuous-bernoulli; gelu;",
        "gaussian(learned); tanh;",
        "gaussian(learned-pixel); gelu;"})
    void torchReproducesEvaluatesElboTermsAndIsNllPerExample(String likelihood, String activation, String extra)
            throws Exception {
        Prerequisites.require(torchAvailable(), "PyTorch for Debian's python3: apt-get install python3-torch");
        Path model = train(likelihood, activation, extra);
        Path report = dir.resolve("report.json");
        Path check = dir.resolve("check");
        CliRun evaluate = CliRun.of("evaluate", model.toString(), "--examples", "24", "--k", "32", "--repeats", "2",
                "--json", report.toString(), "--crosscheck", check.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();

        Process torch = run(printedCommand(evaluate.out()));
        String log = output(torch);
        assertThat(torch.exitValue()).as(log).isZero();
        assertThat(log).contains("cross-check passed");
        JsonNode ours = Json.readTree(check.resolve(CrossCheckFiles.EXPECTED).toFile());
        JsonNode theirs = Json.readTree(check.resolve("torch.json").toFile());
        for (String key : List.of("recon", "kl", "logMarginal")) {
            assertClose(likelihood + " " + activation + " " + key, ours.get(key), theirs.get(key));
        }
        // The files hold the report's own numbers, not a second evaluation's.
        JsonNode elbo = Json.readTree(report.toFile()).at("/report/elbo");
        assertThat(-(mean(ours.get("recon")) + mean(ours.get("kl")))).isCloseTo(elbo.get("elbo").asDouble(), within(1e-9));
    }

    @Test
    void theToolRefusesACheckpointAndAnAutoencoderInOneLineWithExitTwo() throws Exception {
        Prerequisites.require(torchAvailable(), "PyTorch for Debian's python3: apt-get install python3-torch");
        Path ae = dir.resolve("ae.safetensors");
        assertThat(CliRun.of("train", "--epochs", "1", "--hidden", "8", "--latent", "2", "--objective", "ae",
                "--no-progress", "-o", ae.toString()).exitCode()).isZero();
        Path run = dir.resolve("run.safetensors");
        assertThat(CliRun.of("train", "--epochs", "1", "--hidden", "8", "--latent", "2", "--checkpoint-every", "5",
                "--no-progress", "-o", run.toString()).exitCode()).isZero();
        Path checkpoint = TrainCommand.defaultCheckpoint(run);

        for (Path file : List.of(ae, checkpoint)) {
            Process p = run(List.of(PYTHON.toString(), SCRIPT.toString(), "--model", file.toString(), "--x", "x.f32",
                    "--eps", "eps.f32", "--k", "1", "--out", dir.resolve("t.json").toString()));
            String log = output(p);
            assertThat(p.exitValue()).as(log).isEqualTo(2);
            assertThat(log.strip()).doesNotContain("Traceback").doesNotContain("\n")
                    .startsWith("torch_crosscheck.py: cannot check: " + file);
        }
    }

    /** @param extra one more option, or null */
    /**
     * The README's snippet, run as printed, rebuilds the module from the file's metadata alone, loads every tensor
     * strictly, and encodes and decodes as Java does: with the model's activation (GELU as the tanh approximation)
     * and the learned σ's tensor in place.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource(delimiter = ';', value = {"tanh; gaussian(learned-pixel)", "gelu; binomial(16)", "silu; gaussian(learned)"})
    void theReadmeSnippetRebuildsTheModelFromItsMetadataAndComputesAsJavaDoes(String activation, String likelihood)
            throws Exception {
        Prerequisites.require(torchAvailable(), "PyTorch for Debian's python3: apt-get install python3-torch");
        Path model = dir.resolve("digits.safetensors"); // the name the snippet reads
        CliRun train = CliRun.of("train", "--epochs", "1", "--hidden", "16,8", "--latent", "3", "--activation",
                activation, "--likelihood", likelihood, "--no-progress", "-o", model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path script = Files.writeString(dir.resolve("snippet.py"), readmeSnippet() + String.join("\n",
                "m = json.loads(metadata['atlas.model'])",
                "x = torch.linspace(0, 1, m['inputDim'])[None, :]",
                "with torch.no_grad():",
                "    out, _, _ = vae(x)",
                "    h = vae.encoder(x)",
                "    mu, logvar = vae.mu(h), vae.logvar(h)",
                "    print(json.dumps({'mu': mu[0].tolist(), 'logvar': logvar[0].tolist(),",
                "                      'decoded': vae.decoder(mu)[0].tolist(), 'outputs': out.shape[1]}))", ""));

        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString()).directory(dir.toFile());
        Process p = pb.redirectErrorStream(true).start();
        String log = output(p);
        assertThat(p.exitValue()).as(log).isZero();
        JsonNode torch = Json.readTree(log.lines().reduce((a, b) -> b).orElseThrow());

        ModelFile.LoadedModel loaded = ModelFile.read(model);
        Vae vae = new Vae(loaded.config(), loaded.parameters());
        int dim = loaded.config().inputDim();
        float[] x = new float[dim]; // (1, dim), as torch.linspace(0, 1, dim)
        for (int i = 0; i < dim; i++) {
            x[i] = (float) i / (dim - 1);
        }
        Vae.Encoding q = vae.encode(x, 1);
        assertThat(torch.get("outputs").asInt()).isEqualTo(dim);
        assertFloatsClose("mu", q.mu(), torch.get("mu"));
        assertFloatsClose("logvar", q.logvar(), torch.get("logvar"));
        assertFloatsClose("decoded", vae.decodeLogits(q.mu(), 1), torch.get("decoded"));
    }

    /** The python block under the README's "The model file". */
    private static String readmeSnippet() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## The model file");
        int start = readme.indexOf("```python\n", section) + "```python\n".length();
        assertThat(section).isPositive();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static void assertFloatsClose(String what, float[] ours, JsonNode theirs) {
        assertThat(theirs.size()).as(what).isEqualTo(ours.length);
        for (int i = 0; i < ours.length; i++) {
            assertThat((double) ours[i]).as(what + "[" + i + "]").isCloseTo(theirs.get(i).asDouble(), within(1e-4));
        }
    }

    private Path train(String likelihood, String activation, String extra) {
        Path model = dir.resolve("m.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "2", "--hidden", "16", "--latent", "3",
                "--likelihood", likelihood, "--activation", activation, "--no-progress", "-o", model.toString()));
        if (extra != null) {
            args.add(extra);
        }
        CliRun train = CliRun.of(args.toArray(String[]::new));
        assertThat(train.exitCode()).as(train.err()).isZero();
        return model;
    }

    /** The command evaluate printed for the user, split into words (the test's paths hold no spaces). */
    private static List<String> printedCommand(String out) {
        List<String> lines = out.lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.endsWith("to reproduce these numbers in PyTorch run:"))
                .findFirst().orElseThrow(() -> new AssertionError("no command printed in:\n" + out)));
        return Arrays.asList(lines.get(at + 1).strip().split(" "));
    }

    private static void assertClose(String what, JsonNode ours, JsonNode theirs) {
        assertThat(theirs.size()).as(what + " examples").isEqualTo(ours.size()).isPositive();
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).asDouble()).as(what + " of example " + i + " (torch " + theirs.get(i).asDouble() + ")")
                    .isCloseTo(theirs.get(i).asDouble(), within(TOLERANCE_NATS));
        }
    }

    private static double mean(JsonNode values) {
        double sum = 0;
        for (JsonNode v : values) {
            sum += v.asDouble();
        }
        return sum / values.size();
    }

    private static Process run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        return log;
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
