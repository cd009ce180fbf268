package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A truncated gzip file ends in compressed bytes, not a trailer, so the number its last 4 bytes make (what an intact
 * file's ISIZE would be) means nothing. The refusal says how much content the stream held before it broke off, and
 * quotes an expected size only where one is known: an IDX header's claim, not the truncated file's last bytes.
 *
 * <p>Where the cut falls is searched for, not written down, because the compressed bytes depend on the zlib build.
 */
class TruncatedGzipTest {
    private static final Csv.Options LABEL_LAST = new Csv.Options(false, "last", null, null);

    @TempDir Path dir;

    /** Rows of 16 pseudo-random pixels 0..255 and a label 0..9: text that compresses only about 2:1. */
    private static byte[] noisyCsv(int rows) {
        Random r = new Random(7);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 16; j++) {
                s.append(r.nextInt(256)).append(',');
            }
            s.append(r.nextInt(10)).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The 4 bytes before {@code end}, read as a gzip trailer's ISIZE (little-endian, unsigned). */
    private static long isizeBefore(byte[] bytes, int end) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (bytes[end - 4 + i] & 0xffL) << (8 * i);
        }
        return v;
    }

    /** How much content the JDK's own reader gets out of {@code gz} before the stream breaks off. */
    private static long decompressedBeforeTheEnd(byte[] gz) throws IOException {
        long n = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        } catch (EOFException expected) {
            return n;
        }
        throw new AssertionError("the cut file decompressed whole: not truncated");
    }

    /**
     * The first length from half of {@code gz} whose last 4 bytes, read as a trailer, claim between {@code above} and
     * what deflate could expand that many bytes to: a number opening the file believes, and a wrong one.
     */
    private static int cutWithAWrongButBelievableTrailer(byte[] gz, long above) {
        for (int cut = gz.length / 2; cut < gz.length - 8; cut++) {
            long isize = isizeBefore(gz, cut);
            if (isize > above && isize <= cut * ContentFile.MAX_DEFLATE_RATIO) {
                return cut;
            }
        }
        throw new AssertionError("no cut of these " + gz.length + " bytes ends in a believable wrong trailer");
    }

    @Test
    void aTruncatedGzipCsvSaysHowMuchItHeldAndNotWhatItsLastBytesClaim() throws Exception {
        byte[] csv = noisyCsv(4000);
        byte[] gz = IdxBytes.gzip(csv);
        int cut = cutWithAWrongButBelievableTrailer(gz, csv.length);
        byte[] truncated = Arrays.copyOf(gz, cut);
        long bogus = isizeBefore(truncated, cut);
        Path file = Files.write(dir.resolve("cut.csv.gz"), truncated);

        assertThatThrownBy(() -> Csv.load(file, LABEL_LAST)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ": truncated gzip: the compressed stream ended after "
                        + decompressedBeforeTheEnd(truncated) + " decompressed bytes, expected the rest of the member"
                        + " and its 8-byte trailer")
                .message().doesNotContain(String.valueOf(bogus));
    }

    /**
     * Past 2 MB a truncated file's last bytes can claim over the 2 GiB a CSV may hold and still be believed when it is
     * opened: the file is counted before such a size is quoted, and the count finds the truncation.
     */
    @Test
    void aTruncatedGzipCsvWhoseLastBytesClaimOver2GiBIsTruncatedNotTooLarge() throws Exception {
        byte[] gz = IdxBytes.gzip(noisyCsv(120_000));
        byte[] truncated = Arrays.copyOf(gz, cutWithAWrongButBelievableTrailer(gz, Integer.MAX_VALUE));
        Path file = Files.write(dir.resolve("cut.csv.gz"), truncated);

        assertThatThrownBy(() -> Csv.load(file, LABEL_LAST)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ": truncated gzip: the compressed stream ended after "
                        + decompressedBeforeTheEnd(truncated) + " decompressed bytes, expected the rest of the member"
                        + " and its 8-byte trailer");
    }

    /** Its header says how many bytes the content holds, so that size is known and quoted. */
    @Test
    void aTruncatedGzipIdxFileSaysWhatItsHeaderClaims() throws Exception {
        byte[] pixels = new byte[20 * 28 * 28];
        new Random(11).nextBytes(pixels); // incompressible: the cut falls inside the pixels
        byte[] idx = ByteBuffer.allocate(16 + pixels.length).putInt(0x00000803).putInt(20).putInt(28).putInt(28)
                .put(pixels).array();
        byte[] gz = IdxBytes.gzip(idx);
        byte[] truncated = Arrays.copyOf(gz, cutWithAWrongButBelievableTrailer(gz, idx.length));
        Path file = Files.write(dir.resolve("cut-idx3-ubyte.gz"), truncated);

        assertThatThrownBy(() -> Idx.readImages(file)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ": truncated gzip: the compressed stream ended after "
                        + decompressedBeforeTheEnd(truncated) + " decompressed bytes, expected " + idx.length
                        + " content bytes");
    }
}
