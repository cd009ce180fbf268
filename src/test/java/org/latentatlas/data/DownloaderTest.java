package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against a local server: only complete, verified files ever appear in the cache. */
class DownloaderTest {
    static final String[] NAMES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    @TempDir Path cache;
    HttpServer server;
    final Map<String, byte[]> content = new HashMap<>(); // decompressed content per file name
    final Map<String, String> mode = new HashMap<>();     // "ok", "500", "truncate", "junk" per file name
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        content.put(NAMES[0], IdxBytes.images(6, 2, 3, 7));
        content.put(NAMES[1], IdxBytes.labels(0, 1, 2, 0, 1, 2));
        content.put(NAMES[2], IdxBytes.images(3, 2, 3, 99));
        content.put(NAMES[3], IdxBytes.labels(2, 1, 0));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sets/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/sets/".length());
        byte[] body = content.containsKey(name) ? IdxBytes.gzip(content.get(name)) : null;
        String m = mode.getOrDefault(name, "ok");
        if (body != null && m.equals("junk")) { // bytes after the gzip member, as a broken mirror might add
            body = java.util.Arrays.copyOf(body, body.length + 4);
            java.util.Arrays.fill(body, body.length - 4, body.length, (byte) 'x'); // not zeros, which are padding
        }
        if (body == null || m.equals("500")) {
            ex.sendResponseHeaders(body == null ? 404 : 500, -1);
        } else if (m.startsWith("chunked")) {
            ex.sendResponseHeaders(200, 0); // no Content-Length: only the checksum can tell a short body
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, 0, m.equals("chunked-half") ? body.length / 2 : body.length);
            }
        } else if (m.equals("truncate")) {
            ex.sendResponseHeaders(200, body.length); // promise the whole file, send half, drop the connection
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            ex.getHttpContext().getServer().stop(0);
        } else {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** The catalog entry a test injects: its own server and the hashes of the files it made. */
    private KnownDataset tiny(String... contentShaOverride) {
        List<RemoteFile> files = Stream.of(NAMES).map(n -> new RemoteFile(n, content.get(n).length,
                Hashing.sha256Hex(content.get(n)), null)).toList();
        if (contentShaOverride.length > 0) {
            files = Stream.concat(Stream.of(new RemoteFile(NAMES[0], -1, contentShaOverride[0], null)),
                    files.stream().skip(1)).toList();
        }
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sets/");
        return new KnownDataset("tiny", List.of("a", "b", "c"), base, files, List.of(), null);
    }

    private Downloader downloader() {
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        return new Downloader(out::println);
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void goodFilesAreVerifiedCachedAndLoadable() throws Exception {
        KnownDataset set = tiny();
        Path dir = downloader().fetch(set, cache);
        assertThat(cacheFiles()).hasSize(4).allMatch(p -> !p.getFileName().toString().endsWith(".part"));
        Split split = DatasetCatalog.load(set, dir);
        assertThat(split.train().size()).isEqualTo(6);
        assertThat(split.test().size()).isEqualTo(3);
        assertThat(split.train().pixels()[0]).isEqualTo(7 / 255f);
        assertThat(DatasetCatalog.find(set, null, cache)).contains(dir);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("train-images-idx3-ubyte.gz");
    }

    /** Readable by whoever may read any new file there (the umask's say), not owner-only as a temp file is. */
    @Test
    void downloadedFilesHaveThePermissionsOfAnyNewFileInTheCache() throws Exception {
        Path dir = downloader().fetch(tiny(), cache);
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        for (String name : NAMES) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(name))).as(name)
                    .isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }

    @Test
    void wrongChecksumLeavesNothingInTheCache() throws Exception {
        KnownDataset set = tiny("0".repeat(64));
        assertThatThrownBy(() -> downloader().fetch(set, cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(NAMES[0])
                .hasMessageContaining("expected " + "0".repeat(64))
                .hasMessageContaining("is " + Hashing.sha256Hex(content.get(NAMES[0])));
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void wrongArchiveChecksumLeavesNothingInTheCache() throws Exception {
        KnownDataset good = tiny();
        List<RemoteFile> files = Stream.concat(Stream.of(new RemoteFile(NAMES[0], -1, null, "ab".repeat(32))),
                good.files().stream().skip(1)).toList();
        KnownDataset set = new KnownDataset("tiny", good.classNames(), good.baseUrl(), files, List.of(), null);
        assertThatThrownBy(() -> downloader().fetch(set, cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("expected " + "ab".repeat(32));
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void truncatedTransferLeavesNothingInTheCache() throws Exception {
        mode.put(NAMES[0], "truncate");
        assertThatThrownBy(() -> downloader().fetch(tiny(), cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(NAMES[0]);
        assertThat(cacheFiles()).isEmpty();
    }

    /**
     * The content's length and hash match, but the file could never be loaded: it is not cached either. The refusal
     * names the URL, as every download failure does, not the hidden temp file the user never sees.
     */
    @Test
    void bytesAfterTheGzipMemberLeaveNothingInTheCache() throws Exception {
        mode.put(NAMES[0], "junk");
        KnownDataset set = tiny();
        int end = IdxBytes.gzip(content.get(NAMES[0])).length;
        assertThatThrownBy(() -> downloader().fetch(set, cache))
                .isInstanceOf(DatasetException.class)
                .hasMessage(set.baseUrl().resolve(NAMES[0]) + ": the downloaded file does not decompress (4 bytes"
                        + " after the last gzip member (which ends at offset " + end + ", " + content.get(NAMES[0]).length
                        + " bytes decompressed) are not gzip data: expected nothing, zero padding or another gzip member"
                        + " starting 1f 8b, got bytes starting 78 78); nothing was cached");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void serverErrorLeavesNothingInTheCache() throws Exception {
        mode.put(NAMES[1], "500");
        assertThatThrownBy(() -> downloader().fetch(tiny(), cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(NAMES[1])
                .hasMessageContaining("HTTP status 500, expected 200");
        // the first file was good and is kept; the failed one is absent, and no temp file remains
        assertThat(cacheFiles()).extracting(p -> p.getFileName().toString()).containsExactly(NAMES[0]);
    }

    @Test
    void downloadOptionUsesTheMirrorAndCachesNothingOnFailure() throws Exception {
        URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sets/missing/");
        DatasetRequest r = new DatasetRequest("mnist", null, cache, true, mirror, null, null, null, null);
        assertThatThrownBy(() -> r.load(1, line -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(mirror + "train-images-idx3-ubyte.gz")
                .hasMessageContaining("HTTP status 404, expected 200");
        assertThat(cacheFiles()).isEmpty();
    }

    /** A port nothing listens on: as offline, the server is never reached. */
    private KnownDataset unreachable() throws IOException {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        return tiny().withBaseUrl(URI.create("http://127.0.0.1:" + port + "/sets/"));
    }

    /**
     * Offline, the walkthrough got "cannot download: java.net.ConnectException" and an empty mnist/ left in the cache:
     * the refusal names the host and port and where to put the files by hand, and the folder it made is gone.
     */
    @Test
    void anUnreachableServerIsToldWithWhereToPutTheFilesAndLeavesNoFolder() throws Exception {
        KnownDataset set = unreachable();
        String host = set.baseUrl().getHost() + ":" + set.baseUrl().getPort();
        assertThatThrownBy(() -> downloader().fetch(set, cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(set.baseUrl().resolve(NAMES[0]) + ": cannot connect to " + host)
                .hasMessageEndingWith("(no network, or no server listening there?): check the network (or give"
                        + " --mirror URL for another server), or put the four files in " + cache.resolve("tiny")
                        + " by hand: " + String.join(", ", NAMES) + ", from " + set.baseUrl())
                .message().doesNotContain("java.net");
        assertThat(cache.resolve("tiny")).doesNotExist();
        assertThat(cache).isDirectory(); // there before: not this call's to remove
    }

    /**
     * Offline with --mirror given, the refusal told the user to give --mirror: it names the mirror they gave to check
     * instead, and the set's own server as the other place to get the files by hand.
     */
    @Test
    void anUnreachableMirrorIsNamedToCheckAndNotSuggestedAgain() throws Exception {
        URI mirror = unreachable().baseUrl();
        DatasetRequest r = new DatasetRequest("mnist", null, cache, true, mirror, null, null, null, null);
        assertThatThrownBy(() -> r.load(1, line -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(mirror + "train-images-idx3-ubyte.gz: cannot connect to " + mirror.getHost()
                        + ":" + mirror.getPort())
                .hasMessageEndingWith("(no network, or no server listening there?): check the network and the mirror"
                        + " given by --mirror (" + mirror + "), or put the four files in " + cache.resolve("mnist")
                        + " by hand: " + String.join(", ", DatasetCatalog.MNIST.files().stream()
                                .map(RemoteFile::fileName).toList())
                        + ", from that mirror or from " + DatasetCatalog.MNIST.baseUrl())
                .message().doesNotContain("give --mirror");
        assertThat(cache.resolve("mnist")).doesNotExist();
    }

    @Test
    void everyFolderAFailedDownloadCreatedIsRemovedAndOnesThereBeforeStay() throws Exception {
        KnownDataset set = unreachable();
        assertThatThrownBy(() -> downloader().fetch(set, cache.resolve("new/cache"))).isInstanceOf(DatasetException.class);
        assertThat(cache.resolve("new")).doesNotExist();
        Path before = Files.createDirectories(cache.resolve("tiny"));
        assertThatThrownBy(() -> downloader().fetch(set, cache)).isInstanceOf(DatasetException.class);
        assertThat(before).isDirectory();
    }

    @Test
    void aFailureAfterAFileWasFetchedKeepsTheFolderAndTheFile() throws Exception {
        mode.put(NAMES[2], "500");
        assertThatThrownBy(() -> downloader().fetch(tiny(), cache.resolve("fresh"))).isInstanceOf(DatasetException.class);
        assertThat(cache.resolve("fresh/tiny").resolve(NAMES[1])).isRegularFile();
    }

    @Test
    void bodyWithoutLengthIsVerifiedByContent() throws Exception {
        for (String n : NAMES) {
            mode.put(n, "chunked");
        }
        mode.put(NAMES[3], "chunked-half");
        assertThatThrownBy(() -> downloader().fetch(tiny(), cache))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(NAMES[3])
                .hasMessageContaining("nothing was cached");
        assertThat(cacheFiles()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(NAMES[0], NAMES[1], NAMES[2]);
        mode.put(NAMES[3], "chunked");
        Path dir = downloader().fetch(tiny(), cache); // resumes: only the missing file is fetched
        assertThat(DatasetCatalog.load(tiny(), dir).test().size()).isEqualTo(3);
    }

    @Test
    void staleTempFilesFromACrashAreCleanedAndNeverRead() throws Exception {
        Path dir = Files.createDirectories(cache.resolve("tiny"));
        Path stale = Files.write(dir.resolve("." + NAMES[0] + ".123.part"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(DatasetCatalog.find(tiny(), null, cache)).isEmpty();
        downloader().fetch(tiny(), cache);
        assertThat(stale).doesNotExist();
        assertThat(cacheFiles()).hasSize(4);
    }
}
