package org.latentatlas.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipException;

/**
 * The content of a file, gzip-compressed or not (decided by the magic bytes 1f 8b, never by the name),
 * read strictly once from the front while a SHA-256 of the decompressed bytes is computed.
 *
 * <p>{@link #contentSize()} is known before any content is read, so a reader can check a header's
 * claims against it before allocating: for a plain file it is the file size; for gzip it is the trailer's
 * ISIZE (the decompressed length mod 2^32) where that is within what deflate can expand the file to. The
 * actual length is checked again as the bytes arrive, so a lying trailer only moves where the error is found.
 *
 * <p>The trailer is the whole content's size only for a file of one gzip member under 4 GiB. A file of several
 * members (cat a.gz b.gz, gzip -c b >> a.gz, bgzip) is valid gzip, and {@link GzipMembers} reads all of them,
 * but its last 4 bytes give the last member's size alone; and a truncated file, or one with junk appended, ends
 * in bytes that are no trailer and say anything. So a trailer of at least what a reader needs lets it go on (the
 * bytes are checked as they arrive), and a trailer that disagrees with what a header claims, or claims more than
 * deflate allows, settles nothing: {@link #contentSizeAtLeast}, {@link #contentSizeAgainst} and {@link #open}
 * then count the content by decompressing the file once more, keeping none of it, and that count replaces the
 * trailer's. Counting costs a second pass only for such files (a whole single-member file never pays it); it
 * allocates nothing, so a lying header or trailer still cannot force a large array (gzip content is collected,
 * and an IDX body grows, only as bytes arrive), and the count, exact, is what the message for a truncated file
 * or one with trailing garbage reports. Bytes after the last member that are not another whole member are
 * refused wherever the reading reaches them (see {@link GzipMembers} for why they are not ignored).
 *
 * <p>A message about a truncated gzip quotes an expected content size only where one is known: the count, a size
 * a reader claimed (an IDX header), or a trailer that such a claim confirms. A trailer nothing confirmed is not
 * quoted: in a truncated file those 4 bytes are compressed data, and the number they make means nothing.
 */
final class ContentFile implements Closeable {
    /** Deflate cannot expand better than about 1032:1 (a 258-byte match per ~2 bits), so ISIZE above this lies. */
    static final long MAX_DEFLATE_RATIO = 1032;
    private static final int GZIP_MIN_BYTES = 18; // 10-byte header + empty deflate block + 8-byte trailer

    private final Path file;
    private final boolean gzipped;
    private final long fileSize;
    private long contentSize;
    private boolean counted; // contentSize is the content counted by decompressing, not the trailer's
    private boolean sizeKnown; // contentSize is the content's true size (see the class comment), fit to quote
    private final InputStream in;
    private final MessageDigest digest = Hashing.sha256();
    private MessageDigest alsoDigest; // e.g. one hash over an images file then its labels file
    private long position;

    private ContentFile(Path file, boolean gzipped, long fileSize, long contentSize, InputStream in) {
        this.file = file;
        this.gzipped = gzipped;
        this.fileSize = fileSize;
        this.contentSize = contentSize;
        this.sizeKnown = !gzipped;
        this.in = in;
    }

    static ContentFile open(Path file) throws DatasetException {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.in(file, "expected a regular file, got " + (Files.exists(file) ? "a directory or special file" : "nothing (no such file)"));
        }
        try {
            long size = Files.size(file);
            boolean gz = startsWithGzipMagic(file);
            long declared = gz ? gzipDeclaredSize(file, size) : size;
            boolean believable = !gz || declared <= size * MAX_DEFLATE_RATIO;
            InputStream in = gz ? openGzip(file, size) : new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            ContentFile content = new ContentFile(file, gz, size, declared, in);
            if (!believable) {
                // no trailer there (junk after the last member, a truncated file) or a lying one: counting says which
                try {
                    content.count(0, null); // nothing is needed yet: a truncation says what it holds
                } catch (DatasetException e) {
                    content.close();
                    throw e;
                }
            }
            return content;
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw DatasetException.in(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static InputStream openGzip(Path file, long size) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return new GzipMembers(file, raw, size);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    static boolean startsWithGzipMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
    }

    private static long gzipDeclaredSize(Path file, long size) throws IOException {
        if (size < GZIP_MIN_BYTES) {
            throw DatasetException.in(file, "truncated gzip: expected at least " + GZIP_MIN_BYTES
                    + " bytes (header and trailer), got " + size);
        }
        long isize;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(size - 4);
            byte[] b = new byte[4];
            raf.readFully(b);
            isize = (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        }
        return isize;
    }

    Path file() {
        return file;
    }

    boolean gzipped() {
        return gzipped;
    }

    long fileSize() {
        return fileSize;
    }

    /** Decompressed length known before reading (see the class comment). */
    long contentSize() {
        return contentSize;
    }

    /**
     * The content size to check a reader's need of at least {@code needed} content bytes against:
     * {@link #contentSize()}, unless that is a gzip trailer's size and less than {@code needed}, as a file of
     * several members gives (see the class comment); the content is then counted, once, and the count is the
     * size from then on.
     */
    long contentSizeAtLeast(long needed) throws DatasetException {
        return gzipped && !counted && contentSize < needed ? count(needed, "at least " + needed) : contentSize;
    }

    /**
     * The content size to check a claim of exactly {@code claimed} content bytes against: as
     * {@link #contentSizeAtLeast}, but a gzip trailer of any other size is checked by counting too, since a truncated
     * file ends in compressed bytes, not a trailer, and what they claim would be reported as trailing garbage.
     */
    long contentSizeAgainst(long claimed) throws DatasetException {
        if (gzipped && !counted && contentSize != claimed) {
            return count(claimed, String.valueOf(claimed));
        }
        sizeKnown = true; // a trailer that says what a header claims is no accident of compressed bytes
        return contentSize;
    }

    /**
     * The content size to quote, say in a refusal of content over a limit: {@link #contentSize()} where it is known
     * (see the class comment), otherwise counted, once, since a trailer nothing confirmed may be compressed bytes.
     */
    long contentSizeKnown() throws DatasetException {
        return sizeKnown ? contentSize : count(0, null);
    }

    /** {@code expected} words the content size a truncation falls short of, for its message; null if unknown. */
    private long count(long needed, String expected) throws DatasetException {
        contentSize = countContent(needed, expected);
        counted = true;
        sizeKnown = true;
        return contentSize;
    }

    /** Decompresses the whole file once more and counts the bytes, keeping none. */
    private long countContent(long needed, String expected) throws DatasetException {
        long n = 0;
        try (InputStream gz = openGzip(file, fileSize)) {
            byte[] scratch = new byte[1 << 16];
            for (int r; (r = gz.read(scratch)) > 0; ) {
                n += r;
            }
            return n;
        } catch (IOException e) {
            throw readProblem(e, n, n < needed ? expected : null);
        }
    }

    /** How the size was learnt, for messages: the file size, the gzip trailer's, or the counted content's. */
    String sizeSource() {
        return !gzipped ? "file size" : counted ? "decompressed size (counted)" : "decompressed size (gzip trailer)";
    }

    long position() {
        return position;
    }

    /** Reads exactly {@code len} bytes or fails with where the content ended. */
    void readFully(byte[] buffer, int offset, int len) throws DatasetException {
        int done = 0;
        while (done < len) {
            int r = read(buffer, offset + done, len - done);
            if (r < 0) {
                throw DatasetException.in(file, "truncated: expected " + (position + len - done)
                        + " content bytes, the content ended after " + position);
            }
            done += r;
        }
    }

    /**
     * All remaining content, refused past {@code max} bytes. A plain file is read into one array of its size; gzip
     * content is collected, and held to {@code max}, as it arrives: neither a lying trailer nor one that gives only
     * the last member's size (see the class comment) can make it allocate more than what decompresses.
     */
    byte[] readRest(long max) throws DatasetException {
        if (!gzipped) {
            refuseOver(max, contentSize);
            byte[] b = new byte[(int) (contentSize - position)];
            readFully(b, 0, b.length);
            expectEnd(contentSize);
            return b;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int r; (r = read(buf, 0, buf.length)) > 0; ) {
            refuseOver(max, position);
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private void refuseOver(long max, long size) throws DatasetException {
        if (size > max) {
            throw DatasetException.in(file, "expected at most " + max + " content bytes, got "
                    + (gzipped ? "more (" + size + " decompressed so far)" : size));
        }
    }

    /** Reads one more byte to prove the content ends here; for gzip this also checks the CRC and length trailer. */
    void expectEnd(long expectedLength) throws DatasetException {
        byte[] one = new byte[1];
        int r = read(one, 0, 1);
        if (r > 0) {
            long extra = 1;
            try {
                extra += in.skip(Long.MAX_VALUE);
            } catch (IOException ignored) {
                // the count is only for the message
            }
            throw DatasetException.in(file, "trailing garbage: expected " + expectedLength + " content bytes, got "
                    + (expectedLength + extra) + " (" + extra + " extra)");
        }
    }

    private int read(byte[] buffer, int offset, int len) throws DatasetException {
        try {
            int r = in.read(buffer, offset, len);
            if (r > 0) {
                digest.update(buffer, offset, r);
                if (alsoDigest != null) {
                    alsoDigest.update(buffer, offset, r);
                }
                position += r;
            }
            return r;
        } catch (IOException e) {
            throw readProblem(e, position, sizeKnown && position < contentSize ? String.valueOf(contentSize) : null);
        }
    }

    /**
     * A failure {@code at} decompressed bytes into the content, named for the user; {@code expected} words the content
     * size it falls short of ("1234", "at least 16"), null where none is known or the content already reached it.
     */
    private DatasetException readProblem(IOException e, long at, String expected) {
        if (e instanceof DatasetException d) { // GzipMembers names the file and the offset itself
            return d;
        }
        if (e instanceof ZipException z) {
            return DatasetException.in(file, gzipProblem(z, at), e);
        }
        if (e instanceof EOFException) { // a member's data or trailer breaks off: all of it may have decompressed
            return DatasetException.in(file, "truncated gzip: the compressed stream ended after " + at
                    + " decompressed bytes, expected " + (expected != null ? expected + " content bytes"
                    : "the rest of the member and its 8-byte trailer"), e);
        }
        return DatasetException.in(file, "cannot read: " + e.getMessage(), e);
    }

    /** A corrupt member found {@code at} decompressed bytes into the content. */
    private static String gzipProblem(ZipException e, long at) {
        return "corrupt gzip data after " + at + " decompressed bytes: " + e.getMessage();
    }

    /** Feeds every content byte read from now on to {@code other} as well. */
    void alsoDigest(MessageDigest other) {
        this.alsoDigest = other;
    }

    /** SHA-256 of all content read so far, as lowercase hex. */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
