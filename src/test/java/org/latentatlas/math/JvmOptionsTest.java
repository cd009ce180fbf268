package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.latentatlas.train.BatchLoss;

/**
 * jvm.options, which ./atlas and bench/run pass to the JVM: a CompileCommand naming a method that no longer exists
 * is silently ignored (and "quiet" hides even the echo), so a rename would quietly bring back the boxed loss pass; a
 * compiler directive whose pattern matches nothing is as quiet, and would bring back the slow warm-up.
 */
class JvmOptionsTest {
    private static final String DONTINLINE = "-XX:CompileCommand=dontinline,";
    private static final String SCALING = "-XX:CompileCommand=CompileThresholdScaling,";
    private static final String DIRECTIVES = "-XX:CompilerDirectivesFile=";

    private static List<String> options() throws IOException {
        return Files.readAllLines(Path.of("jvm.options")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    @Test
    void everyDontInlineDirectiveNamesAnExistingMethod() throws Exception {
        List<String> targets = options().stream().filter(o -> o.startsWith(DONTINLINE)).toList();
        assertThat(targets).as("the loss pass's polynomial helpers").hasSize(2);
        for (String target : targets) {
            assertThat(declaresMethod(target.substring(DONTINLINE.length()))).as(target).isTrue();
        }
    }

    @Test
    void theThresholdScalingNamesThePackageOfTheVectorKernelsFirstAndLowersItsThresholds() throws Exception {
        List<String> scaled = options().stream().filter(o -> o.startsWith(SCALING)).toList();
        String pattern = SCALING + VectorGemm.class.getPackageName() + ".*::*,";
        assertThat(scaled.get(0)).startsWith(pattern);
        assertThat(scaled.stream().filter(o -> o.contains(".*::"))).as("package-wide scalings").hasSize(1);
        for (String line : scaled) {
            // Above 1 would send the code to C2 later than HotSpot's defaults; 0 would not compile it at all.
            assertThat(Double.parseDouble(line.substring(line.lastIndexOf(',') + 1)))
                    .as(line).isStrictlyBetween(0.0, 1.0);
        }
    }

    /**
     * Each per-method scaling ("Class::method", either name perhaps ending in "*") names a class this build or JDK has
     * and a method of it (one whose name begins as a pattern ending in "*" does): a rename would otherwise leave the
     * line matching nothing, as quietly as a misspelt dontinline.
     */
    @Test
    void everyPerMethodScalingNamesExistingCode() throws Exception {
        List<String> perMethod = options().stream()
                .filter(o -> o.startsWith(SCALING) && !o.contains(".*::"))
                .map(o -> o.substring(SCALING.length(), o.lastIndexOf(',')))
                .toList();
        assertThat(perMethod).as("the late once-per-step methods, BatchLoss.elbo among them")
                .contains(BatchLoss.class.getName() + "::elbo");
        for (String target : perMethod) {
            assertThat(declaresMethod(target)).as(target).isTrue();
        }
    }

    /**
     * Whether {@code "Class::method"} names a declared method: a class pattern ending in "*" names the class before it,
     * a method pattern ending in "*" any method whose name begins so, and any other method pattern that name exactly.
     * Throws ClassNotFoundException for a class that does not exist.
     */
    private static boolean declaresMethod(String target) throws ClassNotFoundException {
        String[] classAndMethod = target.split("::");
        Class<?> owner = Class.forName(withoutStar(classAndMethod[0]));
        String method = classAndMethod[1];
        return Arrays.stream(owner.getDeclaredMethods()).map(Method::getName)
                .anyMatch(name -> method.endsWith("*") ? name.startsWith(withoutStar(method)) : name.equals(method));
    }

    private static String withoutStar(String pattern) {
        return pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    /** Each pattern ("package/Class.method", either part a "*") names a class, or a package, that this JDK has. */
    @Test
    void everyCompilerDirectiveMatchesCodeThisJdkHas() throws Exception {
        List<String> files = options().stream().filter(o -> o.startsWith(DIRECTIVES)).toList();
        assertThat(files).containsExactly(DIRECTIVES + "jit-directives.json");
        JsonNode directives = new ObjectMapper().readTree(Path.of("jit-directives.json").toFile());
        List<String> patterns = new ArrayList<>();
        directives.forEach(d -> d.get("match").forEach(m -> patterns.add(m.asText())));
        assertThat(patterns).as("the Vector API's classes and the VM's intrinsic entry points")
                .containsExactly("jdk/incubator/vector/*.*", "jdk/internal/vm/vector/VectorSupport.*");
        for (String pattern : patterns) {
            String type = pattern.substring(0, pattern.lastIndexOf('.')).replace('/', '.');
            if (type.endsWith(".*")) {
                String pkg = type.substring(0, type.length() - 2);
                assertThat(ModuleLayer.boot().modules().stream().anyMatch(m -> m.getPackages().contains(pkg)))
                        .as("package %s", pkg).isTrue();
            } else {
                assertThat(Class.forName(type)).as(type).isNotNull();
            }
        }
        assertThat(directives.get(0).get("c2").get("Exclude").asBoolean()).as("excluded from C2 only").isTrue();
        assertThat(directives.get(0).has("c1")).isFalse();
    }

    /**
     * The options start this JDK, the directives file loads (the JIT says so), and stdout stays clean: the commands
     * write their results there, for pipes and files, and the JIT's "1 compiler directives added" goes to stderr,
     * where ./atlas drops it.
     */
    @Test
    void theJvmStartsWithTheseOptionsLoadsTheDirectivesAndPrintsNothingOnStdout() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(options());
        command.add("-version");
        Process p = new ProcessBuilder(command).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(new String(stdout, StandardCharsets.UTF_8)).isEmpty();
        assertThat(stderr).contains("1 compiler directives added");
    }

    @Test
    void quietComesBeforeEveryOtherCompileCommandSoStdoutStaysClean() throws Exception {
        List<String> commands = options().stream().filter(o -> o.startsWith("-XX:CompileCommand=")).toList();
        assertThat(commands.get(0)).isEqualTo("-XX:CompileCommand=quiet");
    }

    @Test
    void theLauncherPassesTheFileToTheJvm() throws Exception {
        String launcher = Files.readString(Path.of("atlas"));
        assertThat(launcher).contains("$here/jvm.options").contains("\"${jvm_options[@]}\"");
    }
}
