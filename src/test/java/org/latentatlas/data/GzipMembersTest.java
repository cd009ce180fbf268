package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip file may hold several members one after another (cat a.gz b.gz, bgzip, pigz): it is valid gzip, and its
 * content is the members' contents in turn, but its last 4 bytes give the last member's size only. Such files read
 * whole, as gunzip reads them; a truncated one is still refused naming the file and how much content it holds.
 */
class GzipMembersTest {
    @TempDir Path dir;

    /** gzip(content[0, cut)) then gzip(content[cut, end)), as cat a.gz b.gz writes. */
    private static byte[] twoMembers(byte[] content, int cut) throws Exception {
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(IdxBytes.gzip(Arrays.copyOfRange(content, 0, cut)));
        two.write(IdxBytes.gzip(Arrays.copyOfRange(content, cut, content.length)));
        return two.toByteArray();
    }

    @Test
    void anIdxImagesFileOfTwoGzipMembersIsReadWhole() throws Exception {
        byte[] idx = IdxBytes.images(4, 4, 4, 1);
        Path plain = Files.write(dir.resolve("plain-idx3-ubyte"), idx);
        Path two = Files.write(dir.resolve("two-idx3-ubyte.gz"), twoMembers(idx, idx.length / 2));

        Idx.Images expected = Idx.readImages(plain);
        Idx.Images read = Idx.readImages(two);

        assertThat(read.count()).isEqualTo(4);
        assertThat(read.pixels()).containsExactly(expected.pixels());
        assertThat(read.sha256()).isEqualTo(expected.sha256());
    }

    /** The last member's size alone is smaller than the 4-byte magic: the reader must not call the file too short. */
    @Test
    void anIdxLabelsFileEndingInAnEmptyGzipMemberIsReadWhole() throws Exception {
        byte[] idx = IdxBytes.labels(3, 1, 4, 1, 5);
        Path two = Files.write(dir.resolve("labels-idx1-ubyte.gz"), twoMembers(idx, idx.length));

        assertThat(Idx.readLabels(two).labels()).containsExactly(3, 1, 4, 1, 5);
    }

    /** Cut in its second member's header: the JDK's reader would take the rest for junk after the first member. */
    @Test
    void anIdxFileOfTwoGzipMembersWhoseSecondIsCutShortIsRefusedWithTheSizeItHolds() throws Exception {
        byte[] idx = IdxBytes.images(40, 8, 8, 3); // 16 + 2560 bytes
        byte[] whole = twoMembers(idx, 1000);
        int second = whole.length - IdxBytes.gzip(Arrays.copyOfRange(idx, 1000, idx.length)).length;
        Path cut = Files.write(dir.resolve("cut-idx3-ubyte.gz"), Arrays.copyOf(whole, second + 5));

        assertThatThrownBy(() -> Idx.readImages(cut)).isInstanceOf(DatasetException.class)
                .hasMessage(cut + ": damaged gzip member header at offset " + second + ": the file ends 5 bytes into"
                        + " the header; the 5 bytes from there to the end of the file, after the last good member"
                        + " (1000 bytes decompressed), are not readable: expected nothing or another gzip member");
    }

    @Test
    void anIdxFileOfTwoGzipMembersWhoseLastTrailerIsCutShortIsTruncatedNotTrailingGarbage() throws Exception {
        byte[] idx = IdxBytes.images(40, 8, 8, 3);
        byte[] whole = twoMembers(idx, 1000);
        // its last 4 bytes, now compressed bytes, say 403608 (with the JDK's zlib today): no trailer, and no
        // proof of trailing garbage; other zlib builds may say more than deflate allows, refused as soon as opened
        Path cut = Files.write(dir.resolve("cut-idx3-ubyte.gz"), Arrays.copyOf(whole, whole.length - 1));

        assertThatThrownBy(() -> Idx.readImages(cut)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(cut + ": ")
                .hasMessageContaining("truncated gzip");
    }

    @Test
    void anIdxFileOfTwoGzipMembersHoldingMoreThanItsHeaderSaysIsTrailingGarbage() throws Exception {
        byte[] idx = IdxBytes.images(4, 4, 4, 1); // 16 + 64 bytes
        byte[] longer = Arrays.copyOf(idx, idx.length + 5);
        Path file = Files.write(dir.resolve("long-idx3-ubyte.gz"), twoMembers(longer, 20));

        assertThatThrownBy(() -> Idx.readImages(file)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("trailing garbage: expected 80 bytes for header 0x08 (u8) [4, 4, 4],"
                        + " decompressed size (counted) is 85 (5 extra)");
    }

    @Test
    void aCsvOfTwoGzipMembersIsReadWhole() throws Exception {
        String text = "0,16,8,4,2\n1,2,3,4,0\n3,3,3,3,1\n";
        byte[] csv = text.getBytes(StandardCharsets.US_ASCII);
        Path plain = Files.write(dir.resolve("plain.csv"), csv);
        Path two = Files.write(dir.resolve("two.csv.gz"), twoMembers(csv, 13)); // cut inside the second row

        Dataset expected = Csv.load(plain, new Csv.Options(false, "last", null, null));
        Dataset read = Csv.load(two, new Csv.Options(false, "last", null, null));

        assertThat(read.size()).isEqualTo(3);
        assertThat(read.pixels()).containsExactly(expected.pixels());
        assertThat(read.labels()).containsExactly(expected.labels());
        assertThat(read.sha256()).isEqualTo(expected.sha256());
    }

    /** The trailer's size cannot hold a CSV of several members under the 2 GiB an array holds: the bytes do. */
    @Test
    void gzipContentOfSeveralMembersIsHeldToTheLimitAsItArrives() throws Exception {
        byte[] text = "0,1,2,3,4\n".repeat(10).getBytes(StandardCharsets.US_ASCII); // 100 bytes
        Path file = Files.write(dir.resolve("big.csv.gz"), twoMembers(text, 95)); // the trailer says 5

        try (ContentFile in = ContentFile.open(file)) {
            assertThat(in.contentSize()).isEqualTo(5);
            assertThatThrownBy(() -> in.readRest(50)).isInstanceOf(DatasetException.class)
                    .hasMessageStartingWith(file + ": expected at most 50 content bytes, got more (");
        }
    }
}
