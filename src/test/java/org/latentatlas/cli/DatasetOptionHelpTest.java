package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The --dataset help must be true for each command: train starts from digits, a model command from the model's data. */
class DatasetOptionHelpTest {
    @Test
    void trainHelpStatesTheDigitsDefaultOnce() {
        String help = datasetHelp("train");
        assertThat(help.split("Default: digits", -1)).hasSize(2);
        assertThat(help).doesNotContain("trained on");
    }

    @Test
    void evaluateAndPlotHelpStateTheModelsOwnDataAsTheDefault() {
        for (String command : new String[] {"evaluate", "plot"}) {
            String help = datasetHelp(command);
            assertThat(help).as(command).contains("Default: the data the model was trained on")
                    .doesNotContain("Default: digits");
        }
    }

    /** The --dataset entry of a command's help, unwrapped. */
    private static String datasetHelp(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertThat(run.exitCode()).isZero();
        String options = run.out().substring(run.out().indexOf("      --dataset="));
        return options.substring(0, options.indexOf("\n      --", 1)).replaceAll("\\s+", " ");
    }
}
