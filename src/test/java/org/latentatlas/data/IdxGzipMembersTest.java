package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IDX file gzipped in several members (cat a.gz b.gz, bgzip) is whole, but its trailer gives the last member's size
 * only, which is what the reader sizes the file by: the message says so, and how to fix it, rather than only
 * "truncated or corrupt".
 */
class IdxGzipMembersTest {
    @Test
    void aFileOfSeveralGzipMembersIsNamedAsSuch(@TempDir Path dir) throws Exception {
        byte[] idx = IdxBytes.images(4, 4, 4, 1);
        int half = idx.length / 2;
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(IdxBytes.gzip(Arrays.copyOfRange(idx, 0, half)));
        two.write(IdxBytes.gzip(Arrays.copyOfRange(idx, half, idx.length)));
        Path file = Files.write(dir.resolve("images-idx3-ubyte.gz"), two.toByteArray());

        assertThatThrownBy(() -> Idx.readImages(file)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("one of several gzip members, as cat a.gz b.gz and bgzip write, whose trailer"
                        + " gives the last member's size only: recompress it with gzip");
    }
}
