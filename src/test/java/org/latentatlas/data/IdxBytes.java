package org.latentatlas.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files in memory for tests and the malformed corpus. */
public final class IdxBytes {
    private IdxBytes() {}

    /** A u8 images file (count, rows, cols) whose pixel i is {@code (seed + i) % 256}. */
    public static byte[] images(int count, int rows, int cols, int seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (seed + i));
        }
        return b.array();
    }

    /** An images file (count, rows, cols) of an integer element type (u8, i8, i16, i32) holding {@code values}. */
    public static byte[] images(Idx.ElementType type, int rows, int cols, int... values) {
        ByteBuffer b = ByteBuffer.allocate(16 + values.length * type.bytes);
        b.put((byte) 0).put((byte) 0).put((byte) type.code).put((byte) 3);
        b.putInt(values.length / (rows * cols)).putInt(rows).putInt(cols);
        for (int v : values) {
            switch (type) {
                case U8, I8 -> b.put((byte) v);
                case I16 -> b.putShort((short) v);
                case I32 -> b.putInt(v);
                default -> throw new IllegalArgumentException("not an integer type: " + type);
            }
        }
        return b.array();
    }

    /** A u8 labels file. */
    public static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(0x00000801).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    /** A header with arbitrary type and dims followed by {@code dataBytes} zero bytes. */
    static byte[] raw(int type, int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
