package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A keyword option's value names one thing in any case, the same for every option: --activation Relu is relu, and
 * the run says (and records) it in lower case. --dataset names are matched exactly, since a name may also be a path.
 */
class KeywordCaseTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainATinyModel() {
        model = CliRun.tinyModel(dir.resolve("tiny.safetensors"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--activation  | Tanh     | ''                                 | (tanh, binomial(16))",
        "--likelihood  | Bernoulli| ''                                 | (relu, bernoulli)",
        "--objective   | AE       | ''                                 | autoencoder",
        "--kl-schedule | Linear   | --warmup 1                         | beta linear from 0 to 1 over 1 epoch (1 from epoch 2 on)",
        "--warmup-unit | Steps    | --kl-schedule linear --warmup 1    | beta linear from 0 to 1 over 1 step (1 from step 2 on)",
        "--binarize    | Dynamic  | --likelihood bernoulli             | trained on dynamically binarized",
    })
    void trainTakesAKeywordInAnyCaseAndSaysItInLowerCase(String option, String typed, String more, String said) {
        CliRun run = CliRun.trainTiny(Stream.concat(Stream.of("-o", dir.resolve("m.safetensors").toString(), option,
                typed), Stream.of(more.split(" ")).filter(s -> !s.isEmpty())).toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).contains(said);
    }

    /** The lr schedule is not in train's lines: the file's config, as info shows it, records it in lower case. */
    @Test
    void theLearningRateScheduleIsRecordedInLowerCase() {
        Path cosine = dir.resolve("cosine.safetensors");
        CliRun run = CliRun.trainTiny("-o", cosine.toString(), "--lr-schedule", "Cosine");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(CliRun.of("info", cosine.toString()).out()).contains("lrSchedule cosine,");
    }

    @Test
    void evaluateTakesTheSplitInAnyCase() {
        CliRun run = CliRun.of("evaluate", model.toString(), "--split", "Train", "--k", "2", "--repeats", "1",
                "--examples", "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains(" train (10 examples)");
    }

    @Test
    void plotTakesTheSplitInAnyCase() {
        CliRun run = CliRun.of("plot", model.toString(), "--split", "TRAIN", "--only", "Scatter", "--format", "PNG",
                "--out", dir.resolve("figures").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("scatter.png");
    }

    @Test
    void aSplitNamedNeitherWayIsRefusedAsTyped() {
        Stream.of("evaluate", "plot").forEach(command -> {
            CliRun run = CliRun.of(command, model.toString(), "--split", "Validation");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("--split must be test or train, got 'Validation'");
        });
    }
}
