package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        JsonNode ours = Json.MAPPER.readTree(check.resolve(CrossCheckFiles.EXPECTED).toFile());
        JsonNode theirs = Json.MAPPER.readTree(check.resolve("torch.json").toFile());
        for (String key : List.of("recon", "kl", "logMarginal")) {
            assertClose(likelihood + " " + activation + " " + key, ours.get(key), theirs.get(key));
        }
        // The files hold the report's own numbers, not a second evaluation's.
        JsonNode elbo = Json.MAPPER.readTree(report.toFile()).at("/report/elbo");
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
        if (!java.nio.file.Files.isExecutable(PYTHON)) {
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
