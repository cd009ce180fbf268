package org.latentatlas.data;

import org.latentatlas.Prerequisites;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRequestTest {
    @TempDir Path tmp;

    private DatasetRequest request(String dataset, Integer limit, String testSize) {
        return new DatasetRequest(dataset, null, tmp.resolve("cache"), false, null, limit, testSize, null, null);
    }

    @Test
    void digitsDefaultIsTheStratifiedSplitOf300() throws Exception {
        Split expected = Split.stratified(DigitsCsv.load(), 300, 7);
        LoadedDataset got = request("digits", null, null).load(7, line -> { });
        assertThat(got.split().test().labels()).isEqualTo(expected.test().labels());
        assertThat(got.split().test().pixels()).isEqualTo(expected.test().pixels());
        assertThat(got.split().train().size()).isEqualTo(1497);
        assertThat(got.metadata().split()).isEqualTo("stratified");
    }

    @Test
    void limitIsASeededStratifiedSubsampleOfEachSplit() throws Exception {
        LoadedDataset a = request("digits", 100, null).load(3, line -> { });
        LoadedDataset b = request("digits", 100, null).load(3, line -> { });
        assertThat(a.split().train().size()).isEqualTo(100);
        assertThat(a.split().test().size()).isEqualTo(100);
        assertThat(a.split().train().pixels()).isEqualTo(b.split().train().pixels());
        assertThat(java.util.Arrays.stream(a.split().train().classCounts()).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(9, 11));
        assertThat(a.metadata().limit()).isEqualTo(100);
    }

    @Test
    void aFileThatIsNeitherCsvNorIdxImagesSaysWhatWasExpectedInsteadOfLookingForLabelsBesideIt() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");

        assertThatThrownBy(() -> request(text.toString(), null, null).load(1, l -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(text + ": not a dataset file")
                .hasMessageContaining("CSV table").hasMessageContaining("IDX images file")
                .hasMessageNotContaining("labels file beside it: expected");
    }

    @Test
    void testSizeAsCountOrFraction() throws Exception {
        assertThat(request("digits", null, "500").load(1, l -> { }).split().test().size()).isEqualTo(500);
        assertThat(request("digits", null, "0.1").load(1, l -> { }).split().test().size()).isEqualTo(180);
        assertThatThrownBy(() -> request("digits", null, "1.5").load(1, l -> { }))
                .hasMessageContaining("expected a count like 300 or a fraction in (0, 1)").hasMessageContaining("'1.5'");
        assertThatThrownBy(() -> request("digits", null, "1797").load(1, l -> { }))
                .hasMessageContaining("expected fewer than 1797 test examples, got 1797");
    }

    @Test
    void metadataJsonNamesShapeSplitSizesAndHash() throws Exception {
        LoadedDataset d = request("digits", null, null).load(7, l -> { });
        JsonNode json = new ObjectMapper().readTree(d.metadata().metadataJson());
        assertThat(json.get("name").asText()).isEqualTo("digits");
        assertThat(json.get("rows").asInt()).isEqualTo(8);
        assertThat(json.get("cols").asInt()).isEqualTo(8);
        assertThat(json.get("trainSize").asInt()).isEqualTo(1497);
        assertThat(json.get("testSize").asInt()).isEqualTo(300);
        assertThat(json.get("trainSha256").asText())
                .isEqualTo("6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8");
        assertThat(json.get("seed").asLong()).isEqualTo(7);
    }

    /** A model file records --data-dir as typed, the same from any folder; older files hold it as a file URI. */
    @Test
    void theDataDirIsWrittenAsTypedAndReadAsTypedOrAsAnOlderFilesUri() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String typed : List.of("sets", "../my:sets", "/srv/sets")) {
            DatasetRequest r = new DatasetRequest("mnist", Path.of(typed), null, false, null, null, null, null, null);
            String text = json.writeValueAsString(r);
            assertThat(json.readTree(text).get("dataDir").asText()).isEqualTo(typed);
            assertThat(json.readValue(text, DatasetRequest.class).dataDir()).isEqualTo(Path.of(typed));
        }
        String older = "{\"dataset\":\"mnist\",\"dataDir\":\"file:///srv/old%20sets/\"}";
        assertThat(json.readValue(older, DatasetRequest.class).dataDir()).isEqualTo(Path.of("/srv/old sets"));
    }

    /** Where a file was read is recorded as typed, normalized: absolute only when typed so. */
    @Test
    void aPathsSourceIsAsTypedNormalized() throws Exception {
        Files.write(tmp.resolve("a-images-idx3-ubyte"), IdxBytes.images(20, 2, 2, 0));
        Files.write(tmp.resolve("a-labels-idx1-ubyte"), IdxBytes.labels(new int[20]));
        Files.createDirectories(tmp.resolve("sub"));
        String relative = Path.of("").toAbsolutePath().relativize(tmp).toString();
        assertThat(request(relative + "/sub/../a-images-idx3-ubyte", null, "4").load(1, l -> { }).metadata().source())
                .isEqualTo(relative + "/a-images-idx3-ubyte");
        assertThat(request(tmp + "/./a-images-idx3-ubyte", null, "4").load(1, l -> { }).metadata().source())
                .isEqualTo(tmp + "/a-images-idx3-ubyte");
    }

    /** "./mnist" recorded as "mnist" would be read back as the catalog's set, and "./digits" split as the digits. */
    @Test
    void aPathThatNormalizesToASetsNameKeepsItsDotSlash() throws Exception {
        assertThat(DatasetRequest.normalized("./mnist")).isEqualTo("./mnist");
        assertThat(DatasetRequest.normalized("fashion-mnist/")).isEqualTo("./fashion-mnist");
        assertThat(DatasetRequest.normalized("x/../digits")).isEqualTo("./digits");
        assertThat(DatasetRequest.normalized("sets/mnist")).isEqualTo("sets/mnist");
        assertThat(DatasetRequest.normalized("./a.csv")).isEqualTo("a.csv");
        DatasetRequest folder = DatasetRequest.of(DatasetRequest.normalized("digits/"));
        assertThat(folder.testCount(DatasetRequest.normalized("digits/"), 1000)).as("20 %, not the digits' 300")
                .isEqualTo(200);
    }

    /** A named set's folder: the default cache by its name, never this user's home; others as typed or installed. */
    @Test
    void aNamedSetsFolderIsRecordedWithoutThisUsersHome() {
        String env = System.getenv(DatasetCatalog.CACHE_ENV);
        String cache = env != null && !env.isBlank() ? "$" + DatasetCatalog.CACHE_ENV : "~/.cache/latent-atlas";
        assertThat(DatasetCatalog.portableName(DatasetCatalog.defaultCacheDir().resolve("mnist")))
                .isEqualTo(cache + "/mnist").doesNotContain(System.getProperty("user.home"));
        assertThat(DatasetCatalog.portableName(Path.of("./sets/../sets/mnist"))).isEqualTo("sets/mnist");
        assertThat(DatasetCatalog.portableName(DatasetCatalog.DEBIAN_FASHION_MNIST))
                .isEqualTo("/usr/share/datasets/fashion-mnist");
    }

    @Test
    void missingNamedSetSaysWhereItLookedAndHowToGetIt() {
        Path dataDir = tmp.resolve("data");
        DatasetRequest r = new DatasetRequest("mnist", dataDir, tmp.resolve("cache"), false, null, null, null, null, null);
        assertThatThrownBy(() -> r.load(1, l -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("mnist: dataset files not found")
                .hasMessageContaining(dataDir.resolve("mnist").toString())
                .hasMessageContaining(tmp.resolve("cache").resolve("mnist").toString())
                .hasMessageContaining("--download");
    }

    @Test
    void unknownNameIsAnError() {
        assertThatThrownBy(() -> request(tmp.resolve("nope").toString(), null, null).load(1, l -> { }))
                .hasMessageContaining("unknown dataset").hasMessageContaining("nope");
    }

    @Test
    void idxFileWithLabelsBesideItIsSplitStratified() throws Exception {
        Files.write(tmp.resolve("a-images-idx3-ubyte"), IdxBytes.images(20, 2, 2, 0));
        int[] labels = new int[20];
        Arrays.setAll(labels, i -> i % 2);
        Files.write(tmp.resolve("a-labels-idx1-ubyte.gz"), IdxBytes.gzip(IdxBytes.labels(labels)));
        LoadedDataset d = request(tmp.resolve("a-images-idx3-ubyte").toString(), null, "4").load(1, l -> { });
        assertThat(d.split().test().classCounts()).containsExactly(2, 2);
        assertThat(d.split().train().height()).isEqualTo(2);
    }

    @Test
    void mnistStyleFolderKeepsItsOwnSplit() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxBytes.gzip(IdxBytes.images(4, 3, 3, 1)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxBytes.labels(0, 1, 2, 1));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxBytes.images(2, 3, 3, 5));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxBytes.labels(1, 0));
        LoadedDataset d = request(dir.toString(), null, null).load(1, l -> { });
        assertThat(d.split().train().size()).isEqualTo(4);
        assertThat(d.split().test().classNames()).hasSize(3);
        assertThat(d.metadata().split()).isEqualTo("own");

        assertThatThrownBy(() -> request(dir.toString(), null, "0.5").load(1, l -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("comes with its own train/test split (4 / 2), so --test-size 0.5 cannot apply");
    }

    @Test
    void fashionMnistFromTheDebianPackageThroughTheCatalog() throws Exception {
        Prerequisites.require(Files.isDirectory(DatasetCatalog.DEBIAN_FASHION_MNIST), "needs apt-get install dataset-fashion-mnist");
        LoadedDataset d = request("fashion-mnist", null, null).load(1, l -> { });
        Split s = d.split();
        assertThat(s.train().size()).isEqualTo(60_000);
        assertThat(s.test().size()).isEqualTo(10_000);
        assertThat(s.train().height()).isEqualTo(28);
        assertThat(s.train().width()).isEqualTo(28);
        assertThat(s.train().levels()).isEqualTo(255);
        assertThat(s.train().classCounts()).containsOnly(6_000);
        assertThat(s.test().classCounts()).containsOnly(1_000);
        assertThat(s.train().classNames().get(9)).isEqualTo("Ankle boot");
        assertThat(d.metadata().source()).isEqualTo(DatasetCatalog.DEBIAN_FASHION_MNIST.toString());
    }

    @Test
    void fashionMnistFilesInAnMnistFolderAreNotTakenForMnist() throws Exception {
        Prerequisites.require(Files.isDirectory(DatasetCatalog.DEBIAN_FASHION_MNIST), "needs apt-get install dataset-fashion-mnist");
        Path data = Files.createDirectories(tmp.resolve("data/mnist"));
        for (RemoteFile f : DatasetCatalog.FASHION_MNIST.files()) {
            Files.createSymbolicLink(data.resolve(f.fileName()), DatasetCatalog.DEBIAN_FASHION_MNIST.resolve(f.fileName()));
        }
        DatasetRequest r = new DatasetRequest("mnist", tmp.resolve("data"), tmp.resolve("cache"), false, null, null,
                null, null, null);
        assertThatThrownBy(() -> r.load(1, l -> { }))
                .hasMessageContaining("got fashion-mnist's train-images-idx3-ubyte.gz");
    }

    /**
     * Wider integer files take their levels from the set's largest value, in either file: each file's own maximum
     * would give train and test different levels (refused as two kinds of data), and the train file's alone would
     * leave a larger test value outside 0..L. Both splits are then counts out of one L, as Binomial(L) needs.
     */
    @Test
    void anI16FoldersTrainAndTestFilesShareTheLevelsOfTheirLargestValue() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("i16"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxBytes.images(Idx.ElementType.I16, 2, 2,
                0, 1000, 250, 7, 1000, 3, 0, 999));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxBytes.labels(0, 1));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxBytes.images(Idx.ElementType.I16, 2, 2,
                1200, 600, 0, 1, 5, 0, 0, 1199));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxBytes.labels(1, 0));
        LoadedDataset d = request(dir.toString(), null, null).load(1, l -> { });
        Split s = d.split();
        assertThat(s.train().levels()).isEqualTo(1200);
        assertThat(s.test().levels()).isEqualTo(1200);
        assertThat(s.train().pixels()[1]).isEqualTo(1000f / 1200);
        assertThat(s.test().pixels()[0]).isEqualTo(1f);
        for (Dataset split : List.of(s.train(), s.test())) {
            assertThat(split.binomialMismatch(1200)).isEmpty();
            for (float p : split.pixels()) {
                assertThat(p * 1200.0).as("a count out of 1200").isCloseTo(Math.rint(p * 1200.0), within(1e-3));
            }
        }
        assertThat(d.metadata().pixelScale()).isEqualTo("x/1200 in [0,1], from the data's range 0..1200");
    }

    @Test
    void mnistStyleFolderWithDifferentTrainAndTestShapesIsRejected() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("odd"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxBytes.images(2, 3, 3, 1));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxBytes.labels(0, 1));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxBytes.images(2, 4, 4, 5));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxBytes.labels(1, 0));
        assertThatThrownBy(() -> request(dir.toString(), null, null).load(1, l -> { }))
                .hasMessageContaining("expected the same shape and levels, got train 3x3 levels 255, test 4x4");
    }

    @Test
    void notFoundNamesEveryFolderAndTheDebianPackage() {
        KnownDataset fm = DatasetCatalog.FASHION_MNIST;
        Path debian = tmp.resolve("usr/share/datasets/fashion-mnist");
        KnownDataset elsewhere = new KnownDataset(fm.name(), fm.classNames(), fm.baseUrl(), fm.files(),
                java.util.List.of(debian), fm.installHint());
        String m = DatasetCatalog.notFound(elsewhere, tmp.resolve("data"), tmp.resolve("cache")).getMessage();
        assertThat(m).contains(tmp.resolve("data/fashion-mnist") + " (not there)")
                .contains(tmp.resolve("cache/fashion-mnist") + " (not there)")
                .contains(debian + " (not there)")
                .contains("--download (fetches http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")
                .contains("apt-get install dataset-fashion-mnist")
                .contains("train-images-idx3-ubyte[.gz]");
    }

    /**
     * The CLI prints a message on one line: the folders written one a line had read as a list whose newlines were lost
     * ("in:   /tmp/walk-cache/mnist (not there)   (no --data-dir given) To get it: ...").
     */
    @Test
    void notFoundIsOneLineListingTheFoldersAndWhereTheFilesGo() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("mnist"));
        Files.write(cache.resolve("mnist/train-labels-idx1-ubyte"), IdxBytes.labels(0, 1));
        String m = DatasetCatalog.notFound(DatasetCatalog.MNIST, null, cache).getMessage();
        assertThat(m).isEqualTo("mnist: dataset files not found: looked for train-images-idx3-ubyte[.gz],"
                + " train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] in "
                + cache.resolve("mnist") + " (only 1 of 4 files); no --data-dir given. To get them: rerun with"
                + " --download (fetches https://storage.googleapis.com/cvdf-datasets/mnist/ into " + cache.resolve("mnist")
                + ", verified by SHA-256), or put the four files in " + cache.resolve("mnist") + " or in a --data-dir");
    }
}
