package org.latentatlas.io;

/**
 * The first bytes that tell what a file is whatever its name: a model file's reader names what it was given
 * instead (a PNG, gzip), and a command that writes asks before it replaces a file.
 */
public final class FileSignatures {
    /** The PNG signature (PNG specification, section 5.2), all 8 bytes of it. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** ID1 and ID2 of a gzip member (RFC 1952, section 2.3.1). */
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};

    private FileSignatures() {}

    /** Whether a file starting with {@code start} (its first bytes, 8 or more to tell) is a PNG image. */
    public static boolean isPng(byte[] start) {
        return startsWith(start, PNG);
    }

    /** Whether a file starting with {@code start} is gzip-compressed. */
    public static boolean isGzip(byte[] start) {
        return startsWith(start, GZIP);
    }

    private static boolean startsWith(byte[] start, byte[] signature) {
        if (start.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (start[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
