package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatasetOptionsTest {
    @Test
    void aBadShapeIsAUsageErrorNamingTheOptionAndTheValueWithoutJavaClassNames() {
        CliRun run = CliRun.of("train", "--epochs", "1", "--shape", "0x16");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("Invalid value for option '--shape'").contains("got 0x16")
                .doesNotContain("java.lang").doesNotContain("cannot convert");
    }

    @Test
    void aBadValueRangeIsAUsageErrorNamingTheOptionAndTheValueWithoutJavaClassNames() {
        CliRun run = CliRun.of("train", "--epochs", "1", "--value-range", "5:1");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("Invalid value for option '--value-range'").contains("got 5.0:1.0")
                .doesNotContain("java.lang").doesNotContain("cannot convert");
    }
}
