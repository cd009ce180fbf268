package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aBadShapeIsAUsageErrorNamingTheOptionAndTheValueWithoutJavaClassNames() {
        CliRun run = CliRun.of("train", "--epochs", "1", "--shape", "0x16");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("invalid setting: --shape must be rows x columns").contains("got '0x16'")
                .doesNotContain("java.lang").doesNotContain("cannot convert");
    }

    @Test
    void aBadValueRangeIsAUsageErrorNamingTheOptionAndTheValueWithoutJavaClassNames() {
        CliRun run = CliRun.of("train", "--epochs", "1", "--value-range", "5:1");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err()).contains("invalid setting: --value-range must be MIN:MAX").contains("got '5:1'")
                .doesNotContain("java.lang").doesNotContain("cannot convert");
    }

    /** Options that parse but do not fit the data are the command line's fault too: exit 2, as any bad setting. */
    @Test
    void settingsThatDoNotFitTheDataAreUsageErrorsNamingTheValue() throws Exception {
        Path output = dir.resolve("never.safetensors");
        Path csv = tinyCsv();
        String[][] cases = {
            {"--dataset", "digitz"}, {"--test-size", "5000"}, {"--test-size", "1.5"},
            {"--dataset", csv.toString(), "--csv-label", "9"}, {"--dataset", csv.toString(), "--shape", "3x3"},
            {"--dataset", csv.toString(), "--csv-label", "last", "--value-range", "0:0.5"},
            {"--dataset", csv.toString()}, {"--dataset", mixedSizeImageFolder().toString()},
            {"--dataset", Files.writeString(dir.resolve("header.csv"), "a,b,c,d\n0,1,2,3\n3,2,1,0\n").toString()}};
        String[] says = {"unknown dataset 'digitz'", "--test-size 5000 leaves no training data", "got '1.5'",
            "label column 9 is out of range", "shape 3x3 expected 9 pixel columns", "expected [0, 0.5] (--value-range)",
            "expected a square number of pixel columns, got 5, one more than 2x2; columns 1 and 5 hold the whole"
                    + " numbers 0..3 and 0..1, each occurring, as class indices do: if one holds the class labels, give"
                    + " --csv-label 0 or --csv-label last (the option counts columns from 0), else give the shape with"
                    + " --shape ROWSxCOLS",
            "image is 5x4 (rows x cols), expected 4x4 like " + dir.resolve("mixed/a/1.png")
                    + "; mixed sizes: resize explicitly with --resize 4x4",
            "line 1 holds names, not numbers (a, b, c, d), while line 2 holds numbers: it looks like a header line;"
                    + " give --csv-header"};
        for (int i = 0; i < cases.length; i++) {
            CliRun run = train(output, cases[i]);
            String label = String.join(" ", cases[i]);
            assertThat(run.exitCode()).as(label + ": " + run.err()).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.errLines()).as(label).isEqualTo(1);
            assertThat(run.err()).as(label).startsWith("atlas train: invalid setting: ").contains(says[i]);
        }
        assertThat(output).doesNotExist();
    }

    @Test
    void dataThatCannotBeReadIsStillARuntimeFailure() throws Exception {
        Path binary = Files.write(dir.resolve("broken.csv"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 1, 2});
        CliRun corrupt = train(dir.resolve("never.safetensors"), "--dataset", binary.toString());
        assertThat(corrupt.exitCode()).as(corrupt.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(corrupt.err()).startsWith("atlas train: error: ").contains(binary.toString());

        CliRun missing = train(dir.resolve("never.safetensors"), "--dataset", "mnist", "--cache-dir", dir.toString());
        assertThat(missing.exitCode()).as(missing.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(missing.err()).contains("mnist: dataset files not found");
    }

    /** A model's recorded dataset that has gone is a missing file, not a setting the user could correct. */
    @Test
    void aModelsRecordedDatasetThatIsGoneIsARuntimeFailure() throws Exception {
        Path csv = tinyCsv();
        Path model = dir.resolve("m.safetensors");
        CliRun trained = train(model, "--dataset", csv.toString(), "--csv-label", "last", "--test-size", "10");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Files.delete(csv);

        CliRun run = CliRun.of("evaluate", model.toString(), "--k", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("the model's recorded data, " + csv + ", is not found");
    }

    private CliRun train(Path output, String... options) {
        String[] base = {"train", "--epochs", "1", "--hidden", "8", "--no-progress", "-o", output.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        return CliRun.of(args);
    }

    /** Two classes of one black image each: a/1.png is 4x4, b/2.png 5x4 (rows x cols). */
    private Path mixedSizeImageFolder() throws Exception {
        Path root = dir.resolve("mixed");
        blackPng(root.resolve("a/1.png"), 4);
        blackPng(root.resolve("b/2.png"), 5);
        return root;
    }

    private static void blackPng(Path file, int rows) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(4, rows, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
    }

    /** 40 rows of four pixels (values 0..3, a 2x2 image) and a label 0 or 1 in the last column. */
    private Path tinyCsv() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 4).append(',').append(3).append(',').append(1).append(',').append(0).append(',')
                    .append(i % 2).append('\n');
        }
        return Files.writeString(dir.resolve("tiny.csv"), rows);
    }
}
