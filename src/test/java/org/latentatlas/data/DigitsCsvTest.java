package org.latentatlas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The embedded digits are read through {@link GzipMembers}, as every other gzip file is: the same bytes the JDK's
 * reader gave (the content hash the golden results were trained on), and bytes after the last member refused.
 */
class DigitsCsvTest {
    private static final String ROW = "0,".repeat(64) + "7\n";

    @Test
    void theEmbeddedDigitsDecompressToTheContentTheGoldenResultsWereTrainedOn() {
        Dataset digits = DigitsCsv.load();

        assertThat(digits.size()).isEqualTo(1797);
        assertThat(digits.sha256()).isEqualTo("6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8");
    }

    @Test
    void bytesAfterTheLastGzipMemberAreRefusedNotDropped() throws Exception {
        byte[] gz = IdxBytes.gzip(ROW.getBytes(StandardCharsets.US_ASCII));
        byte[] junk = Arrays.copyOf(gz, gz.length + 2);
        junk[gz.length] = '9';
        junk[gz.length + 1] = '\n';

        assertThat(DigitsCsv.parse("digits", gz).labels()).containsExactly(7);
        assertThatThrownBy(() -> DigitsCsv.parse("digits", junk)).isInstanceOf(DatasetException.class)
                .hasMessage("digits: 2 bytes after the last gzip member (which ends at offset " + gz.length + ", "
                        + ROW.length() + " bytes decompressed) are not gzip data: expected nothing, zero padding or"
                        + " another gzip member starting 1f 8b, got bytes starting 39 0a");
    }
}
