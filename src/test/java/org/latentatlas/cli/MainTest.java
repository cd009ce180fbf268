package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
    /** Stands in for a model too large for the heap: allocating one for real would risk the test JVM itself. */
    @Command(name = "grow")
    static final class HeapExhausting implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void aFullHeapEndsInOneLineNamingTheHeapAndTheFix() {
        CommandLine cl = new CommandLine(new HeapExhausting());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));

        int code = Main.execute(cl, new String[0]);

        assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString().lines().filter(l -> !l.isBlank())).hasSize(1);
        assertThat(err.toString()).startsWith("grow: error: out of memory")
                .contains("MB)").contains("ATLAS_JAVA_OPTS=-Xmx8g").contains("smaller model");
    }

    @Test
    void anExplorerOptionBeforeACommandIsRefusedSayingWhereItGoes() {
        CliRun run = CliRun.of("--port", "0", "serve", "model.safetensors");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--port before the command 'serve' does nothing there")
                .contains("'atlas serve --port ...'");
    }

    /** A slip in an option's name is answered with the option meant, on the usage error's one line. */
    @Test
    void anUnknownOptionSuggestsTheClosestRealOne() {
        CliRun run = CliRun.of("train", "--epocs", "3");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas train: '--epocs' is not an option of atlas train; did you mean"
                + " --epochs? (see 'atlas train --help')" + System.lineSeparator());
    }

    /** picocli's own ranking offers --resize for --repeat, and nothing for --prot; the fewest edits win here. */
    @Test
    void everyCommandSuggestsByTheFewestEditsOrAWordCutShort() {
        assertThat(CliRun.of("evaluate", "m.safetensors", "--repeat", "3").err()).contains("did you mean --repeats?");
        assertThat(CliRun.of("--prot", "0").err()).startsWith("atlas: '--prot' is not an option of atlas; did you"
                + " mean --port?");
        assertThat(CliRun.of("train", "--lr-sched", "cosine").err()).contains("did you mean --lr-schedule?");
        assertThat(CliRun.of("trian").err()).startsWith("atlas: 'trian' is not a command of atlas,").contains("; did you mean train?");
        CliRun two = CliRun.of("train", "--epocs=3", "--bach", "8");
        assertThat(two.errLines()).isEqualTo(1);
        assertThat(two.err()).contains("did you mean --epochs for --epocs and --batch for --bach?");
    }

    @Test
    void anUnknownOptionFarFromEveryNameSuggestsNothing() {
        CliRun run = CliRun.of("train", "--zzzzzz");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas train: '--zzzzzz' is not an option of atlas train (see 'atlas train"
                + " --help')"
                + System.lineSeparator());
        assertThat(CliRun.of("train", "-x").err()).as("one letter is one edit from every other").doesNotContain("mean");
    }

    @Test
    void helpBeforeACommandStillShowsHelp() {
        CliRun run = CliRun.of("--help", "serve");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage:");
    }

    /** Every command, as typed before --help ("" is atlas itself). */
    static java.util.stream.Stream<String> everyCommand() {
        return java.util.stream.Stream.of("", "train", "evaluate", "plot", "info", "serve", "export", "explore", "datasets",
                "datasets show");
    }

    private static CliRun help(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(
                command.isEmpty() ? java.util.List.of() : java.util.List.of(command.split(" ")));
        args.add("--help");
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).isZero();
        return run;
    }

    /** Every command's help, as a reader meets it: each option's default once, each description in whole lines. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("everyCommand")
    void helpStatesEachDefaultOnce(String command) {
        CliRun run = help(command);
        for (String option : optionBlocks(run.out())) {
            assertThat(option.split("Default:", -1).length - 1).as(option).isLessThanOrEqualTo(1);
        }
        // picocli fills each line to ~80 columns; a short line whose sentence goes on below is a break in the source.
        List<String> lines = run.out().lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            String next = lines.get(i + 1).strip();
            boolean sentenceGoesOn = !next.isEmpty() && Character.isLowerCase(next.charAt(0));
            boolean endsASentence = line.matches(".*[.:;)!?]$");
            assertThat(line.length() < 50 && !line.isBlank() && !line.strip().startsWith("-") && sentenceGoesOn
                    && !endsASentence)
                    .as("a ragged line in '%s --help':%n%s%n%s", command, line, next).isFalse();
        }
    }

    /** picocli wraps the synopsis where it may break a line, a comma inside a label included. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("everyCommand")
    void noSynopsisLineBreaksInsideAnOptionsLabel(String command) {
        List<String> lines = help(command).out().lines().toList();
        int usage = lines.indexOf(lines.stream().filter(l -> l.startsWith("Usage:")).findFirst().orElseThrow());
        for (int i = usage; i < lines.size() && (i == usage || lines.get(i).startsWith(" ")); i++) {
            String line = lines.get(i).stripTrailing();
            assertThat(line).as("'%s --help' synopsis", command).doesNotEndWith(",").doesNotEndWith("[");
            assertThat(line.chars().filter(c -> c == '[').count()).as(line)
                    .isEqualTo(line.chars().filter(c -> c == ']').count());
        }
    }

    @Test
    void theEncoderAndDecoderWidthsAreLabelledAlike() {
        String help = CliRun.of("train", "--help").out();
        assertThat(help).contains("[--decoder-hidden=WIDTHS]...").contains("[--hidden=WIDTHS]...")
                .contains("      --hidden=WIDTHS ").contains("      --decoder-hidden=WIDTHS");
    }

    /** The help's option entries: a line starting with a dash begins one, indented lines continue it. */
    private static java.util.List<String> optionBlocks(String help) {
        java.util.List<String> blocks = new java.util.ArrayList<>();
        StringBuilder current = null;
        for (String line : help.lines().toList()) {
            if (line.matches("\\s{0,8}-.*")) {
                current = new StringBuilder(line);
                blocks.add(null);
            } else if (current != null && line.startsWith("   ")) {
                current.append('\n').append(line);
            } else {
                current = null;
                continue;
            }
            blocks.set(blocks.size() - 1, current.toString());
        }
        return blocks;
    }
}
