package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The explorer written as a static folder")
class ExplorerExportTest {
    private static final ExplorerFixture FIXTURE = ExplorerFixture.digits();
    private static final byte[] MODEL = FIXTURE.modelFile();
    private static final byte[] POINTS = FIXTURE.pointsJson();
    private static final String ABOUT = "VAE 64-48-24-2-24-48-64 trained on digits";

    @TempDir
    Path tmp;

    private static ExplorerExport.Written export(Path dir, boolean force) throws Exception {
        return ExplorerExport.write(ExplorerExport.claim(dir, force), MODEL, POINTS, ABOUT, true);
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void itWritesThePagesFilesTheModelThePointsAndAReadmeAndNothingElse() throws Exception {
        Path site = tmp.resolve("a/b/site");
        ExplorerExport.Written w = export(site, false);
        assertThat(names(site)).containsExactlyInAnyOrderElementsOf(ExplorerExport.FILES)
                .contains("index.html", "app.js", "style.css", "file-check.js", "model.safetensors", "points.json",
                        "README.txt");
        assertThat(names(tmp.resolve("a/b"))).as("no staging folder left beside it").containsExactly("site");
        assertThat(w.replaced()).isEmpty();
        assertThat(w.bytes()).isEqualTo(ExplorerExport.FILES.stream().mapToLong(f -> site.resolve(f).toFile().length())
                .sum());
    }

    @Test
    void eachFileIsByteForByteWhatTheServerSendsForItsPath() throws Exception {
        Path site = tmp.resolve("site");
        export(site, false);
        HttpClient http = HttpClient.newHttpClient();
        try (ExplorerServer server = new ExplorerServer(MODEL, POINTS)) {
            URI address = server.start("127.0.0.1", 0);
            for (String name : ExplorerExport.FILES) {
                if (name.equals(ExplorerExport.README)) {
                    continue; // the export's own: the server has no README
                }
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(address.resolve("/" + name)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(name).isEqualTo(200);
                assertThat(Files.readAllBytes(site.resolve(name))).as(name).isEqualTo(r.body());
            }
            byte[] root = http.send(HttpRequest.newBuilder(address).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            assertThat(Files.readAllBytes(site.resolve("index.html"))).as("/ is index.html").isEqualTo(root);
        }
    }

    @Test
    void theSameModelAndPointsGiveTheSameBytes() throws Exception {
        export(tmp.resolve("one"), false);
        export(tmp.resolve("two"), false);
        for (String name : ExplorerExport.FILES) {
            assertThat(Files.readAllBytes(tmp.resolve("two").resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(name)));
        }
    }

    @Test
    void theReadmeSaysWhichModelAndHowToViewIt() throws Exception {
        Path site = tmp.resolve("site");
        export(site, false);
        String readme = Files.readString(site.resolve("README.txt"));
        assertThat(readme).startsWith("Latent Atlas explorer: " + ABOUT + "\n")
                .contains("python3 -m http.server --bind 127.0.0.1", "http://127.0.0.1:8000/", "GitHub Pages", "file://",
                        "Anyone who can open the page can download model.safetensors and points.json");
    }

    /** An export without data points (--no-points, or the model's data not found) does not describe any. */
    @Test
    void theReadmeOfAnExportWithoutDataSaysItHasNone() throws Exception {
        Path site = tmp.resolve("site");
        ExplorerExport.write(ExplorerExport.claim(site, false), MODEL, POINTS, ABOUT, false);
        String readme = Files.readString(site.resolve("README.txt"));
        assertThat(readme).startsWith("Latent Atlas explorer: " + ABOUT + "\n")
                .contains("points.json, which holds no data points: this export left them out")
                .doesNotContain("encoded data points (points.json)", "test images");
    }

    @Test
    void anEmptyFolderIsWrittenInto() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        export(site, false);
        assertThat(names(site)).containsExactlyInAnyOrderElementsOf(ExplorerExport.FILES);
    }

    @Test
    void aFolderThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> ExplorerExport.claim(file, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " is a file, not a directory: give a new or empty directory for the export (it is"
                        + " created if missing)");
        Path under = file.resolve("site");
        assertThatThrownBy(() -> ExplorerExport.claim(under, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(under + ": " + file.toAbsolutePath() + " is a file, not a directory: give a directory for"
                        + " the export (it is created if missing)");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void aFolderThatHoldsAnythingIsRefusedWithoutForceNamingWhatIsThere() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        for (String name : List.of("a.txt", "b.txt", "c.txt", "d.txt", ".git")) {
            Files.writeString(site.resolve(name), name);
        }
        assertThatThrownBy(() -> ExplorerExport.claim(site, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(site + " is not empty (it holds .git, a.txt, b.txt and 2 more); give a new or"
                        + " empty directory for the export, or add --force");
        assertThat(names(site)).containsExactly(".git", "a.txt", "b.txt", "c.txt", "d.txt");
    }

    @Test
    void forceReplacesOnlyTheFilesAnExportWritesAndKeepsEverythingElse() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(site.resolve("CNAME"), "atlas.example.org");
        Files.writeString(site.resolve("index.html"), "an older page");
        Files.writeString(site.resolve("README.txt"), "Latent Atlas explorer: an older model\n");
        Files.createDirectory(site.resolve(".git"));
        ExplorerExport.Written w = export(site, true);
        assertThat(Files.readString(site.resolve("CNAME"))).isEqualTo("atlas.example.org");
        assertThat(site.resolve(".git")).isDirectory();
        assertThat(Files.readAllBytes(site.resolve("index.html"))).isEqualTo(ExplorerPage.read("index.html"));
        assertThat(names(site)).containsExactlyInAnyOrderElementsOf(Stream.concat(ExplorerExport.FILES.stream(),
                Stream.of("CNAME", ".git")).toList());
        assertThat(w.replaced()).containsExactly("index.html", "README.txt");
        assertThat(w.kept()).isEqualTo(2);
    }

    /** Another model's export is replaced whole, each file named: that is what --force is for. */
    @Test
    void forceReplacesAnEarlierExportNamingEveryFile() throws Exception {
        Path site = tmp.resolve("site");
        export(site, false);
        ExplorerExport.Written w = export(site, true);
        assertThat(w.replaced()).containsExactlyElementsOf(ExplorerExport.FILES);
        assertThat(w.kept()).isZero();
    }

    /**
     * README's rule for every command that writes: a file is replaced only by one of its own kind. Under the export's
     * names a user's notes, a file that is no model and another site's page are not an export's, and are kept.
     */
    @Test
    void forceRefusesFilesOfThoseNamesThatNoExportWrote() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(site.resolve("README.txt"), "my notes");
        Files.writeString(site.resolve("model.safetensors"), "not a model");
        Files.writeString(site.resolve("points.json"), "{\"points\": []}");
        Files.writeString(site.resolve("style.css"), "body { color: teal }");
        Files.writeString(site.resolve("index.html"), "my site");
        assertThatThrownBy(() -> ExplorerExport.claim(site, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(site + " holds files under the names an export writes that no export wrote:"
                        + " model.safetensors (not a model file); points.json (not an explorer points document);"
                        + " README.txt (not the README of an export); index.html, style.css (another site's: no"
                        + " export's README.txt beside them). --force replaces only an earlier export's"
                        + " files: move these away, or give another directory for the export");
        assertThat(Files.readString(site.resolve("README.txt"))).isEqualTo("my notes");
        assertThat(Files.readString(site.resolve("style.css"))).isEqualTo("body { color: teal }");
    }

    /** A whole page without an export's README beside it is named by its first files, not all 21. */
    @Test
    void aWholePageThatNoExportWroteIsNamedShortly() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        for (String name : ExplorerPage.FILES) {
            Files.writeString(site.resolve(name), "someone's");
        }
        assertThatThrownBy(() -> ExplorerExport.claim(site, true)).hasMessageContaining("wrote: index.html, style.css,"
                + " file-check.js and " + (ExplorerPage.FILES.size() - 3) + " more of the page's (another site's: no"
                + " export's README.txt beside them). ");
    }

    /** Beside an export's README the page's files are an earlier export's; a model and points of the export's kind. */
    @Test
    void forceTakesTheFilesOfAnEarlierExportByTheirKind() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(site.resolve("README.txt"), "Latent Atlas explorer: VAE trained on fashion\n\nmore");
        Files.writeString(site.resolve("style.css"), "an older style sheet");
        Files.write(site.resolve("model.safetensors"), MODEL);
        Files.write(site.resolve("points.json"), POINTS);
        assertThat(export(site, true).replaced())
                .containsExactly("style.css", "model.safetensors", "points.json", "README.txt");
    }

    /** Root passes every permission check, so the test asks a file system that takes no file at all: procfs. */
    @Test
    void aFolderWhereNoFileCanBeCreatedIsRefusedWhenClaimed() {
        Path site = Path.of("/proc/self/site");
        assertThatThrownBy(() -> ExplorerExport.claim(site, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(site + ": cannot write in directory /proc/self (");
    }

    @Test
    void forceRefusesAFolderUnderTheNameOfAFileItWrites() throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.createDirectory(site.resolve("points.json"));
        assertThatThrownBy(() -> ExplorerExport.claim(site, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(site.resolve("points.json") + " is a directory; --force replaces only files: move it away,"
                        + " or give another directory for the export");
    }

    /** The folder is looked at again just before the write: files put there while the points were made are kept. */
    @Test
    void aFolderFilledAfterItWasClaimedIsRefusedAtTheWrite() throws Exception {
        Path site = tmp.resolve("site");
        ExplorerExport.Target target = ExplorerExport.claim(site, false);
        Files.createDirectory(site);
        Files.writeString(site.resolve("mine.txt"), "mine");
        assertThatThrownBy(() -> ExplorerExport.write(target, MODEL, POINTS, ABOUT, true))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("is not empty (it holds mine.txt)")
                .hasMessageEndingWith("(it changed while this command ran)");
        assertThat(names(site)).containsExactly("mine.txt");
    }

    /** A page and then a file the write cannot create, in a folder that is not there. */
    private static Map<String, byte[]> failingPartWay() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("index.html", "<!doctype html>".getBytes(StandardCharsets.UTF_8));
        files.put("no-such-folder/app.js", new byte[10]);
        return files;
    }

    /** A write that fails part-way (here a file it cannot create) leaves no export and no staging folder behind. */
    @Test
    void aWriteThatFailsPartWayLeavesNoHalfWrittenExport() throws Exception {
        Map<String, byte[]> files = failingPartWay();
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        Path site = parent.resolve("site");
        assertThatThrownBy(() -> ExplorerExport.write(ExplorerExport.claim(site, false), files))
                .hasMessageStartingWith("cannot write the export to " + site + ": ")
                .hasMessageEndingWith("; nothing was written there");
        assertThat(site).doesNotExist();
        assertThat(names(parent)).as("no staging folder left, and the folder that was there kept").isEmpty();

        Path old = Files.createDirectory(tmp.resolve("old"));
        Files.writeString(old.resolve("index.html"), "the earlier export's page");
        Files.writeString(old.resolve("README.txt"), "Latent Atlas explorer: an earlier model\n");
        assertThatThrownBy(() -> ExplorerExport.write(ExplorerExport.claim(old, true), files))
                .hasMessageEndingWith("; no file there was changed");
        assertThat(names(old)).containsExactly("README.txt", "index.html");
        assertThat(Files.readString(old.resolve("index.html"))).isEqualTo("the earlier export's page");
    }

    /** The folders above a new export's that the export made go with it; those that were there stay. */
    @Test
    void aWriteThatFailsRemovesTheFoldersItMadeAboveTheExport() throws Exception {
        Path mine = Files.createDirectory(tmp.resolve("mine"));

        assertThatThrownBy(() -> ExplorerExport.write(ExplorerExport.claim(mine.resolve("new/deeper/site"), false),
                failingPartWay())).hasMessageEndingWith("; nothing was written there");

        assertThat(names(tmp)).containsExactly("mine");
        assertThat(names(mine)).as("new/deeper, made by the export, removed").isEmpty();
    }

    /** A folder it made that holds something by the time it fails was filled by someone else, and is kept. */
    @Test
    void aFolderItMadeThatWasFilledMeanwhileIsKept() throws Exception {
        Path deeper = tmp.resolve("new/deeper");
        List<Path> made = ExplorerExport.createDirectories(deeper);
        assertThat(made).containsExactly(tmp.resolve("new"), deeper);
        Files.writeString(tmp.resolve("new/notes.txt"), "someone's");

        ExplorerExport.removeMade(made, new RuntimeException());

        assertThat(names(tmp.resolve("new"))).containsExactly("notes.txt");
    }
}
