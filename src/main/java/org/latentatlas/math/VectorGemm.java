package org.latentatlas.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast GEMMs: Vector API register tiles over packed operands, rows of the output split over {@link Parallel}.
 * Same contracts as {@link ScalarGemm}; all matrices are row-major slices of flat arrays.
 *
 * <p>All three shapes reduce to one product {@code C (m, n) [+]= A (m, k) · B (k, n)} where A and B are read
 * through strides, so a transposed operand is only a different stride. Both operands are packed before the
 * arithmetic: B into panels {@code NR = 2} vectors wide, {@code (k, NR)} row-major and zero-padded past
 * {@code n}; A into micro-panels of {@code MR} rows, {@code (kc, MR)} row-major and zero-padded past {@code m}.
 * The micro-kernel then reads both sequentially, holds an {@code MR × 2}-vector tile of C in registers and
 * updates it with one broadcast of A and two {@code fma}s per row and step of k; ragged tiles go through a
 * small scratch tile, so the hot loop never needs a mask.
 *
 * <p><b>Determinism.</b> Every element of C is one chain {@code c = fma(a[i,p], b[p,j], c)} for p = 0, 1, …,
 * k-1 starting from 0 (or from the old c when accumulating): the chain does not depend on how rows, columns or
 * k are blocked, nor on which thread computes it. Results are therefore bitwise identical for any thread
 * count, and identical between full and ragged tiles.
 */
public final class VectorGemm {
    private VectorGemm() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: 16 with AVX-512, 8 with AVX2. */
    static final int L = S.length();
    /** Columns per B panel and per register tile. */
    static final int NR = 2 * L;
    /** Rows per register tile: 6 × 2 accumulators + 2 B vectors + 1 broadcast fit AVX2's 16 registers. */
    static final int MR = 6;
    /** Depth of a k block: a B panel block (KC × NR floats) stays in L1 while A's micro-panels stream by. */
    static final int KC = 256;
    /**
     * Depth of a k block when C is written transposed (see {@link #abT}): every block reloads and stores each
     * C tile through scratch, so fewer, deeper blocks; the B panel then streams from L2, which keeps up.
     */
    static final int KC_TRANSPOSED_C = 1024;
    /** Below this many multiply-adds a fork costs more than it saves. */
    static final long PARALLEL_MIN_MACS = 1L << 17;

    /** c (m, n) [+]= a (m, k) · bᵀ where b is (n, k): a linear layer's forward pass. */
    public static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        abT(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, Parallel.shared());
    }

    /** c (m, n) [+]= a (m, k) · b where b is (k, n): a linear layer's input gradient. */
    public static void ab(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                          int m, int n, int k, boolean accumulate) {
        ab(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, Parallel.shared());
    }

    /** c (m, n) [+]= aᵀ · b where a is (k, m) and b is (k, n): a linear layer's weight gradient. */
    public static void aTb(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        aTb(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, Parallel.shared());
    }

    static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int m, int n, int k, boolean accumulate, Parallel pool) {
        abT(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, pool, m < n);
    }

    static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int m, int n, int k, boolean accumulate, Parallel pool, boolean transposedC) {
        if (transposedC) {
            // Packing B here is a transpose of n·k elements, ~20 % of the time at batch 128 and 784 → 512.
            // Computing Cᵀ (n, m) = b (n, k) · aᵀ instead transposes only a's m·k; fma(b, a, c) == fma(a, b, c),
            // so every element is the very same chain and the result is bitwise unchanged.
            gemm(new Operands(b, bOff, k, 1, a, aOff, 1, k, c, cOff, 1, n), n, m, k, accumulate, pool);
            return;
        }
        // A (m, k): element (i, p) at i*k + p.  B stored (n, k): logical (p, j) at j*k + p.
        gemm(new Operands(a, aOff, k, 1, b, bOff, 1, k, c, cOff, n, 1), m, n, k, accumulate, pool);
    }

    static void ab(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                   int m, int n, int k, boolean accumulate, Parallel pool) {
        // A (m, k): (i, p) at i*k + p.  B (k, n): (p, j) at p*n + j.
        gemm(new Operands(a, aOff, k, 1, b, bOff, n, 1, c, cOff, n, 1), m, n, k, accumulate, pool);
    }

    static void aTb(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int m, int n, int k, boolean accumulate, Parallel pool) {
        // A stored (k, m): logical (i, p) at p*m + i.  B (k, n): (p, j) at p*n + j.
        gemm(new Operands(a, aOff, 1, m, b, bOff, n, 1, c, cOff, n, 1), m, n, k, accumulate, pool);
    }

    /** The operands of one call, with the strides that make every shape look like A (m, k) · B (k, n). */
    private static final class Operands {
        final float[] a, b, c;
        final int aOff, aRowStride, aDepthStride;
        final int bOff, bDepthStride, bColStride;
        final int cOff, cRowStride, cColStride;
        /** Deepest k block: shallow when C tiles go straight to registers, deep when they go via scratch. */
        final int kcMax;
        float[] packedB; // (panels, k, NR)

        Operands(float[] a, int aOff, int aRowStride, int aDepthStride,
                 float[] b, int bOff, int bDepthStride, int bColStride,
                 float[] c, int cOff, int cRowStride, int cColStride) {
            this.a = a;
            this.aOff = aOff;
            this.aRowStride = aRowStride;
            this.aDepthStride = aDepthStride;
            this.b = b;
            this.bOff = bOff;
            this.bDepthStride = bDepthStride;
            this.bColStride = bColStride;
            this.c = c;
            this.cOff = cOff;
            this.cRowStride = cRowStride;
            this.cColStride = cColStride;
            this.kcMax = cColStride == 1 ? KC : KC_TRANSPOSED_C;
        }
    }

    private static void gemm(Operands o, int m, int n, int k, boolean accumulate, Parallel pool) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        o.c[o.cOff + i * o.cRowStride + j * o.cColStride] = 0f;
                    }
                }
            }
            return;
        }
        int panels = (n + NR - 1) / NR;
        int rowTiles = (m + MR - 1) / MR;
        o.packedB = Buffers.get().packedB(panels * k * NR);
        boolean split = (long) m * n * k >= PARALLEL_MIN_MACS && pool.threads() > 1;
        int packParts = split ? Math.min(pool.threads(), panels) : 1;
        int rowParts = split ? Math.min(pool.threads(), rowTiles) : 1;
        pool.forEach(packParts, part -> {
            for (int jp = part; jp < panels; jp += packParts) {
                packPanel(o, jp, n, k);
            }
        });
        // Contiguous ranges of row tiles: each part reads one slice of A and writes one slice of C.
        pool.forEach(rowParts, part -> {
            int t0 = (int) ((long) rowTiles * part / rowParts);
            int t1 = (int) ((long) rowTiles * (part + 1) / rowParts);
            computeRows(o, t0 * MR, Math.min(m, t1 * MR), n, k, accumulate);
        });
    }

    /** Packs B's columns [jp*NR, jp*NR + NR) over all k into {@code packedB}, zero past n. */
    private static void packPanel(Operands o, int jp, int n, int k) {
        float[] b = o.b;
        float[] pb = o.packedB; // (panels, k, NR)
        int base = jp * k * NR;
        int j0 = jp * NR;
        int cols = Math.min(NR, n - j0);
        if (o.bColStride == 1 && cols == NR) {
            // B rows are contiguous along n: copy two vectors per step of k.
            for (int p = 0, src = o.bOff + p * o.bDepthStride + j0, dst = base; p < k;
                 p++, src += o.bDepthStride, dst += NR) {
                FloatVector.fromArray(S, b, src).intoArray(pb, dst);
                FloatVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
            }
            return;
        }
        if (cols < NR) {
            java.util.Arrays.fill(pb, base, base + k * NR, 0f);
        }
        // Column by column: each read is a sequential run of B (the transposed case reads rows of the stored b).
        for (int jj = 0; jj < cols; jj++) {
            int src = o.bOff + (j0 + jj) * o.bColStride;
            for (int p = 0, dst = base + jj; p < k; p++, src += o.bDepthStride, dst += NR) {
                pb[dst] = b[src];
            }
        }
    }

    /** Computes C rows [i0, i1) over all columns, one k block at a time. */
    private static void computeRows(Operands o, int i0, int i1, int n, int k, boolean accumulate) {
        Buffers buf = Buffers.get();
        int rowTiles = (i1 - i0 + MR - 1) / MR;
        int panels = (n + NR - 1) / NR;
        // Equal blocks (784 = 4 × 196, not 3 × 256 + 16): a thin last block would cost a C round trip for little.
        int blocks = (k + o.kcMax - 1) / o.kcMax;
        int kcBlock = (k + blocks - 1) / blocks;
        float[] pa = buf.packedA(rowTiles * MR * kcBlock); // (rowTiles, kc, MR)
        for (int p0 = 0; p0 < k; p0 += kcBlock) {
            int kc = Math.min(kcBlock, k - p0);
            boolean load = accumulate || p0 > 0;
            packA(o, pa, i0, i1, p0, kc);
            for (int jp = 0; jp < panels; jp++) {
                int bIdx = jp * k * NR + p0 * NR;
                for (int t = 0; t < rowTiles; t++) {
                    int i = i0 + t * MR;
                    tile(o, buf, pa, t * kc * MR, bIdx, kc, i, Math.min(MR, i1 - i), jp * NR,
                         Math.min(NR, n - jp * NR), load);
                }
            }
        }
    }

    /** Packs A rows [i0, i1), depth [p0, p0 + kc) into micro-panels (rowTiles, kc, MR), zero past i1. */
    private static void packA(Operands o, float[] pa, int i0, int i1, int p0, int kc) {
        float[] a = o.a;
        int rs = o.aRowStride;
        int ds = o.aDepthStride;
        for (int t = 0, i = i0; i < i1; t++, i += MR) {
            int rows = Math.min(MR, i1 - i);
            int base = t * kc * MR;
            if (rows < MR) {
                java.util.Arrays.fill(pa, base, base + kc * MR, 0f);
            }
            for (int r = 0; r < rows; r++) {
                int src = o.aOff + (i + r) * rs + p0 * ds;
                for (int p = 0, dst = base + r; p < kc; p++, src += ds, dst += MR) {
                    pa[dst] = a[src];
                }
            }
        }
    }

    /**
     * One MR × NR tile of C. Ragged or transposed tiles are computed in scratch, so the kernel is always full
     * size and always writes contiguous rows.
     */
    private static void tile(Operands o, Buffers buf, float[] pa, int aIdx, int bIdx, int kc,
                             int i, int rows, int j, int cols, boolean load) {
        float[] c = o.c;
        int rs = o.cRowStride;
        int cs = o.cColStride;
        int cIdx = o.cOff + i * rs + j * cs;
        if (rows == MR && cols == NR && cs == 1) {
            kernel(pa, aIdx, o.packedB, bIdx, kc, c, cIdx, rs, load);
            return;
        }
        float[] s = buf.scratch; // (MR, NR)
        java.util.Arrays.fill(s, 0f);
        if (load) {
            for (int cc = 0; cc < cols; cc++) {
                for (int r = 0; r < rows; r++) {
                    s[r * NR + cc] = c[cIdx + r * rs + cc * cs];
                }
            }
        }
        kernel(pa, aIdx, o.packedB, bIdx, kc, s, 0, NR, true);
        for (int cc = 0; cc < cols; cc++) {
            for (int r = 0; r < rows; r++) {
                c[cIdx + r * rs + cc * cs] = s[r * NR + cc];
            }
        }
    }

    /**
     * c (MR, NR) at cIdx with row stride ldc [+]= pa (kc, MR) · pb (kc, NR). Six rows of two accumulators
     * each stay in registers for the whole k block; written out long-hand because C2 does not keep arrays
     * of vectors in registers.
     */
    private static void kernel(float[] pa, int aIdx, float[] pb, int bIdx, int kc,
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
        // One induction variable, indices linear in it: lets C2 hoist the bounds checks out of the loop.
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * MR;
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
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

    /** Packing buffers, one set per thread, grown on demand and then reused: no allocation per call. */
    private static final class Buffers {
        private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);
        private float[] packedA = new float[0];
        private float[] packedB = new float[0];
        final float[] scratch = new float[MR * NR]; // (MR, NR)

        static Buffers get() {
            return LOCAL.get();
        }

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }
}
