package org.latentatlas.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentatlas.data.Dataset;
import org.latentatlas.eval.ImportanceSampledNll;
import org.latentatlas.eval.MarginalLikelihood;
import org.latentatlas.eval.NoiseSource;
import org.latentatlas.io.AtomicFiles;
import org.latentatlas.text.Json;
import org.latentatlas.text.Words;

/**
 * What {@code tools/torch_crosscheck.py} needs to reproduce an evaluation in PyTorch, written by {@code atlas
 * evaluate --crosscheck DIR}: the evaluated examples as evaluated (after any binarization), every ε the importance
 * sampler drew for them, and evaluate's own per-example numbers: with them the tool can check any evaluation, not
 * only a test's, since the binarized examples and the ε come from Latent Atlas's generator and Python cannot redraw them.
 *
 * <p>Existing files are never replaced: a folder of inputs belongs to the evaluation that wrote it, and numbers
 * compared against another evaluation's ε would disagree for no fault of either framework.
 */
final class CrossCheckFiles {
    static final String X = "x.f32";
    static final String EPS = "eps.f32";
    static final String EXPECTED = "expected.json";
    static final String SCHEMA = "atlas.crosscheck/1";
    /** ε beyond this is no cross-check's business: a few hundred examples at a modest k show any disagreement. */
    static final long MAX_EPS_BYTES = 256L << 20;

    private final String option;
    private final Path dir;

    private CrossCheckFiles(String option, Path dir) {
        this.option = option;
        this.dir = dir;
    }

    /** Claims {@code dir} before any work: it must be a directory (or be creatable) holding none of the files. */
    static CrossCheckFiles claim(String option, Path dir) {
        OutputFiles.claimDirectory(option, dir);
        CrossCheckFiles files = new CrossCheckFiles(option, dir);
        for (String name : List.of(X, EPS, EXPECTED)) {
            if (Files.exists(dir.resolve(name))) {
                throw new IllegalArgumentException(option + " " + dir + " already holds " + name + " (from an earlier"
                        + " evaluation, whose ε and numbers it would mix with this one's); give an empty or new"
                        + " directory");
            }
        }
        return files;
    }

    /** Refuses, before the evaluation, ε too large to write: the message says which options make it smaller. */
    void checkSize(int examples, int k, int repeats, int latentDim) {
        long bytes = (long) repeats * examples * k * latentDim * Float.BYTES;
        if (bytes > MAX_EPS_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the ε of %d repeats x %d examples x"
                    + " k = %d x %d latent dimensions would take %,d MB (at most %d MB); a cross-check needs far"
                    + " fewer: give --examples, --k or --repeats smaller (e.g. --examples 200 --k 100 --repeats 1)",
                    option, repeats, examples, k, latentDim, bytes >> 20, MAX_EPS_BYTES >> 20));
        }
    }

    /**
     * Writes x.f32, eps.f32 and expected.json for {@code set} as evaluated: the ε the evaluation drew (its seed draws
     * them again) and the evaluation's own per-example numbers; returns the command that reproduces them.
     *
     * @param sampled the evaluation's IS-NLL, for its k, repeats and seed
     * @param numbers the per-example numbers of that same run
     */
    String write(Path model, Dataset set, int latentDim, ImportanceSampledNll sampled,
                 MarginalLikelihood.PerExample numbers) throws IOException {
        OutputFiles.createDirectory(option, dir);
        int n = set.size();
        int dim = set.dim();
        int k = sampled.k();
        int repeats = sampled.repeats();
        float[] eps = NoiseSource.seededArray(sampled.seed(), repeats, n, k, latentDim); // (repeats, n, k, latent)
        String command = command(model, k, repeats);
        writeNew(X, floats(set.pixels(), n * dim));
        writeNew(EPS, floats(eps, eps.length));
        writeNew(EXPECTED, expected(model, set, latentDim, sampled, numbers, command));
        return String.format(Locale.ROOT, "wrote %s (%d, %d), %s (%d, %d, %d, %d) and %s; to reproduce these numbers in"
                        + " PyTorch run:%n  %s", dir.resolve(X), n, dim, dir.resolve(EPS), repeats, n, k, latentDim,
                dir.resolve(EXPECTED), command);
    }

    /** A file that must not exist yet, looked at again just before its write (the evaluation took a while). */
    private void writeNew(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(name);
        if (Files.exists(path)) {
            throw new IOException(option + " " + path + " was put there while this command ran; refusing to"
                    + " replace it");
        }
        AtomicFiles.write(path, bytes);
    }

    private static byte[] floats(float[] values, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values, 0, count);
        return b.array();
    }

    private byte[] expected(Path model, Dataset set, int latentDim, ImportanceSampledNll sampled,
                            MarginalLikelihood.PerExample numbers, String command) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("model", model.toString());
        root.put("dataset", set.name());
        root.put("examples", set.size());
        root.put("inputDim", set.dim());
        root.put("latentDim", latentDim);
        root.put("k", sampled.k());
        root.put("repeats", sampled.repeats());
        root.put("seed", sampled.seed());
        root.put("x", X + ": little-endian float32 (examples, inputDim), the pixels in [0,1] as evaluated");
        root.put("eps", EPS + ": little-endian float32 (repeats, examples, k, latentDim), z = mu + sigma * eps");
        root.put("command", command);
        root.put("recon", numbers.recon());
        root.put("kl", numbers.kl());
        root.put("logMarginal", numbers.logMarginal());
        return Json.writePretty(root).getBytes(StandardCharsets.UTF_8);
    }

    private String command(Path model, int k, int repeats) {
        return String.join(" ", "/usr/bin/python3", Words.shellWord(script()),
                "--model", Words.shellWord(model.toString()),
                "--x", Words.shellWord(dir.resolve(X).toString()),
                "--eps", Words.shellWord(dir.resolve(EPS).toString()),
                "--k", String.valueOf(k), "--repeats", String.valueOf(repeats),
                "--out", Words.shellWord(dir.resolve("torch.json").toString()),
                "--expected", Words.shellWord(dir.resolve(EXPECTED).toString()));
    }

    /**
     * The tool beside this build (the jar in target/ of a source tree, or target/classes in tests), or its path
     * in the source tree when this build is elsewhere.
     */
    private static String script() {
        Path relative = Path.of("tools", "torch_crosscheck.py");
        try {
            Path built = Path.of(CrossCheckFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = built.getParent() == null ? null : built.getParent().getParent();
            if (root != null && Files.isRegularFile(root.resolve(relative))) {
                return root.resolve(relative).toString();
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // no location to go by: the source tree's path below
        }
        return relative.toString();
    }
}
