package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileSignaturesTest {
    private static final byte[] PNG_START = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    @Test
    void aPngIsToldByTheEightBytesOfItsSignature() {
        assertThat(FileSignatures.isPng(PNG_START)).isTrue();
        byte[] brokenLineEnds = PNG_START.clone();
        brokenLineEnds[4] = '\n'; // a PNG sent through a text-mode transfer: no longer a PNG
        assertThat(FileSignatures.isPng(brokenLineEnds)).isFalse();
        assertThat(FileSignatures.isPng(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).as("too short to tell").isFalse();
    }

    @Test
    void gzipIsToldByItsTwoMagicBytes() {
        assertThat(FileSignatures.isGzip(new byte[] {0x1f, (byte) 0x8b, 8, 0})).isTrue();
        assertThat(FileSignatures.isGzip(new byte[] {0x1f})).isFalse();
        assertThat(FileSignatures.isGzip(PNG_START)).isFalse();
    }

    @Test
    void textIsNeither() {
        byte[] csv = "label,p0,p1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(FileSignatures.isPng(csv)).isFalse();
        assertThat(FileSignatures.isGzip(csv)).isFalse();
        assertThat(FileSignatures.isPng(new byte[0])).isFalse();
    }
}
