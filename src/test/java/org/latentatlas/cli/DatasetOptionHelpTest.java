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

    /** Messages count columns from 1, --csv-label from 0: its help says how the two meet. */
    @Test
    void csvLabelHelpSaysItCountsFromZeroWhereMessagesCountFromOne() {
        for (String command : new String[] {"train", "evaluate", "plot", "datasets show"}) {
            assertThat(optionHelp(command, "--csv-label")).as(command).contains("an index counted from 0 as pandas"
                    + " counts (0 is the first column; messages count columns from 1 as editors do, so their column 5"
                    + " is --csv-label 4)");
        }
    }

    /** The --dataset entry of a command's help, unwrapped. */
    private static String datasetHelp(String command) {
        return optionHelp(command, "--dataset");
    }

    /** The entry of {@code option} in a command's help, unwrapped. */
    private static String optionHelp(String command, String option) {
        String[] args = (command + " --help").split(" ");
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isZero();
        String options = run.out().substring(run.out().indexOf("      " + option + "="));
        return options.substring(0, options.indexOf("\n      --", 1)).replaceAll("\\s+", " ");
    }
}
