package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that reads a file named on its command line treats a path naming nothing (or a folder) as a slip of
 * the command line, exit 2, in one form: "NAME PATH: no such file; give EXPECTED". A file that is there but is no
 * model stays the file's fault, exit 1.
 */
class InputFilesTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainATinyModel() {
        model = CliRun.tinyModel(dir.resolve("tiny.safetensors"));
    }

    /** A command, the name its file is given under, and where in its arguments the file goes. */
    private record Reader(String command, String name, String expected, List<String> before, List<String> after) {
        String[] args(Path file) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(before);
            args.add(file.toString());
            args.addAll(after);
            return args.toArray(String[]::new);
        }

        @Override
        public String toString() {
            return command + " " + name;
        }
    }

    static Stream<Arguments> readers() {
        String out = dir.resolve("figures").toString();
        String aModel = "a model file written by 'atlas train'";
        return Stream.of(
                new Reader("evaluate", "MODEL", aModel, List.of(), List.of()),
                new Reader("info", "MODEL", aModel, List.of(), List.of()),
                new Reader("plot", "MODEL", aModel, List.of(), List.of("--out", out)),
                new Reader("plot", "--compare", aModel, List.of(model.toString(), "--out", out, "--compare"),
                        List.of()),
                new Reader("serve", "MODEL", aModel, List.of(), List.of("--port", "0")),
                new Reader("export", "MODEL", aModel, List.of(), List.of(dir.resolve("site").toString())),
                new Reader("train", "--resume", "the checkpoint a run wrote with --checkpoint-every",
                        List.of("--resume"), List.of("--no-progress", "-o", dir.resolve("resumed.safetensors")
                                .toString()))).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void aPathNamingNoFileIsAUsageErrorNamingTheArgument(Reader reader) {
        Path missing = dir.resolve("nothere.safetensors");
        assertRefusedAsTyped(reader, missing, "no such file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void aFolderWhereAFileGoesIsAUsageErrorNamingTheArgument(Reader reader) {
        assertRefusedAsTyped(reader, dir, "is a directory");
    }

    /** "atlas CMD: invalid setting: NAME PATH: WHAT; give EXPECTED", on one line, exit 2. */
    private static void assertRefusedAsTyped(Reader reader, Path path, String what) {
        CliRun run = CliRun.of(reader.args(path));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("atlas " + reader.command() + ": invalid setting: " + reader.name() + " "
                + path + ": " + what + "; give " + reader.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void aFileThatIsThereButIsNoModelIsTheFilesFault(Reader reader) throws Exception {
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "not a safetensors file at all", StandardCharsets.UTF_8);
        CliRun run = CliRun.of(reader.args(junk));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLines()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("atlas " + reader.command() + ": error: ").contains(junk.toString());
    }
}
