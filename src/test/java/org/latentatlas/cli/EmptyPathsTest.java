package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * An empty path ({@code -o ""}, an unset shell variable) is refused as empty, naming the option and what to give,
 * exit 2, before the command runs: taken as it is, it is the working directory, and plot --out or --cache-dir wrote
 * there. A model named by a path that is not there shows that nothing was read first.
 */
class EmptyPathsTest {
    private static final String MODEL = "no-such-model.safetensors";
    /**
     * Were the empty path let through, train would train for minutes and explore serve until stopped: an option its
     * command refuses at once makes that a quick failure instead.
     */
    private static final Map<String, List<String>> REFUSED_IF_IT_GOT_THAT_FAR = Map.of(
            "train", List.of("--epochs", "0"), "explore", List.of("--port", "-1"));

    static Stream<Arguments> anEmptyPathIsRefusedAsEmptyNamingWhatToGive() {
        return Stream.of(
                arguments("train", List.of("-o", ""), "--output: empty; give a file name such as m.safetensors"),
                arguments("train", List.of("--output", ""), "--output: empty; give a file name such as m.safetensors"),
                arguments("train", List.of("--checkpoint-every", "5", "--checkpoint", ""),
                        "--checkpoint: empty; give a file name such as m.ckpt.safetensors"),
                arguments("train", List.of("--resume", ""),
                        "--resume: empty; give the checkpoint of the run, such as m.ckpt.safetensors"),
                arguments("train", List.of("--dataset", ""),
                        "--dataset: empty; give a dataset name such as digits, or a path such as data/x.csv"),
                arguments("train", List.of("--data-dir", ""), "--data-dir: empty; give a folder such as data"),
                arguments("train", List.of("--cache-dir", ""),
                        "--cache-dir: empty; give a folder such as /tmp/atlas-cache, or leave it out for the default"),
                arguments("train", List.of("--mirror", ""), "--mirror: empty; give a base URL such as"
                        + " http://localhost:8000/, or leave it out for the official one"),
                arguments("evaluate", List.of(""), "MODEL: empty; give a model file such as m.safetensors"),
                arguments("evaluate", List.of(MODEL, "--json", ""),
                        "--json: empty; give a file name such as report.json"),
                arguments("evaluate", List.of(MODEL, "--crosscheck", ""),
                        "--crosscheck: empty; give a folder such as crosscheck"),
                arguments("evaluate", List.of(MODEL, "--dataset", ""),
                        "--dataset: empty; give a dataset name such as digits, or a path such as data/x.csv"),
                arguments("plot", List.of(MODEL, "--out", ""), "--out: empty; give a folder such as figures"),
                arguments("plot", List.of(MODEL, "--compare", ""),
                        "--compare: empty; give another model file, such as m2.safetensors"),
                arguments("plot", List.of(MODEL, "--data-dir", ""), "--data-dir: empty; give a folder such as data"),
                arguments("info", List.of(""), "MODEL: empty; give a model file such as m.safetensors"),
                arguments("serve", List.of(""), "MODEL: empty; give a model file such as m.safetensors"),
                arguments("export", List.of("", "site"), "MODEL: empty; give a model file such as m.safetensors"),
                arguments("export", List.of(MODEL, ""), "DIR|PAGE.html: empty; give a folder such as site, or a page such as"
                        + " explorer.html"),
                arguments("explore", List.of("--cache-dir", ""),
                        "--cache-dir: empty; give a folder such as /tmp/atlas-cache, or leave it out for the default"),
                arguments("datasets", List.of("--cache-dir", ""),
                        "--cache-dir: empty; give a folder such as /tmp/atlas-cache, or leave it out for the default"),
                arguments("datasets", List.of("--data-dir", ""), "--data-dir: empty; give a folder such as data"),
                arguments("datasets show", List.of(""),
                        "NAME|PATH: empty; give a dataset name such as digits, or a path such as data/x.csv"),
                arguments("datasets show", List.of("digits", "--out", ""),
                        "--out: empty; give a file name such as digits-samples.png"));
    }

    @ParameterizedTest(name = "atlas {0} {1}")
    @MethodSource
    void anEmptyPathIsRefusedAsEmptyNamingWhatToGive(String command, List<String> options, String says) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(options);
        args.addAll(REFUSED_IF_IT_GOT_THAT_FAR.getOrDefault(command, List.of()));

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas " + command + ": " + says + " (see 'atlas " + command + " --help')\n");
        assertThat(run.out()).isEmpty();
    }

    /** atlas with no command takes the explorer's options, --cache-dir among them. */
    @Test
    void theExplorerWithoutACommandRefusesAnEmptyCacheDir() {
        CliRun run = CliRun.of("--cache-dir", "", "--port", "-1");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).startsWith("atlas: --cache-dir: empty; give a folder");
    }

    /** A path option added to any command without its words here would be told only "give a path". */
    @Test
    void everyPathTakingArgumentOfEveryCommandHasItsOwnWords() {
        Set<String> keys = new HashSet<>();
        collect(Main.commandLine(), keys);

        assertThat(keys).hasSizeGreaterThan(10);
        assertThat(EmptyPaths.GIVE.keySet()).containsAll(keys);
        assertThat(keys).as("no words for an argument that is gone").containsAll(EmptyPaths.GIVE.keySet());
    }

    private static void collect(CommandLine cl, Set<String> keys) {
        for (ArgSpec arg : cl.getCommandSpec().args()) {
            if (EmptyPaths.takesPath(arg)) {
                keys.add(EmptyPaths.key(arg));
            }
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, keys));
    }
}
