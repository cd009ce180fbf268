package org.latentatlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.latentatlas.math.ElementwiseOps;
import org.latentatlas.math.Rng;
import org.latentatlas.model.Activation;
import org.latentatlas.model.DiagonalGaussian;
import org.latentatlas.model.Likelihood;

/**
 * The same seed gives the same numbers on JDK 17 and JDK 25 (docs/determinism.md). Each check below pins a result
 * on an input where {@code Math} gives another one on one of the two JDKs, so a return to {@code Math} fails here;
 * the two source rules catch it on a JDK whose {@code Math} happens to agree with fdlibm at every pinned input.
 */
class JdkIndependenceTest {
    /** Transcendentals whose {@code Math} result may differ by an ulp between JDKs and CPUs (sqrt is exact). */
    private static final Pattern JDK_DEPENDENT_MATH = Pattern.compile(
            "(?<![\\w.])Math\\.(exp|expm1|log|log10|log1p|pow|tanh|sinh|cosh|sin|cos|tan|asin|acos|atan|atan2|cbrt"
                    + "|hypot)\\(");
    /** A float sum or product over a vector's lanes in the order the JDK picks. */
    private static final Pattern JDK_ORDERED_REDUCTION = Pattern.compile(
            "reduceLanes(ToLong)?\\(\\s*(VectorOperators\\.)?(ADD|MUL)\\b");

    @Test
    void mainSourcesCallStrictMathForEveryTranscendental() throws IOException {
        assertThat(linesMatching(JDK_DEPENDENT_MATH))
                .as("use StrictMath (fdlibm on every JDK and CPU), not Math, whose result may differ by an ulp")
                .isEmpty();
    }

    @Test
    void mainSourcesNeverAddVectorLanesInTheJdksOrder() throws IOException {
        assertThat(linesMatching(JDK_ORDERED_REDUCTION))
                .as("store the accumulator and add its lanes with ScalarOps.sumInOrder: reduceLanes(ADD)'s order"
                        + " differs between JDK 17 and 25")
                .isEmpty();
    }

    @Test
    void tanhAndGeluLayersAreFdlibmsWhereJdk25sMathTanhDiffers() {
        // JDK 25's Math.tanh (an intrinsic) differs from fdlibm at these floats; JDK 17's Math.tanh is fdlibm's
        for (float v : new float[] {0.00148f, 0.0037f, 0.00407f}) {
            assertThat(Activation.TANH.apply(v)).as("tanh(%s)", v).isEqualTo(StrictMath.tanh(v));
        }
        double c = Math.sqrt(2 / Math.PI);
        for (float v : new float[] {0.061419997f, 0.07437f, 0.1517f}) {
            double gelu = 0.5 * v * (1 + StrictMath.tanh(c * (v + 0.044715 * v * v * v)));
            assertThat(Activation.GELU.apply(v)).as("gelu(%s)", v).isEqualTo(gelu);
        }
    }

    @Test
    void gaussianNoiseTakesFdlibmsLogWhereMathLogDiffers() {
        // Math.log of this seed's first s = u² + v² gives 0x1.edc0d635eea0cp-1 (JDK 17 and 25, x86-64)
        assertThat(new Rng(7).nextGaussian()).isEqualTo(0x1.edc0d635eea0bp-1);
    }

    @Test
    void klAndBernoulliLossTakeFdlibmsExpWhereMathExpDiffers() {
        // Math.exp gives the next double up here (JDK 17 and 25, x86-64): 0x1.04c0d46c273ffp0 for the KL
        assertThat(DiagonalGaussian.klToStandardNormal(0, -2.98668f)).isEqualTo(0x1.04c0d46c273fep0);
        assertThat(new Likelihood.Bernoulli().negLogLikelihood(-7.99482, 0)).isEqualTo(0x1.6186799706832p-12);
    }

    /**
     * JDK 17 adds lanes in order anyway, so this fails only on a JDK that does not (25, once C2 has compiled the pass);
     * on 17 the source rule above is what catches a return to {@code reduceLanes(ADD)}.
     */
    @Test
    void lossPassesAddTheirLanesInLaneOrder() {
        // A loss of 1e8 in element 0 and of 3 elsewhere: 1e8 + 3 rounds back to 1e8 in float (its ulp is 8), so the
        // sum depends on whether the 3s meet each other before they meet 1e8
        int n = 64;
        float[] logits = new float[n]; // (n)
        float[] x = new float[n]; // (n)
        logits[0] = 1e8f; // loss 1e8 (x = 0)
        for (int i = 1; i < n; i++) {
            logits[i] = 32f;
            x[i] = 29f / 32; // loss 32 − 29 + log1p(e^−32) = 3 in float
        }
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] lane = new float[lanes]; // (lanes) each lane's running float sum, element i in lane i mod lanes
        for (int i = 0; i < n; i++) {
            lane[i % lanes] += i == 0 ? 1e8f : 3f;
        }
        float inLaneOrder = 0f;
        for (float v : lane) {
            inLaneOrder += v;
        }
        // JDK 25 reduces lanes in order while interpreted and in another order once C2 has compiled the pass: call
        // it until it is compiled (C2 compiles a method after ~10^4 calls), checking every result
        java.util.Set<Double> results = new java.util.TreeSet<>();
        for (int call = 0; call < 50_000; call++) {
            results.add(ElementwiseOps.bernoulliNll(logits, 0, x, 0, n));
        }
        assertThat(results).containsExactly((double) inLaneOrder);
    }

    private static List<String> linesMatching(Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).as("the main sources, from the project folder").hasSizeGreaterThan(100);
        for (Path file : sources) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(code(lines.get(i))).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        return found;
    }

    /** A line without its comment: the rules are about calls, and the comments that explain them name the calls. */
    private static String code(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("*") || stripped.startsWith("/*")) {
            return "";
        }
        int comment = line.indexOf("//");
        return comment < 0 ? line : line.substring(0, comment);
    }
}
