package org.latentatlas.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jvm.options, which ./atlas and bench/run pass to the JVM: a CompileCommand naming a method that no longer exists
 * is silently ignored (and "quiet" hides even the echo), so a rename would quietly bring back the boxed loss pass.
 */
class JvmOptionsTest {
    private static final String DONTINLINE = "-XX:CompileCommand=dontinline,";

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
            String[] classAndMethod = target.substring(DONTINLINE.length()).split("::");
            Class<?> owner = Class.forName(classAndMethod[0]);
            assertThat(Arrays.stream(owner.getDeclaredMethods()).map(Method::getName))
                    .as("%s in %s", classAndMethod[1], owner.getName())
                    .contains(classAndMethod[1]);
        }
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
