package org.latentatlas.math;

import static org.latentatlas.math.VectorGemm.L;
import static org.latentatlas.math.VectorGemm.MR;
import static org.latentatlas.math.VectorGemm.NR;

/**
 * {@link VectorGemm}'s packing buffers, one set per thread, grown on demand and then reused: no allocation per call.
 */
final class GemmBuffers {
    private static final ThreadLocal<GemmBuffers> LOCAL = ThreadLocal.withInitial(GemmBuffers::new);
    // Each holds at least what one call uses, in the layout below; only that prefix is read. A tile is MR rows of
    // A by one k block (kc) deep, a panel NR columns of B.
    private float[] packedA = new float[0]; // (row tiles, MR, kc) this thread's A tiles, or (1, MR, kc) when A is
                                            // read in place and only its ragged last tile is packed
    private float[] packedB = new float[0]; // (panels, k, NR) all of B, packed once for the row parts of a tall C
                                            // (by each thread when B is one panel)
    private float[] sharedA = new float[0]; // (k blocks: row tiles, MR, kc) a transposed A packed once, shared by
                                            // the parts of a wide C
    private float[] panel = new float[0];   // (kc, NR) one panel of B for one k block, packed just before use
    private float[] region = new float[0];  // (block rows, block columns) a block's C for the fused weight gradient
    final float[] scratch = new float[MR * NR]; // (MR, NR)
    private int[] rowOffsets = new int[L]; // (L) i · stride for the stride last asked for

    /** {i · stride} for i < L: a gather's offsets down one column of L rows {@code stride} apart. */
    int[] rowOffsets(int stride) {
        if (rowOffsets[1] != stride) { // a preferred species has at least two lanes
            rowOffsets = VectorGemm.strideOffsets(L, stride);
        }
        return rowOffsets;
    }

    private GemmBuffers() {}

    static GemmBuffers get() {
        return LOCAL.get();
    }

    private static float[] grown(float[] buffer, int size) {
        return buffer.length < size ? new float[size] : buffer;
    }

    float[] packedA(int size) {
        return packedA = grown(packedA, size);
    }

    float[] panel(int size) {
        return panel = grown(panel, size);
    }

    float[] region(int size) {
        return region = grown(region, size);
    }

    float[] sharedA(int size) {
        return sharedA = grown(sharedA, size);
    }

    float[] packedB(int size) {
        return packedB = grown(packedB, size);
    }
}
