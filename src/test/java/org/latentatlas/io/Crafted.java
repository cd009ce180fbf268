package org.latentatlas.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made safetensors bytes, for tests that need files our writer would never produce. */
final class Crafted {
    private Crafted() {
    }

    /** Length prefix, the header text as given (no padding), then {@code dataBytes} zero bytes. */
    static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return withPrefix(json.length, concat(json, new byte[dataBytes]));
    }

    /** Any declared header length followed by any bytes: for lying prefixes. */
    static byte[] withPrefix(long declaredHeaderLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredHeaderLength).put(rest).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A header entry {@code "name":{"dtype":...,"shape":...,"data_offsets":[b,e]}} without braces around it. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }
}
