package org.latentatlas.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Fetches a {@link KnownDataset} into the cache, opt-in only. Each file is streamed into a temp file in the
 * cache folder, verified (archive and/or content SHA-256, content length), fsynced and only then renamed
 * atomically onto its final name; on any failure the temp file is deleted. So a name in the cache always
 * holds a complete, verified file: a crash can leave at most a hidden {@code .*.part} file, which lookups ignore.
 */
public final class Downloader {
    static final Duration STALE_TEMP = Duration.ofHours(6);
    private final HttpClient client;
    private final Consumer<String> log;

    /** {@code log} receives progress lines (ASCII, one per update: readable in CI logs as well as a terminal). */
    public Downloader(Consumer<String> log) {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build(), log);
    }

    public Downloader(HttpClient client, Consumer<String> log) {
        this.client = client;
        this.log = log;
    }

    /**
     * Fetches whichever of the set's files are missing into {@code cacheDir/<name>/} and returns that folder. Where no
     * file could be had, the folders this call created are removed again: an empty {@code mnist/} left in the cache
     * reads as a download that happened. A server that cannot be reached is told with the host and port, and how to
     * place the files by hand.
     */
    public Path fetch(KnownDataset set, Path cacheDir) throws DatasetException {
        return fetch(set, null, cacheDir);
    }

    /**
     * A server to fetch from instead of the set's own, and what named it: where it cannot be reached, the advice is
     * to check that server, not to give the option that already named it.
     *
     * @param url     the mirror's base URL (the folder holding the four files)
     * @param givenBy what named it, as the user wrote it: {@code --mirror}, or the system property
     */
    public record Mirror(URI url, String givenBy) {
        public Mirror {
            if (url == null || givenBy == null || givenBy.isBlank()) {
                throw new IllegalArgumentException("a mirror needs a URL and what named it, got " + url + " given by "
                        + givenBy);
            }
        }
    }

    /** As {@link #fetch(KnownDataset, Path)}, from {@code mirror} where it is not null. */
    public Path fetch(KnownDataset set, Mirror mirror, Path cacheDir) throws DatasetException {
        KnownDataset source = mirror == null ? set : set.withBaseUrl(mirror.url());
        Path dir = cacheDir.resolve(set.name());
        Path created = outermostMissing(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw DatasetException.in(dir, "cannot create the cache folder: " + e, e);
        }
        try {
            removeStaleTempFiles(dir);
            for (RemoteFile f : source.files()) {
                Path target = dir.resolve(f.fileName());
                if (!Files.isRegularFile(target)) {
                    fetchFile(source.baseUrl().resolve(f.fileName()), f, target);
                }
            }
        } catch (Unreachable e) {
            removeEmpty(dir, created);
            throw new DatasetException(e.getMessage() + ": " + whatToDo(set, source, mirror, dir), e);
        } catch (DatasetException | RuntimeException e) {
            removeEmpty(dir, created);
            throw e;
        }
        return dir;
    }

    /**
     * What to do when {@code source}'s server cannot be reached: check the network and the server, or place the files
     * by hand. Another server is suggested only where none was named: a mirror's own user is told to check it, and
     * where else the files are (the set's own server).
     */
    private static String whatToDo(KnownDataset set, KnownDataset source, Mirror mirror, Path dir) {
        String byHand = "put the four files in " + dir + " by hand: " + String.join(", ",
                set.files().stream().map(RemoteFile::fileName).toList());
        if (mirror == null) {
            return "check the network (or give --mirror URL for another server), or " + byHand + ", from "
                    + set.baseUrl();
        }
        return "check the network and the mirror given by " + mirror.givenBy() + " (" + source.baseUrl() + "), or "
                + byHand + ", from that mirror or from " + set.baseUrl();
    }

    /** A server that could not be reached at all: nothing was sent or received. */
    private static final class Unreachable extends DatasetException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The outermost of {@code dir} and its parents that does not exist yet, or null where {@code dir} exists. */
    private static Path outermostMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * Deletes {@code dir} and its parents up to {@code outermost}, each while empty; nothing where {@code outermost} is
     * null (the folder was there before). A folder holding anything (a verified file already fetched) stays.
     */
    private static void removeEmpty(Path dir, Path outermost) {
        if (outermost == null) {
            return;
        }
        for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(outermost); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException notEmpty) {
                return; // not empty, or not ours to delete: it stays, with everything above it
            }
        }
    }

    /** Downloads {@code url} to {@code target} through a verified temp file and an atomic rename. */
    public void fetchFile(URI url, RemoteFile expected, Path target) throws DatasetException {
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = newPartFile(dir, expected.fileName());
            String archiveSha = transfer(url, tmp);
            verify(url, expected, tmp, archiveSha);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            fsyncDirectory(dir);
            log.accept("saved " + target);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException(url + ": download to " + target + " failed: " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * A new hidden {@code .NAME.*.part} file in {@code dir}. Not {@link Files#createTempFile}: that makes the file
     * owner-only (0600) on POSIX, and the rename would carry it over to the dataset file; created as any new file
     * (CREATE_NEW, atomically), it gets the permissions the umask gives.
     */
    private static Path newPartFile(Path dir, String name) throws IOException {
        return Files.createFile(dir.resolve("." + name + "." + UUID.randomUUID() + ".part"));
    }

    /** Streams the body into {@code tmp} (fsynced) and returns the SHA-256 of the bytes received. */
    private String transfer(URI url, Path tmp) throws IOException {
        HttpResponse<InputStream> response = send(url);
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest sha = Hashing.sha256();
        long received = 0;
        try (InputStream body = response.body();
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE);
             ProgressBar bar = progressBar(url, declared)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = body.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, r);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                received += r;
                bar.stepTo(received);
            }
            out.force(true); // durable before the rename makes it visible
        } catch (IOException e) {
            throw new DatasetException(url + ": transfer failed after " + received + " bytes"
                    + (declared >= 0 ? " of " + declared : "") + ": " + e.getMessage(), e);
        }
        if (declared >= 0 && received != declared) {
            throw new DatasetException(url + ": truncated transfer: expected " + declared + " bytes, got " + received);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private HttpResponse<InputStream> send(URI url) throws DatasetException {
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofMinutes(10)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String unreachable = unreachable(url, e);
            if (unreachable != null) {
                throw new Unreachable(url + ": " + unreachable, e);
            }
            throw new DatasetException(url + ": cannot download: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(url + ": download interrupted", e);
        }
        if (response.statusCode() != 200) {
            closeQuietly(response.body()); // releases the connection; the status is the error that matters
            throw new DatasetException(url + ": HTTP status " + response.statusCode() + ", expected 200");
        }
        return response;
    }

    /**
     * What kept {@code url}'s server from being reached, in words ("cannot connect to HOST:PORT (Connection refused)",
     * "cannot resolve the host name HOST"), or null where it was reached and the failure came later. The JDK's client
     * throws a ConnectException without a message, its cause (if any) saying why.
     */
    private static String unreachable(URI url, IOException e) {
        String host = url.getHost();
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        String why = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve the host name " + host + " (no network, or no DNS?)";
            }
            if (why == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                why = t.getMessage();
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "timed out connecting to " + host + ":" + port + " (no network, or a firewall?)";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + host + ":" + port + (why != null ? " (" + why + ")" : "")
                    + " (no network, or no server listening there?)";
        }
        return null;
    }

    private ProgressBar progressBar(URI url, long declared) {
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        return new ProgressBarBuilder().setTaskName(name).setInitialMax(declared)
                .setStyle(ProgressBarStyle.ASCII).setUnit("KiB", 1024).setUpdateIntervalMillis(1000)
                .setConsumer(new DelegatingProgressBarConsumer(log)).build();
    }

    private static void verify(URI url, RemoteFile expected, Path tmp, String archiveSha) throws IOException {
        if (expected.archiveSha256() != null && !expected.archiveSha256().equals(archiveSha)) {
            throw new DatasetException(url + ": SHA-256 of the downloaded file is " + archiveSha + ", expected "
                    + expected.archiveSha256() + " (corrupted transfer or changed upstream); nothing was cached");
        }
        MessageDigest content = Hashing.sha256();
        long length = 0;
        try (InputStream raw = Files.newInputStream(tmp);
             // as ContentFile will read it: bytes after the last gzip member would make the cached file unloadable
             InputStream in = ContentFile.startsWithGzipMagic(tmp) ? new GzipMembers(tmp, raw, Files.size(tmp)) : raw) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                content.update(buf, 0, r);
                length += r;
            }
        } catch (IOException e) {
            throw new DatasetException(url + ": the downloaded file does not decompress (" + withoutFile(e, tmp)
                    + "); nothing was cached", e);
        }
        if (expected.contentBytes() >= 0 && length != expected.contentBytes()) {
            throw new DatasetException(url + ": decompressed length is " + length + " bytes, expected "
                    + expected.contentBytes() + "; nothing was cached");
        }
        String sha = HexFormat.of().formatHex(content.digest());
        if (expected.contentSha256() != null && !expected.contentSha256().equals(sha)) {
            throw new DatasetException(url + ": SHA-256 of the decompressed content is " + sha + ", expected "
                    + expected.contentSha256() + "; nothing was cached");
        }
    }

    /**
     * {@code e}'s message less the "{@code tmp}: " that {@link GzipMembers} starts it with: the user knows the URL the
     * message names, never the hidden temp file, which is deleted by the time they read it.
     */
    private static String withoutFile(IOException e, Path tmp) {
        String message = String.valueOf(e.getMessage());
        String prefix = tmp + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /**
     * Deletes temp files a killed download left behind. Only old ones: a fresh one may belong to another
     * process downloading right now, and its own rename will still succeed.
     */
    private static void removeStaleTempFiles(Path dir) {
        long cutoff = System.currentTimeMillis() - STALE_TEMP.toMillis();
        try (var entries = Files.newDirectoryStream(dir, ".*.part")) {
            for (Path p : entries) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException ignored) {
            // leftovers are never read as data; cleaning them is a courtesy
        }
    }

    /** Makes the rename itself durable; not every file system allows opening a folder, which is harmless. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the data itself was forced before the rename
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to report beyond the HTTP status
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover .part file is never read as data
            }
        }
    }
}
