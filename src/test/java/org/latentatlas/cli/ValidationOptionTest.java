package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --validation} reads its value as {@code --test-size} does: a decimal point makes it a fraction of the
 * training split, without one it is a count. A decimal that is no fraction (1.0, 2.5) is refused, never read as a
 * count of 1 or 2 examples.
 */
class ValidationOptionTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0", "0.0, 0", "100, 100", "1, 1", "0.1, 0.1", "0.5, 0.5", "' 20 ', 20"})
    void aCountOrAFractionIsTakenAsWritten(String typed, double taken) {
        assertThat(TrainingOptions.ValidationSize.parse(typed)).isEqualTo(taken);
    }

    /** A resumed run takes the checkpoint's value back as if typed: a count stays a count, a fraction a fraction. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {0, 1, 100, 0.1, 0.5, 1e-5, 0.30000000000000004})
    void aHeldOutValueIsTypedBackAsItself(double held) {
        assertThat(TrainingOptions.ValidationSize.parse(TrainingOptions.ValidationSize.typed(held))).isEqualTo(held);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.0", "2.0", "100.0"})
    void aWholeNumberWithADecimalPointIsRefusedAsAFractionNamingTheCountToWrite(String typed) {
        String count = typed.substring(0, typed.indexOf('.'));
        assertThatThrownBy(() -> TrainingOptions.ValidationSize.parse(typed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--validation " + typed + " has a decimal point, so it is read as a fraction of the training split,"
                        + " which must be in (0, 1), like 0.1; for a number of examples write a whole number: "
                        + count);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"2.5", "-1", "-0.1", "1e3", "ten", "", "1.5.2"})
    void anythingElseIsRefusedAsTyped(String typed) {
        assertThatThrownBy(() -> TrainingOptions.ValidationSize.parse(typed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--validation must be a number of examples like 100, or a fraction of the training split in (0, 1)"
                        + " like 0.1 (0 = none), got '" + typed + "'");
    }

    @Test
    void trainRefusesValidationOnePointZeroOnceWithExitTwoAndWritesNothing() {
        CliRun run = CliRun.trainTiny("--validation", "1.0", "-o", dir.resolve("m.safetensors").toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).startsWith("atlas train: invalid setting: --validation 1.0 has a decimal point")
                .contains("write a whole number: 1");
        assertThat(dir).isEmptyDirectory();
    }

    /** In the form of every other setting's refusal: the option, what it must be, the value as typed. */
    @Test
    void trainRefusesAValueThatIsNoNumberNamingTheOptionAsOtherSettingsDo() {
        CliRun run = CliRun.trainTiny("--validation", "ten", "-o", dir.resolve("m.safetensors").toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("atlas train: invalid setting: --validation must be a number of examples like"
                + " 100, or a fraction of the training split in (0, 1) like 0.1 (0 = none), got 'ten' (see 'atlas"
                + " train --help')\n");
        assertThat(dir).isEmptyDirectory();
    }
}
