package org.latentatlas.cli;

import org.latentatlas.Prerequisites;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentatlas.data.DatasetCatalog;
import org.latentatlas.data.DatasetException;
import org.latentatlas.data.Split;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DatasetsCommandTest {
    @TempDir Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void listsWhatIsAvailableAndWhere() {
        int code = run(new DatasetsCommand(), "--cache-dir", tmp.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("digits").contains("embedded")
                .containsPattern("mnist +missing +looked in \\[" + java.util.regex.Pattern.quote(tmp.resolve("mnist").toString()));
        if (Files.isDirectory(DatasetCatalog.DEBIAN_FASHION_MNIST)) {
            assertThat(out.toString()).containsPattern("fashion-mnist +available +/usr/share/datasets/fashion-mnist");
        }
    }

    /** The digits' resource path ("/data/digits.csv.gz") read as a file to look for on disk. */
    @Test
    void theDigitsAreSaidToBeInTheJarNotAtAPath() {
        run(new DatasetsCommand(), "--cache-dir", tmp.toString());
        assertThat(out.toString()).containsPattern("digits +available +embedded in the jar \\(1,797 images 8x8, 10"
                + " classes\\)\n").doesNotContain("/data/digits");
    }

    /** "datasets show data/d.csv" had written d.csv-samples.png. */
    @ParameterizedTest
    @CsvSource({"data/d.csv, d", "d.CSV.gz, d", "sets/train-images-idx3-ubyte.gz, train-images-idx3-ubyte",
        "mnist, mnist", "digits, digits", "./my set/, my_set"})
    void theDefaultSheetIsNamedAfterTheDataWithoutItsFileEndings(String dataset, String name) {
        assertThat(DatasetsCommand.Show.defaultSheet(dataset)).isEqualTo(Path.of(name + "-samples.png"));
    }

    /** 'atlas datasets --download', as the listing's "get it with --download" read, was refused as an unknown option. */
    @Test
    void aMissingSetNamesACommandThatDownloadsItWhereTheListingLooked() {
        run(new DatasetsCommand(), "--cache-dir", tmp.toString());
        String hint = "get it with atlas datasets show mnist --download --cache-dir " + tmp;
        assertThat(out.toString()).contains("; " + hint + "\n");
        CommandLine cl = new CommandLine(new DatasetsCommand());
        String[] args = hint.substring("get it with atlas datasets ".length()).split(" ");
        assertThat(cl.parseArgs(args).subcommand().matchedOptionValue("--download", false)).isTrue();
    }

    @Test
    void aDataDirThatDoesNotExistIsAUsageErrorNotAnEmptyListing() {
        Path missing = tmp.resolve("nowhere");

        CliRun run = CliRun.of("datasets", "--data-dir", missing.toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).contains("--data-dir " + missing + " does not exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void listsCandidatesInTheDataDir() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("points.csv"), "1,2,3,4\n");
        Files.createDirectories(data.resolve("mnist"));
        Files.write(data.resolve("mnist/train-images-idx3-ubyte.gz"), new byte[0]);
        int code = run(new DatasetsCommand(), "--data-dir", data.toString(), "--cache-dir", tmp.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("points.csv +csv").containsPattern("mnist +idx-folder")
                .containsPattern("mnist +missing +looked in \\[" + java.util.regex.Pattern.quote(data.resolve("mnist").toString()));
    }

    @Test
    void showDigitsPrintsCountsAndWritesAContactSheet() throws Exception {
        Path png = Files.createDirectory(tmp.resolve("figs")).resolve("digits.png");
        int code = run(new DatasetsCommand(), "show", "digits", "--out", png.toString(), "--per-class", "5");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("total").contains("1,497").contains("300");
        BufferedImage img = ImageIO.read(png.toFile());
        // Drawn as the model figures are: ten rows of five 56-px tiles (8x8 enlarged x7) on white paper.
        assertThat(img.getHeight()).isGreaterThan(10 * 56);
        assertThat(img.getWidth()).isGreaterThan(5 * 56);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        // Readable by whoever may read any new file here (the umask's say), not owner-only as a temp file is.
        Path plain = java.nio.file.Files.writeString(png.resolveSibling("plain.txt"), "x");
        assertThat(java.nio.file.Files.getPosixFilePermissions(png))
                .isEqualTo(java.nio.file.Files.getPosixFilePermissions(plain));
    }

    @Test
    void manySamplesPerClassGoOnOverFurtherLinesOfTheSheet() throws Exception {
        Path png = tmp.resolve("digits.png");
        int code = run(new DatasetsCommand(), "show", "digits", "--out", png.toString(), "--per-class", "45");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("contact sheet (classes in label order, up to 45 train samples each, 20 to"
                + " a line)");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isLessThan(45 * 56).isGreaterThan(20 * 56);
        assertThat(img.getHeight()).isGreaterThan(30 * 56);
    }

    /** 3 classes of 2,400 one-pixel images, 2,000 each on 100 lines of 56-px tiles, over 16.8 megapixels; 83 fit. */
    @Test
    void aSheetTooLargeToDrawIsRefusedBeforeAnythingIsDrawnNamingTheMostPerClassThatFit() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 9000; i++) {
            rows.append(i % 2).append(',').append(i % 3).append('\n');
        }
        Path csv = Files.writeString(tmp.resolve("dots.csv"), rows);
        Path png = tmp.resolve("dots.png");

        CliRun run = CliRun.of("datasets", "show", csv.toString(), "--csv-label", "last", "--per-class", "2000",
                "--out", png.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.errLines()).isOne();
        assertThat(run.err()).startsWith("atlas datasets show: invalid setting: --per-class 2000: 2,000 images per"
                + " class make a contact sheet of 20.2 megapixels for the 3 classes of " + csv + " (20 images to a"
                + " line), over the limit of 16.8 megapixels; at most 1660 per class fit");
        assertThat(run.out()).as("refused before the counts are printed").isEmpty();
        assertThat(png).doesNotExist();
    }

    @Test
    void showFashionMnistFromTheDebianPackage() throws Exception {
        Prerequisites.require(Files.isDirectory(DatasetCatalog.DEBIAN_FASHION_MNIST), "needs apt-get install dataset-fashion-mnist");
        Path png = tmp.resolve("fm.png");
        int code = run(new DatasetsCommand(), "show", "fashion-mnist", "--cache-dir", tmp.toString(), "--out", png.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("its own split").contains("Ankle boot").contains("6,000").contains("1,000")
                .contains("60,000").contains("10,000");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isGreaterThan(10 * 56); // 28x28 enlarged x2
    }

    @Test
    void showMissingMnistExplainsWhereItLookedInOneLineNamingTheCommand() {
        CliRun run = CliRun.of("datasets", "show", "mnist", "--cache-dir", tmp.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).isEqualTo(1);
        assertThat(run.err()).startsWith("atlas datasets show: error: ").contains("mnist: dataset files not found")
                .contains(tmp.resolve("mnist").toString()).contains("--download");
    }

    @Command(name = "train")
    static class FakeTrain implements Runnable {
        @Mixin DatasetOptions data;
        Split split;
        Exception failure;

        @Override
        public void run() {
            try {
                split = data.load(42);
            } catch (DatasetException e) {
                failure = e;
            }
        }
    }

    @Test
    void mixinLoadsTheDefaultDigitsAndHonoursOptions() {
        FakeTrain t = new FakeTrain();
        assertThat(run(t)).isZero();
        assertThat(t.split.test().size()).isEqualTo(300);
        FakeTrain limited = new FakeTrain();
        assertThat(run(limited, "--limit", "50", "--test-size", "0.5")).isZero();
        assertThat(limited.split.train().size()).isEqualTo(50);
        assertThat(limited.split.test().size()).isEqualTo(50);
    }

    @Test
    void badShapeIsAUsageError() {
        assertThat(run(new FakeTrain(), "--shape", "28by28")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a shape like 28x28, got '28by28'");
    }
}
