package org.latentatlas.io;

import java.util.Arrays;
import java.util.Optional;

/**
 * The safetensors element types this reader knows, with their sizes. Knowing a type lets the generic reader
 * check byte counts for any file; which types a caller accepts (model files: {@link #F32} only) is the
 * caller's business.
 */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The type spelled exactly as in a safetensors header ("F32"), if known. */
    public static Optional<DType> parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** "F64, F32, …" for error messages. */
    static String known() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
