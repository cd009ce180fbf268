package org.latentatlas.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The decompressed content of a gzip file read member by member (RFC 1952) on a raw {@link Inflater}, so that
 * every compressed byte is accounted for: after the last member the file must end.
 *
 * <p>{@link java.util.zip.GZIPInputStream} is not used because, after a member's trailer, it tries to read another
 * member header and, when the bytes there are not one (junk appended to the file, or a second member whose header
 * is damaged), it stops as if the file had ended: those bytes, and any content they held, are dropped without a
 * word. Here they are a {@link DatasetException} naming the file, the offset where the last good member ends and
 * how many bytes follow it. gunzip itself only warns ("trailing garbage ignored") and exits with status 2; a dataset
 * that silently loses rows or reads as truncated is worse than a refusal that says where the file breaks. Zero
 * padding alone (to a tape or disk block) is read past, as gunzip does: zeros hold no content, so nothing is lost.
 *
 * <p>Truncation (the file ends inside deflate data or a trailer) is an {@link EOFException} and corrupt deflate
 * data a {@link ZipException}, as with GZIPInputStream, so the caller words them with the content position it
 * knows; everything this class can say more precisely is a {@link DatasetException} with the file named.
 */
final class GzipMembers extends InputStream {
    private static final int FTEXT = 1;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xe0;
    private static final int DEFLATE = 8;

    private final Path file;
    private final InputStream raw;
    private final long fileSize;
    private final byte[] buf = new byte[1 << 16];
    private int bufPos;
    private int bufLen;
    private long bufOffset; // file offset of buf[0]
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    private boolean inMember;
    private boolean done;
    private int members; // members read whole, trailer checked
    private long memberOut;
    private long totalOut;

    /**
     * Reads the first member's header at once, so a file that only starts like gzip is refused when opened.
     *
     * @param raw the file's bytes from offset 0; closed with this stream
     */
    GzipMembers(Path file, InputStream raw, long fileSize) throws IOException {
        this.file = file;
        this.raw = raw;
        this.fileSize = fileSize;
        startMember();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            if (!inMember) {
                nextMemberOrEnd();
                continue;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException(e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberOut += n;
                totalOut += n;
                return n;
            }
            if (inflater.finished()) {
                bufPos = bufLen - inflater.getRemaining(); // the inflater stops at the member's last deflate byte
                readTrailer();
                inMember = false;
            } else if (inflater.needsDictionary()) {
                throw new ZipException("deflate data needs a preset dictionary, which gzip cannot carry");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                inflater.setInput(buf, 0, bufLen);
            }
        }
        return -1;
    }

    /**
     * At the end of the file, the content ends; so does it where only zero bytes are left (padding to a block size,
     * which GNU gzip skips too: zeros cannot hold content, so nothing is lost). Anything else there must be a whole
     * gzip member.
     */
    private void nextMemberOrEnd() throws IOException {
        if (bufPos == bufLen && !fill()) {
            done = true;
            return;
        }
        if (buf[bufPos] == 0) {
            skipZeroPadding();
            done = true;
            return;
        }
        startMember();
    }

    /** Reads zeros to the end of the file; a byte that is not zero makes what follows the last member junk. */
    private void skipZeroPadding() throws IOException {
        long start = offset();
        int b;
        while ((b = readByte()) == 0) { }
        if (b > 0) {
            throw notGzipData(start, String.format("00 (zeros up to offset %d, then %02x)", offset() - 1, b));
        }
    }

    private void startMember() throws IOException {
        long start = offset();
        int id1 = readByte();
        int id2 = id1 < 0 ? -1 : readByte();
        if (id1 != 0x1f || id2 != 0x8b) {
            // only a later member gets here: ContentFile opens this class after seeing 1f 8b at offset 0
            String got = id1 < 0 ? "" : id2 < 0 ? String.format("%02x", id1) : String.format("%02x %02x", id1, id2);
            throw notGzipData(start, got);
        }
        headerCrc.reset();
        headerCrc.update(0x1f);
        headerCrc.update(0x8b);
        int method = headerByte(start);
        if (method != DEFLATE) {
            throw badHeader(start, "compression method " + method + ", expected 8 (deflate)");
        }
        int flags = headerByte(start);
        if ((flags & RESERVED_FLAGS) != 0) {
            throw badHeader(start, String.format("reserved flag bits set (flags %02x), expected them clear", flags));
        }
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            headerByte(start);
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = headerByte(start) | headerByte(start) << 8;
            for (int i = 0; i < xlen; i++) {
                headerByte(start);
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte(start) != 0) { } // zero-terminated file name
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte(start) != 0) { } // zero-terminated comment
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xffff;
            int stored = readByte() | readByte() << 8;
            if (stored != expected) {
                throw badHeader(start, String.format("header CRC-16 %04x, expected %04x", stored & 0xffff, expected));
            }
        }
        inflater.reset();
        crc.reset();
        memberOut = 0;
        if (bufPos < bufLen) {
            inflater.setInput(buf, bufPos, bufLen - bufPos);
        }
        inMember = true;
    }

    /** The bytes from {@code start} to the end of the file, after the last member, are neither a member nor zeros. */
    private DatasetException notGzipData(long start, String got) {
        return DatasetException.in(file, (fileSize - start) + " bytes after the last gzip member (which ends at offset "
                + start + ", " + totalOut + " bytes decompressed) are not gzip data: expected nothing, zero padding or"
                + " another gzip member starting 1f 8b, got bytes starting " + got);
    }

    /** A byte of the header that starts at {@code start}; the file ending here makes the header damaged. */
    private int headerByte(long start) throws IOException {
        int b = readByte();
        if (b < 0) {
            throw badHeader(start, "the file ends " + (fileSize - start) + " bytes into the header");
        }
        headerCrc.update(b);
        return b;
    }

    private DatasetException badHeader(long start, String problem) {
        if (members == 0) {
            return DatasetException.in(file, "corrupt gzip header: " + problem);
        }
        return DatasetException.in(file, "damaged gzip member header at offset " + start + ": " + problem
                + "; the " + (fileSize - start) + " bytes from there to the end of the file, after the last good"
                + " member (" + totalOut + " bytes decompressed), are not readable: expected nothing or another"
                + " gzip member");
    }

    private void readTrailer() throws IOException {
        long storedCrc = readTrailerWord();
        long storedSize = readTrailerWord();
        long actualCrc = crc.getValue();
        if (storedCrc != actualCrc || storedSize != (memberOut & 0xffffffffL)) {
            String sizes = memberOut == (memberOut & 0xffffffffL) ? "" : " (" + (memberOut & 0xffffffffL) + " mod 2^32)";
            throw DatasetException.in(file, "gzip CRC/length check failed (corrupt gzip trailer) after " + totalOut
                    + " decompressed bytes: expected the trailer's CRC-32 and length to match the content of member "
                    + (members + 1) + ", its trailer claims " + storedSize + " decompressed bytes and CRC-32 "
                    + hex32(storedCrc) + ", the member holds " + memberOut + " bytes" + sizes + " with CRC-32 " + hex32(actualCrc));
        }
        members++;
    }

    private static String hex32(long v) {
        return HexFormat.of().toHexDigits((int) v);
    }

    private long readTrailerWord() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = readByte();
            if (b < 0) {
                throw new EOFException("Unexpected end of gzip trailer");
            }
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private long offset() {
        return bufOffset + bufPos;
    }

    private int readByte() throws IOException {
        if (bufPos == bufLen && !fill()) {
            return -1;
        }
        return buf[bufPos++] & 0xff;
    }

    /** Replaces the (fully consumed) buffer with the next bytes of the file; false at its end. */
    private boolean fill() throws IOException {
        bufOffset += bufLen;
        bufPos = 0;
        bufLen = 0;
        int r = raw.read(buf, 0, buf.length);
        if (r <= 0) {
            return false;
        }
        bufLen = r;
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }
}
