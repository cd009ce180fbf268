package org.latentatlas.data;

import java.util.regex.Pattern;

/**
 * One file of a downloadable dataset and how to know it is the right one.
 *
 * @param fileName      name on the server and in the cache, e.g. "train-images-idx3-ubyte.gz"
 * @param contentBytes  decompressed length, or -1 when not checked
 * @param contentSha256 SHA-256 of the decompressed content (what matters), or null where no authority
 *                      publishes it
 * @param archiveSha256 SHA-256 of the bytes as served (the .gz), or null; at least one hash is required
 */
public record RemoteFile(String fileName, long contentBytes, String contentSha256, String archiveSha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public RemoteFile {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("file name must be a plain name, got '" + fileName + "'");
        }
        if (contentSha256 == null && archiveSha256 == null) {
            throw new IllegalArgumentException(fileName + ": needs a content or an archive SHA-256, got neither");
        }
        checkHex(fileName, "content", contentSha256);
        checkHex(fileName, "archive", archiveSha256);
    }

    private static void checkHex(String fileName, String what, String hex) {
        if (hex != null && !HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException(fileName + ": " + what + " SHA-256 must be 64 lowercase hex digits, got '"
                    + hex + "'");
        }
    }

    /** The name without ".gz": an uncompressed copy in a data folder is accepted too. */
    public String plainName() {
        return fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
    }
}
