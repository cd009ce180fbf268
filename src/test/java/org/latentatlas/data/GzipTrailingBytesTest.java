package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After its last gzip member a file must end, or hold only zero padding. Bytes there that are not another whole
 * member (junk appended, a second member whose header is damaged) would hold content that is lost, so the file is
 * refused naming where the last good member ends, how many bytes follow it and what was expected there; the JDK's
 * GZIPInputStream would stop at them as if the file had ended, dropping CSV rows or calling an IDX file truncated.
 */
class GzipTrailingBytesTest {
    private static final String CSV = "0,16,8,4,2\n1,2,3,4,0\n3,3,3,3,1\n"; // 31 bytes
    private static final Csv.Options LABEL_LAST = new Csv.Options(false, "last", null, null);

    @TempDir Path dir;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The refusal of {@code junk} bytes, starting {@code got}, after a last member ending at {@code end}. */
    private static String notGzipAfter(Path file, int junk, int end, int decompressed, String got) {
        return file + ": " + junk + " bytes after the last gzip member (which ends at offset " + end + ", "
                + decompressed + " bytes decompressed) are not gzip data: expected nothing, zero padding or another"
                + " gzip member starting 1f 8b, got bytes starting " + got;
    }

    /** The refusal of a member header at {@code at}, {@code left} bytes from the end, damaged by {@code problem}. */
    private static String damagedHeader(Path file, int at, String problem, int left, int decompressed) {
        return file + ": damaged gzip member header at offset " + at + ": " + problem + "; the " + left + " bytes"
                + " from there to the end of the file, after the last good member (" + decompressed + " bytes"
                + " decompressed), are not readable: expected nothing or another gzip member";
    }

    @Test
    void aGzippedCsvWithTextAppendedIsRefusedNotReadWithoutIt() throws Exception {
        byte[] gz = IdxBytes.gzip(ascii(CSV));
        // its last 4 bytes, read as a trailer, claim more than deflate allows: refused as the file is opened
        Path file = Files.write(dir.resolve("junk.csv.gz"), concat(gz, ascii("9,9,9,9,9\n")));

        assertThatThrownBy(() -> Csv.load(file, LABEL_LAST)).isInstanceOf(DatasetException.class)
                .hasMessage(notGzipAfter(file, 10, gz.length, 31, "39 2c"));
    }

    /** Zero padding (to a tape or disk block) holds no content: the file reads whole, as gunzip reads it. */
    @Test
    void aGzippedCsvOrIdxFilePaddedWithZerosReadsWhole() throws Exception {
        Path csv = Files.write(dir.resolve("padded.csv.gz"), concat(IdxBytes.gzip(ascii(CSV)), new byte[512]));
        byte[] idx = IdxBytes.images(4, 4, 4, 1);
        // the trailer read from the padding says 0 bytes: the IDX header's 80 are counted, not refused
        Path images = Files.write(dir.resolve("padded-idx3-ubyte.gz"), concat(IdxBytes.gzip(idx), new byte[100]));

        assertThat(Csv.load(csv, LABEL_LAST).labels()).containsExactly(2, 0, 1);
        assertThat(Idx.readImages(images).pixels()).hasSize(64);
    }

    @Test
    void zerosThenOtherBytesAfterTheLastMemberAreRefused() throws Exception {
        byte[] gz = IdxBytes.gzip(ascii(CSV));
        byte[] tail = new byte[20];
        tail[12] = 7;
        Path file = Files.write(dir.resolve("padded-junk.csv.gz"), concat(gz, tail));

        assertThatThrownBy(() -> Csv.load(file, LABEL_LAST)).isInstanceOf(DatasetException.class)
                .hasMessage(notGzipAfter(file, 20, gz.length, 31,
                        "00 (zeros up to offset " + (gz.length + 12) + ", then 07)"));
    }

    @Test
    void aGzippedIdxFileWithBytesAppendedIsRefusedNotCalledTruncated() throws Exception {
        byte[] gz = IdxBytes.gzip(IdxBytes.images(4, 4, 4, 1)); // 16 + 64 bytes
        Path file = Files.write(dir.resolve("junk-idx3-ubyte.gz"), concat(gz, new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> Idx.readImages(file)).isInstanceOf(DatasetException.class)
                .hasMessage(notGzipAfter(file, 3, gz.length, 80, "01 02"));
    }

    @Test
    void anIdxFileWhoseSecondGzipMemberHasADamagedHeaderIsRefused() throws Exception {
        byte[] idx = IdxBytes.images(4, 4, 4, 1);
        byte[] first = IdxBytes.gzip(Arrays.copyOf(idx, 40));
        byte[] second = IdxBytes.gzip(Arrays.copyOfRange(idx, 40, idx.length));
        second[2] = 7; // compression method: only 8 (deflate) is gzip
        Path file = Files.write(dir.resolve("damaged-idx3-ubyte.gz"), concat(first, second));

        assertThatThrownBy(() -> Idx.readImages(file)).isInstanceOf(DatasetException.class)
                .hasMessage(damagedHeader(file, first.length, "compression method 7, expected 8 (deflate)",
                        second.length, 40));
    }

    @Test
    void aCsvWhoseSecondGzipMemberHasReservedFlagsIsRefused() throws Exception {
        byte[] first = IdxBytes.gzip(ascii(CSV.substring(0, 13)));
        byte[] second = IdxBytes.gzip(ascii(CSV.substring(13)));
        second[3] = (byte) 0x80; // FLG: the top three bits are reserved and must be zero
        Path file = Files.write(dir.resolve("flags.csv.gz"), concat(first, second));

        assertThatThrownBy(() -> Csv.load(file, LABEL_LAST)).isInstanceOf(DatasetException.class)
                .hasMessage(damagedHeader(file, first.length, "reserved flag bits set (flags 80), expected them clear",
                        second.length, 13));
    }

    /** The two valid shapes read as before: one member, and several (see GzipMembersTest for more). */
    @Test
    void oneMemberAndSeveralMembersStillReadWhole() throws Exception {
        Path one = Files.write(dir.resolve("one.csv.gz"), IdxBytes.gzip(ascii(CSV)));
        Path two = Files.write(dir.resolve("two.csv.gz"),
                concat(IdxBytes.gzip(ascii(CSV.substring(0, 13))), IdxBytes.gzip(ascii(CSV.substring(13)))));

        assertThat(Csv.load(one, LABEL_LAST).size()).isEqualTo(3);
        assertThat(Csv.load(two, LABEL_LAST).labels()).containsExactly(2, 0, 1);
    }

    /** A gzip header may carry FEXTRA, FNAME, FCOMMENT and a header CRC (gzip -N writes a name); all are skipped. */
    @Test
    void aMemberWithOptionalHeaderFieldsReads() throws Exception {
        byte[] plain = IdxBytes.gzip(ascii(CSV));
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        header.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        header.write(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA: 3 bytes
        header.write(ascii("digits.csv\0a comment\0"));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(header.toByteArray());
        header.write(new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >> 8)});
        header.write(plain, 10, plain.length - 10);
        Path file = Files.write(dir.resolve("named.csv.gz"), header.toByteArray());

        assertThat(Csv.load(file, LABEL_LAST).labels()).containsExactly(2, 0, 1);
    }
}
