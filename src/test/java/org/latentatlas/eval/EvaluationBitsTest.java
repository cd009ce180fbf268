package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentatlas.data.Dataset;
import org.latentatlas.data.DigitsCsv;
import org.latentatlas.data.Split;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Vae;
import org.latentatlas.model.VaeConfig;
import org.latentatlas.train.EpochMetrics;
import org.latentatlas.train.TrainConfig;
import org.latentatlas.train.Trainer;
import org.latentatlas.train.TrainingListener;

/**
 * Same seed, same bytes: a run's numbers must not depend on which of the JVM's compilers ran the code at the
 * time, so neither training nor {@code atlas evaluate} may use an operation whose rounding differs between them. The Vector API's transcendental lanes ({@code lanewise(EXP)},
 * {@code LOG}) are one such dependence: interpreted they are Java's {@code Math} per lane, compiled by C2 a vector
 * library rounded differently, so two runs of one evaluation differed in the 12th digit depending on when the JIT
 * finished. The child JVM below trains and evaluates once purely interpreted and once after a warm-up long enough
 * for C2 to compile the hot loops; the printed bits must agree.
 */
class EvaluationBitsTest {

    private static final List<String> LIKELIHOODS = List.of("bernoulli", "binomial(16)", "gaussian(0.3)");

    @Test
    void trainingAndEvaluationGiveTheSameBitsInterpretedAndCompiled() throws Exception {
        String interpreted = runChild("-Xint", "cold");
        String compiled = runChild("warm");
        assertThat(interpreted.lines().count()).as(interpreted).isEqualTo(LIKELIHOODS.size() + 1);
        assertThat(compiled).isEqualTo(interpreted);
    }

    private static String runChild(String... flagsAndMode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Datlas.threads=1", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(flagsAndMode).subList(0, flagsAndMode.length - 1));
        command.add(EvaluationBitsTest.class.getName());
        command.add(flagsAndMode[flagsAndMode.length - 1]);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(output, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING")) // the incubator module's notice
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    /**
     * Child: for each likelihood, the IS-NLL per repeat and the ELBO of a small model as raw bits; with "warm", the
     * same evaluation runs first until the JIT has compiled it (Vector API code is compiled by C2 after ~10⁴ loop
     * iterations; the warm-up scores 72,000 rows).
     */
    public static void main(String[] args) {
        boolean warm = args.length > 0 && args[0].equals("warm");
        Dataset data = ImportanceSamplerTest.randomData(6, 8, 8, 3); // 64 pixels, as the digits
        for (String likelihood : LIKELIHOODS) {
            Vae vae = Vae.initialize(VaeConfig.symmetric(8, 8, List.of(16), 2, likelihood), new Rng(5));
            for (int i = 0; warm && i < 60; i++) {
                MarginalLikelihood.estimate(vae, data, 200, 1, 11);
            }
            // small, since the interpreted child runs the Vector API's Java fallback: ~100 times slower
            MarginalLikelihood.Estimate e = MarginalLikelihood.estimate(vae, data, 40, 2, 7);
            StringBuilder line = new StringBuilder(likelihood);
            for (double v : e.isNll().perRepeat()) {
                line.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
            }
            line.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(e.elbo().elbo())));
            System.out.println(line);
        }
        printTraining(warm);
    }

    /** One epoch on some digits with a small model: its weights' hash and its train and test ELBO, as raw bits. */
    private static void printTraining(boolean warm) {
        int[] first = IntStream.range(0, 400).toArray(); // 4 steps of 64, 80 test examples
        Split digits = Split.stratified(DigitsCsv.load().subset(first, "first 400"), 80, 42);
        VaeConfig small = VaeConfig.symmetric(8, 8, List.of(32), 2);
        TrainConfig tc = new TrainConfig(1, 64, 3e-3, 1, 5);
        for (int i = 0; warm && i < 40; i++) {
            new Trainer().train(small, digits, tc, TrainingListener.NONE);
        }
        Trainer.Result r = new Trainer().train(small, digits, tc, TrainingListener.NONE);
        EpochMetrics last = r.history().get(r.history().size() - 1);
        System.out.println("training " + Integer.toHexString(Arrays.hashCode(r.vae().parameters())) + " "
                + Long.toHexString(Double.doubleToRawLongBits(last.trainElbo())) + " "
                + Long.toHexString(Double.doubleToRawLongBits(last.testElbo())));
    }
}
