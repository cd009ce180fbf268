package org.latentatlas.math;

import static org.latentatlas.math.VectorGemm.COUNTED_LOOP;
import static org.latentatlas.math.VectorGemm.L;
import static org.latentatlas.math.VectorGemm.MR;
import static org.latentatlas.math.VectorGemm.NR;
import static org.latentatlas.math.VectorGemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * {@link VectorGemm}'s register tiles: {@code MR} rows × two vectors of C held in registers for a whole k block,
 * updated per step of k by two loads of B, one broadcast of A per row and two {@code fma}s per row. Written out
 * long-hand because C2 keeps no array of vectors in registers.
 *
 * <p>The row count ({@link VectorGemm#MR}) follows the register file. AVX2 has 16 vector registers: 6 rows are 12
 * accumulators, plus two B vectors and a broadcast. AVX-512 has 32: 8 rows (16 accumulators) fit with room to
 * spare, and the benchmark model's sizes (batch 32, 128, 512; 256, 512 and 784 units; the two heads' 40 columns)
 * are multiples of 8 but not of 6, so no ragged last tile runs a whole tile's fmas for a few rows through scratch.
 * On the Zen 4 that took the one-thread layer products from 84–104 to 95–109 GFLOP/s; a wider tile (12 × 2 or
 * 6 × 4 vectors, 24 accumulators) ran the kernel alone only 1–2 % faster than 6 × 2 and would pad the panels and
 * tiles again (docs/benchmark-history.md, fifteenth round).
 *
 * <p>Every tile shape computes each element of C as the same chain of fmas along k, so the choice changes no bit.
 */
final class MicroKernel {
    private MicroKernel() {}

    /** c (MR, NR) at cIdx with row stride ldc [+]= A (MR, kc) · pb (kc, NR), A's row r at a[aIdx + r·ars]. */
    static void kernel(float[] a, int aIdx, int ars, float[] pb, int bIdx, int kc,
                       float[] c, int cIdx, int ldc, boolean load) {
        if (MR == 8) {
            kernel8(a, aIdx, ars, pb, bIdx, kc, c, cIdx, ldc, load);
        } else {
            kernel6(a, aIdx, ars, pb, bIdx, kc, c, cIdx, ldc, load);
        }
    }

    /**
     * Copies a full scratch tile s (MR, NR) into C transposed: row r of s to column r, C's columns {@code cs} apart
     * (the transposed-C forward pass). Unrolled over the rows (ninth round: the 512 → 784 forward pass went from
     * 74–76 to 79–81 GFLOP/s).
     */
    static void storeTransposed(float[] s, float[] c, int cIdx, int cs) {
        if (MR == 8) {
            storeTransposed8(s, c, cIdx, cs);
        } else {
            storeTransposed6(s, c, cIdx, cs);
        }
    }

    /**
     * Six rows. Bounds are checked once up front; then which loop shape lets C2 drop the checks inside depends on the
     * JDK (measured, 6 × 16 kernel alone, one core): JDK 17 needs B's index as a second induction variable
     * (94 GFLOP/s; 39 with the counted form), JDK 25 needs both indices derived from the loop counter (97; 40 with
     * the other). The two loops are the same arithmetic in the same order: same bits either way.
     */
    private static void kernel6(float[] a, int aIdx, int ars, float[] pb, int bIdx, int kc,
                                float[] c, int cIdx, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, cIdx);
            c01 = FloatVector.fromArray(S, c, cIdx + L);
            c10 = FloatVector.fromArray(S, c, cIdx + ldc);
            c11 = FloatVector.fromArray(S, c, cIdx + ldc + L);
            c20 = FloatVector.fromArray(S, c, cIdx + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cIdx + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, cIdx + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cIdx + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, cIdx + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cIdx + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, cIdx + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cIdx + 5 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z;
            c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
        }
        java.util.Objects.checkFromIndexSize(aIdx, 5 * ars + kc, a.length);
        java.util.Objects.checkFromIndexSize(bIdx, kc * NR, pb.length);
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars, r4 = 4 * ars, r5 = 5 * ars;
        if (COUNTED_LOOP) {
            for (int p = 0; p < kc; p++) {
                int q = aIdx + p;
                int bi = bIdx + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, pb, bi);
                FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
                FloatVector x0 = FloatVector.broadcast(S, a[q]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, a[q + r1]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, a[q + r2]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, a[q + r3]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, a[q + r4]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, a[q + r5]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
            }
        } else {
            for (int q = aIdx, bi = bIdx, qEnd = aIdx + kc; q < qEnd; q++, bi += NR) {
                FloatVector b0 = FloatVector.fromArray(S, pb, bi);
                FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
                FloatVector x0 = FloatVector.broadcast(S, a[q]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, a[q + r1]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, a[q + r2]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, a[q + r3]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, a[q + r4]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, a[q + r5]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
            }
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + L);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + L);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + L);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + L);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + L);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + L);
    }

    /**
     * Eight rows; otherwise {@link #kernel6}, loop shapes included (each JDK's shape holds here too: the layer
     * products ran at 95–109 GFLOP/s on one core on JDK 17 and 90–104 on 25, fifteenth round).
     */
    private static void kernel8(float[] a, int aIdx, int ars, float[] pb, int bIdx, int kc,
                                float[] c, int cIdx, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = FloatVector.fromArray(S, c, cIdx);
            c01 = FloatVector.fromArray(S, c, cIdx + L);
            c10 = FloatVector.fromArray(S, c, cIdx + ldc);
            c11 = FloatVector.fromArray(S, c, cIdx + ldc + L);
            c20 = FloatVector.fromArray(S, c, cIdx + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cIdx + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, cIdx + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cIdx + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, cIdx + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cIdx + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, cIdx + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cIdx + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, cIdx + 6 * ldc);
            c61 = FloatVector.fromArray(S, c, cIdx + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, cIdx + 7 * ldc);
            c71 = FloatVector.fromArray(S, c, cIdx + 7 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        java.util.Objects.checkFromIndexSize(aIdx, 7 * ars + kc, a.length);
        java.util.Objects.checkFromIndexSize(bIdx, kc * NR, pb.length);
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars, r4 = 4 * ars, r5 = 5 * ars, r6 = 6 * ars, r7 = 7 * ars;
        if (COUNTED_LOOP) {
            for (int p = 0; p < kc; p++) {
                int q = aIdx + p;
                int bi = bIdx + p * NR;
                FloatVector b0 = FloatVector.fromArray(S, pb, bi);
                FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
                FloatVector x0 = FloatVector.broadcast(S, a[q]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, a[q + r1]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, a[q + r2]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, a[q + r3]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, a[q + r4]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, a[q + r5]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
                FloatVector x6 = FloatVector.broadcast(S, a[q + r6]);
                c60 = x6.fma(b0, c60);
                c61 = x6.fma(b1, c61);
                FloatVector x7 = FloatVector.broadcast(S, a[q + r7]);
                c70 = x7.fma(b0, c70);
                c71 = x7.fma(b1, c71);
            }
        } else {
            for (int q = aIdx, bi = bIdx, qEnd = aIdx + kc; q < qEnd; q++, bi += NR) {
                FloatVector b0 = FloatVector.fromArray(S, pb, bi);
                FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
                FloatVector x0 = FloatVector.broadcast(S, a[q]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, a[q + r1]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, a[q + r2]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, a[q + r3]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, a[q + r4]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, a[q + r5]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
                FloatVector x6 = FloatVector.broadcast(S, a[q + r6]);
                c60 = x6.fma(b0, c60);
                c61 = x6.fma(b1, c61);
                FloatVector x7 = FloatVector.broadcast(S, a[q + r7]);
                c70 = x7.fma(b0, c70);
                c71 = x7.fma(b1, c71);
            }
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + L);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + L);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + L);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + L);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + L);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + L);
        c60.intoArray(c, cIdx + 6 * ldc);
        c61.intoArray(c, cIdx + 6 * ldc + L);
        c70.intoArray(c, cIdx + 7 * ldc);
        c71.intoArray(c, cIdx + 7 * ldc + L);
    }

    private static void storeTransposed6(float[] s, float[] c, int cIdx, int cs) {
        java.util.Objects.checkFromIndexSize(cIdx, (NR - 1) * cs + 6, c.length);
        for (int cc = 0, d = cIdx; cc < NR; cc++, d += cs) {
            c[d] = s[cc];
            c[d + 1] = s[NR + cc];
            c[d + 2] = s[2 * NR + cc];
            c[d + 3] = s[3 * NR + cc];
            c[d + 4] = s[4 * NR + cc];
            c[d + 5] = s[5 * NR + cc];
        }
    }

    private static void storeTransposed8(float[] s, float[] c, int cIdx, int cs) {
        java.util.Objects.checkFromIndexSize(cIdx, (NR - 1) * cs + 8, c.length);
        for (int cc = 0, d = cIdx; cc < NR; cc++, d += cs) {
            c[d] = s[cc];
            c[d + 1] = s[NR + cc];
            c[d + 2] = s[2 * NR + cc];
            c[d + 3] = s[3 * NR + cc];
            c[d + 4] = s[4 * NR + cc];
            c[d + 5] = s[5 * NR + cc];
            c[d + 6] = s[6 * NR + cc];
            c[d + 7] = s[7 * NR + cc];
        }
    }
}
