package org.latentatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.server.ExplorerExport;
import org.latentatlas.server.SelfContainedPage;
import org.latentatlas.text.Json;
import org.latentatlas.text.Words;

/** {@code atlas export MODEL DIR}: the explorer as static files, through picocli as a user runs it. */
class ExportCommandTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainATinyModel() {
        model = shared.resolve("tiny.safetensors");
        CliRun run = CliRun.of("train", "--epochs", "1", "--hidden", "8", "--no-progress", "--checkpoint-every",
                "1000", "-o", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static JsonNode points(Path site) throws Exception {
        return Json.readTree(site.resolve("points.json").toFile());
    }

    private static String[] names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    /** The page's scripts, counted in the sources rather than written here: one per module, and modules come and go. */
    private static long scripts() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/web"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".js")).count();
        }
    }

    @Test
    void itWritesTheExplorerWithTheModelsPointsAndSaysHowToViewIt() throws Exception {
        Path site = tmp.resolve("site");
        CliRun run = CliRun.of("export", model.toString(), site.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("exported the explorer for the VAE 64-8-2-8-64 trained on digits to " + site
                + ": index.html with its style sheet and " + scripts() + " scripts, model.safetensors (").contains(
                "points.json (300 test points with their images, 1497 train points; ",
                "'python3 -m http.server --bind 127.0.0.1' in " + site + ", then open http://127.0.0.1:8000/",
                "GitHub Pages");
        assertThat(names(site)).containsExactlyInAnyOrderElementsOf(ExplorerExport.FILES);
        assertThat(Files.readAllBytes(site.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(model));
        assertThat(points(site).at("/splits/test/count").asInt()).isEqualTo(300);
    }

    /** README.txt is published with the page: a model trained on an absolute path is named by its file alone. */
    @Test
    void theReadmeNamesTheDataByItsFileNotByTheTrainersFolders() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            rows.append(r % 5).append(',').append(r % 3).append(',').append((r + 1) % 4).append(',').append(r % 2)
                    .append(',').append(r % 4).append('\n');
        }
        Path csv = Files.writeString(tmp.resolve("tiny.csv"), rows);
        Path csvModel = CliRun.tinyModel(tmp.resolve("csv.safetensors"), "--dataset", csv.toAbsolutePath().toString(),
                "--csv-label", "last");
        Path site = tmp.resolve("site");

        CliRun run = CliRun.of("export", csvModel.toString(), site.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(site.resolve("README.txt"))).contains("trained on tiny.csv")
                .doesNotContain(tmp.toString());
    }

    /** What the page fetches from the folder is what it fetches from `atlas serve`: points encoded the same way. */
    @Test
    void eachFileIsWhatServeSendsForTheSameModelPointsIncluded() throws Exception {
        Path site = tmp.resolve("site");
        assertThat(CliRun.of("export", model.toString(), site.toString()).exitCode()).isZero();
        try (ServingRun serve = ServingRun.start("serve", model.toString(), "--port", "0")) {
            for (String name : ExplorerExport.FILES) {
                if (!name.equals(ExplorerExport.README)) {
                    assertThat(Files.readAllBytes(site.resolve(name))).as(name)
                            .isEqualTo(serve.get("/" + name, HttpResponse.BodyHandlers.ofByteArray()));
                }
            }
        }
    }

    @Test
    void theSameModelAndDataGiveTheSameBytes() throws Exception {
        assertThat(CliRun.of("export", model.toString(), tmp.resolve("one").toString()).exitCode()).isZero();
        assertThat(CliRun.of("export", model.toString(), tmp.resolve("two").toString()).exitCode()).isZero();
        for (String name : ExplorerExport.FILES) {
            assertThat(Files.readAllBytes(tmp.resolve("two").resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(name)));
        }
    }

    @Test
    void aFolderThatHoldsFilesIsRefusedWithExit2UnlessForcedAndItsOtherFilesAreKept() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(site.resolve("CNAME"), "atlas.example.org");
        CliRun refused = CliRun.of("export", model.toString(), site.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errLines()).isEqualTo(1);
        assertThat(refused.err()).startsWith("atlas export: invalid setting: " + site + " is not empty (it holds"
                + " CNAME); give a new or empty directory for the export, or add --force");
        assertThat(names(site)).containsExactly("CNAME");

        CliRun forced = CliRun.of("export", model.toString(), site.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("README.txt (kept the 1 other entry)");
        assertThat(Files.readString(site.resolve("CNAME"))).isEqualTo("atlas.example.org");
        CliRun again = CliRun.of("export", model.toString(), site.toString(), "-f");
        assertThat(again.out()).contains("README.txt (replaced the earlier export's page (index.html with its style"
                + " sheet and " + scripts() + " scripts), model.safetensors, points.json and README.txt; kept the 1 other"
                + " entry)");
        Files.writeString(site.resolve("style.css"), "an older style sheet");
        Files.delete(site.resolve("app.js"));
        CliRun some = CliRun.of("export", model.toString(), site.toString(), "-f");
        assertThat(some.out()).contains("(replaced the earlier export's " + Words.and(ExplorerExport.FILES.stream()
                .filter(f -> !f.equals("app.js")).toList()) + "; kept the 1 other entry)");
    }

    /** A file under an export's name that no export wrote (here the user's notes) is exit 2 and keeps its bytes. */
    @Test
    void forceRefusesAReadmeThatNoExportWroteWithExit2() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(site.resolve("README.txt"), "notes");
        CliRun run = CliRun.of("export", model.toString(), site.toString(), "--force");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas export: invalid setting: " + site + " holds files under the names an"
                + " export writes that no export wrote: README.txt (not the README of an export)");
        assertThat(names(site)).containsExactly("README.txt");
        assertThat(Files.readString(site.resolve("README.txt"))).isEqualTo("notes");
    }

    /** As train -o, plot --out and evaluate --json: found before the data is loaded and encoded, not at the write. */
    @Test
    void aFolderWhereNoFileCanBeCreatedIsExit2BeforeAnyWork() {
        CliRun run = CliRun.of("export", model.toString(), "/proc/self/site");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas export: invalid setting: /proc/self/site: cannot write in directory"
                + " /proc/self (");
        assertThat(run.out()).isEmpty();
    }

    /**
     * As train -o's file name: a folder name longer than file systems take is found before the work, not at the
     * rename that ends it.
     */
    @Test
    void aFolderNameTooLongForTheFileSystemIsExit2BeforeAnyWorkAndMakesNoFolder() {
        Path site = tmp.resolve("new/" + "a".repeat(256));
        CliRun run = CliRun.of("export", model.toString(), site.toString(), "--no-points");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("atlas export: invalid setting: DIR " + site + ": the folder name is 256 bytes"
                + " long; file systems take at most 255 (give a shorter name) (see 'atlas export --help')\n");
        assertThat(tmp.resolve("new")).doesNotExist();
    }

    /** GitHub warns about a file over 50 MiB and refuses one over 100 MiB; full Fashion-MNIST's points are 61 MB. */
    @Test
    void pointsTooBigForAGitHostGetANoteSayingHowToMakeThemSmaller() {
        assertThat(ExportCommand.bigPointsNote(50L << 20)).isNull();
        assertThat(ExportCommand.bigPointsNote(61_234_567)).isEqualTo("note: points.json is 61.2 MB; GitHub warns"
                + " about files over 50 MiB and refuses those over 100 MiB: --limit N exports a subsample of N points"
                + " of each split, --no-points none");
    }

    /** As info, evaluate, plot and serve: the file is sound, the command line named the wrong one (exit 2). */
    @Test
    void aCheckpointGivenAsTheModelIsNamedAsOneWithExit2() {
        Path checkpoint = shared.resolve("tiny.ckpt.safetensors");
        CliRun run = CliRun.of("export", checkpoint.toString(), tmp.resolve("site").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas export: invalid setting: " + checkpoint + ": this is a training"
                + " checkpoint, not a model file: continue the run with 'atlas train --resume " + checkpoint + "'");
        assertThat(tmp.resolve("site")).doesNotExist();
    }

    @Test
    void aFileGivenAsTheFolderIsRefusedWithExit2() {
        CliRun run = CliRun.of("export", model.toString(), model.toString(), "--force");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("atlas export: invalid setting: " + model + " is a file, not a directory:"
                + " give a new or empty directory for the export (it is created if missing) (see 'atlas export"
                + " --help')\n");
    }

    @Test
    void aModelThatCannotBeReadIsExit1AndLeavesNoFolder() throws Exception {
        Path site = tmp.resolve("site");
        Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "not a model");
        CliRun run = CliRun.of("export", junk.toString(), site.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("junk.safetensors");
        assertThat(site).doesNotExist();
    }

    @Test
    void noPointsLeavesTheDataOutAndTheReasonInThePage() throws Exception {
        Path site = tmp.resolve("site");
        CliRun run = CliRun.of("export", model.toString(), site.toString(), "--no-points");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("points.json (no data points; ");
        assertThat(points(site).at("/splits/test/count").asInt()).isZero();
        assertThat(points(site).at("/dataset/unavailable").asText()).isEqualTo("left out of this export on purpose, since they would carry the test images themselves");
        assertThat(Files.readString(site.resolve("points.json"))).doesNotContain("\"pixels\":[0");
        assertThat(Files.readString(site.resolve("README.txt"))).contains("points.json, which holds no data points")
                .doesNotContain("the encoded data points (points.json)");
    }

    @Test
    void noPointsWithAnOptionThatChoosesThePointsIsRefused() {
        CliRun run = CliRun.of("export", model.toString(), tmp.resolve("site").toString(), "--no-points", "--limit",
                "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("atlas export: invalid setting: --limit chooses the data points, which"
                + " --no-points leaves out; give one or the other (see 'atlas export --help')\n");
        assertThat(tmp.resolve("site")).doesNotExist();

        CliRun two = CliRun.of("export", model.toString(), tmp.resolve("site").toString(), "--no-points", "--dataset",
                "digits", "--limit", "10", "--cache-dir", tmp.resolve("cache").toString());
        assertThat(two.err()).as("--cache-dir chooses none").isEqualTo("atlas export: invalid setting: --dataset and"
                + " --limit choose the data points, which --no-points leaves out; give one or the other (see 'atlas"
                + " export --help')\n");
    }

    /**
     * --cache-dir, --data-dir, --download and --mirror say where data is found, not which: whoever always gives them
     * may. Nothing is fetched (the mirror here is a closed port).
     */
    @Test
    void noPointsWithOptionsThatOnlySayWhereDataIsFoundExports() {
        CliRun run = CliRun.of("export", model.toString(), tmp.resolve("site").toString(), "--no-points",
                "--cache-dir", tmp.resolve("cache").toString(), "--data-dir", tmp.toString(), "--download",
                "--mirror", "http://127.0.0.1:9/");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(tmp.resolve("cache")).doesNotExist();
        assertThat(run.out()).contains("no data points");
        assertThat(tmp.resolve("site/points.json")).isRegularFile();
    }

    /** As serve does: the model's data missing, the explorer goes without points, and the warning says so. */
    @Test
    void withoutItsDataItWarnsAndExportsWithoutPoints() throws Exception {
        Path csv = Files.createDirectories(tmp.resolve("data")).resolve("tiny.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append(i % 4).append(",3,1,0,").append(i % 2).append('\n');
        }
        Files.writeString(csv, rows);
        Path onCsv = tmp.resolve("csv.safetensors");
        CliRun train = CliRun.of("train", "--dataset", csv.toString(), "--csv-label", "last", "--test-size", "10",
                "--epochs", "1", "--hidden", "8", "--no-progress", "-o", onCsv.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        Files.delete(csv);

        Path site = tmp.resolve("site");
        CliRun run = CliRun.of("export", onCsv.toString(), site.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("atlas export: warning: " + onCsv + ": the model's recorded data, " + csv
                + ", is not found").endsWith(". Exporting the explorer without data points: the decoder, prior samples"
                + " and the draw pad work without them\n");
        assertThat(run.out()).contains("points.json (no data points; ");
        assertThat(points(site).at("/splits/test/count").asInt()).isZero();
        assertThat(points(site).at("/dataset/unavailable").asText()).isEqualTo("the data the model was trained on"
                + " (tiny.csv) was not available where this explorer was made, so its points were left out");
    }

    /** A name ending in .html: one page that carries its scripts, the model and the points, and nothing else written. */
    @Test
    void aNameEndingInHtmlWritesOnePageThatCarriesEverything() throws Exception {
        Path page = tmp.resolve("explorer.html");
        CliRun run = CliRun.of("export", model.toString(), page.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("exported the explorer for the VAE 64-8-2-8-64 trained on digits as one page, "
                + page + " (").contains(" KB: the page, its scripts, the model and 300 test points with their images,"
                + " 1497 train points)\nto view it, open it in a browser (a double-click does): it needs no server and no"
                + " network");
        assertThat(names(tmp)).containsExactly("explorer.html");
        assertThat(Files.readString(page)).startsWith("<!doctype html>").contains(SelfContainedPage.GENERATOR,
                "id=\"atlas-model\"", "id=\"atlas-points\"");
    }

    /** As train -o replaces a model: an earlier exported page is replaced, and the report says so. */
    @Test
    void anEarlierExportedPageIsReplacedAndSaidSo() throws Exception {
        Path page = tmp.resolve("explorer.html");
        assertThat(CliRun.of("export", model.toString(), page.toString(), "--no-points").exitCode()).isZero();
        CliRun again = CliRun.of("export", model.toString(), page.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains(page + " (replaced the explorer page written by atlas export that was there) (");
        assertThat(Files.readString(page)).contains("\"count\":300");
    }

    /** Any other file under the page's name is the user's: refused before any work, exit 2, its bytes kept. */
    @Test
    void anotherHtmlFileIsRefusedWithExit2AndKept() throws Exception {
        Path page = Files.writeString(tmp.resolve("index.html"), "<!doctype html><p>my own page</p>");
        CliRun run = CliRun.of("export", model.toString(), page.toString(), "--force");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas export: invalid setting: PAGE " + page + " is an unrecognized file;"
                + " refusing to replace it with an explorer page written by atlas export.");
        assertThat(Files.readString(page)).isEqualTo("<!doctype html><p>my own page</p>");
    }

    @Test
    void aPageInAFolderThatDoesNotExistIsRefusedWithExit2() {
        Path page = tmp.resolve("missing").resolve("explorer.html");
        CliRun run = CliRun.of("export", model.toString(), page.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("atlas export: invalid setting: PAGE " + page + ": directory "
                + page.toAbsolutePath().getParent() + " does not exist");
        assertThat(tmp.resolve("missing")).doesNotExist();
    }

    /** A folder that exists under a page's name is a folder: the export goes into it, as into any other. */
    @Test
    void aFolderNamedLikeAPageIsWrittenAsAFolder() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site.html"));
        CliRun run = CliRun.of("export", model.toString(), site.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(names(site)).containsExactlyInAnyOrderElementsOf(ExplorerExport.FILES);
    }

    /** E-mail services refuse attachments over 20–25 MB: a page above 20 MB says how to make it smaller. */
    @Test
    void aPageTooBigToSendGetsANoteSayingHowToMakeItSmaller() {
        assertThat(ExportCommand.bigPageNote(20_000_000)).isNull();
        assertThat(ExportCommand.bigPageNote(61_234_567)).isEqualTo("note: the page is 61.2 MB; e-mail services"
                + " refuse attachments over 20–25 MB: --limit N exports a subsample of N points of each split,"
                + " --no-points none");
    }
}
