package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpCommandTest {
    @Test
    void helpWithACommandPrintsWhatThatCommandsHelpOptionPrints() {
        CliRun help = CliRun.of("help", "train");
        CliRun option = CliRun.of("train", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).isEqualTo(option.out()).contains("Usage: atlas train");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void helpAlonePrintsTheHelpOfAtlas() {
        CliRun help = CliRun.of("help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).isEqualTo(CliRun.of("--help").out()).contains("Usage: atlas [");
    }

    @Test
    void anUnknownOptionOfHelpIsRefusedNotIgnored() {
        CliRun run = CliRun.of("help", "--zz");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip())
                .isEqualTo("atlas help: '--zz' is not an option of atlas help (see 'atlas help --help')");
    }

    @Test
    void aSecondWordAfterTheCommandIsRefusedNotIgnored() {
        CliRun run = CliRun.of("help", "train", "extra");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("atlas help: 'extra' is not taken: atlas help takes COMMAND and options"
                + " (see 'atlas help --help')");
    }

    @Test
    void anUnknownCommandIsRefusedWithTheClosestName() {
        CliRun run = CliRun.of("help", "trian");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err().strip()).endsWith("'trian' is not a command of atlas, whose commands are train, evaluate,"
                + " info, plot, serve, export, explore, datasets and help; did you mean train? (see 'atlas --help')");
    }
}
