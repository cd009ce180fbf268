package org.latentatlas.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast GEMMs: Vector API register tiles, the work split over {@link Parallel}. Same contracts as
 * {@link ScalarGemm}; all matrices are row-major slices of flat arrays.
 *
 * <p>All three shapes reduce to one product {@code C (m, n) [+]= A (m, k) · B (k, n)} where A and B are read
 * through strides, so a transposed operand is only a different stride. The micro-kernel ({@link MicroKernel})
 * holds an {@code MR × 2}-vector tile of C in registers and updates it with one broadcast of A and two
 * {@code fma}s per row and step of k. It reads B from panels {@code NR = 2} vectors wide, {@code (k, NR)} row-major and
 * zero-padded past {@code n}, and A as {@code MR} rows contiguous along k: a row-major A (the weights in the
 * forward pass, dY in the input gradient) is read where it lies, unpacked; only a transposed A (dYᵀ in the
 * weight gradient, packed once per product where the parts all need it whole) and the ragged last row tile are
 * copied into that form. Ragged or transposed C tiles go through a small scratch tile, so the hot loop never
 * needs a mask.
 *
 * <p>Two shapes of work: a wide C ({@code m < n}: the input and weight gradients at batch 128) is split by
 * columns, and each part packs a B panel just before it uses it, so the panel never leaves L1; a tall C is
 * split by rows after B is packed once, shared (or, when B is one panel, once by each thread). Packing a transposed
 * B is a transpose of all of it (a full panel by gathers, a column of its stored rows at a time); so when
 * {@code m < n} and the product is deep ({@link #transposedC}) {@link #abT} computes {@code Cᵀ = b·aᵀ} instead,
 * which reads the weights in place and transposes only the smaller input, writing C's tiles transposed through
 * scratch. {@link #aTb} does the same for a tall C narrower than a panel ({@link #transposedWeightGradient}).
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
    /**
     * Rows per register tile ({@link MicroKernel} says why): 8 where a vector has 16 lanes (AVX-512, 32 registers),
     * else 6. {@code -Datlas.gemm.otherTile=true} takes the other, so the build tests both tiles against the oracle
     * on one machine (a tile too big for the register file spills: slow, never wrong).
     */
    static final int MR = (L >= 16) != Boolean.getBoolean("atlas.gemm.otherTile") ? 8 : 6;
    /** Depth of a k block: a B panel block (KC × NR floats) stays in L1 while A's row tiles stream by. */
    static final int KC = 256;
    /**
     * Depth of a k block when C is written transposed (see {@link #abT}): every block reloads and stores each
     * C tile through scratch, so fewer, deeper blocks; the B panel then streams from L2, which keeps up.
     */
    static final int KC_TRANSPOSED_C = 1024;
    /**
     * The micro-kernel's loop shape: the counted form on JDKs after 17 (measured on 25; 18–24 not measured), the
     * two-index form on 17 (see {@link MicroKernel}'s {@code kernel6}). {@code -Datlas.gemm.otherLoopShape=true}
     * flips it, so the build can test both shapes against the oracle on one JDK.
     */
    static final boolean COUNTED_LOOP =
            (Runtime.version().feature() > 17) != Boolean.getBoolean("atlas.gemm.otherLoopShape");
    /**
     * The floats of C the fused weight gradient ({@link #aTb} with an update) holds in scratch before handing them
     * over, where a block can be sliced that thin: 256 KiB, in L2 on the Zen 3 (512 KiB per core) and the Zen 4 (1 MiB)
     * alike, so the update reads the gradient from there; and a 16,384-wide layer does not make a gigabyte of scratch.
     */
    static final int REGION = 1 << 16;
    /** Below this many multiply-adds a fork costs more than it saves. */
    static final long PARALLEL_MIN_MACS = 1L << 17;
    /**
     * Parts per thread of a split product. Parts are claimed, so with several per thread a thread that starts
     * late, or is descheduled mid-job, leaves the others less to wait for: on the batch-128 benchmark the caller's
     * wait for the last part fell by a third to a half against one part per thread (docs/benchmark-history.md,
     * sixth round). There are never more parts than panels or row tiles, and the parts shrink toward the end
     * ({@link #bound}), so the last ones claimed, which decide how long the first thread to finish waits, are short
     * (with hardly more units than parts, one may come out empty, which costs nothing).
     */
    static final int PARTS_PER_THREAD = 4;

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
        abT(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, pool, transposedC(m, n, k));
    }

    /**
     * Whether {@link #abT} computes Cᵀ (below): when C has fewer rows than columns and the product is deeper than C
     * has rows. Computed directly, packing B transposes all n·k weights; computed as Cᵀ, the m·k inputs are transposed
     * instead and C's m·n elements go out through scratch, a cost that does not shrink with k. So a shallow product,
     * a latent layer's (k = 2 … 50), is cheaper direct (JMH, one thread, batch 128: 20 → 256 at 48 GFLOP/s as Cᵀ, 82
     * direct; 2 → 256 four times as fast; 128 → 256 10 % faster direct, 200 → 200 10 % slower; batch 32 and 64 cross
     * over at k ≈ m as well).
     */
    static boolean transposedC(int m, int n, int k) {
        return m < n && k > m;
    }

    static void abT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int m, int n, int k, boolean accumulate, Parallel pool, boolean transposedC) {
        if (transposedC) {
            // Packing B here is a transpose of n·k elements (~20 % of the time at batch 128 and 784 → 512 with the
            // scalar transpose of the first round).
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
        aTb(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, pool, transposedWeightGradient(m, n));
    }

    /**
     * Whether {@link #aTb} computes Cᵀ = bᵀ·a: when C is tall and narrower than a panel, a hidden layer's weight
     * gradient behind a latent layer (dW (256, 20) = dYᵀ·Z). Computed directly, every kernel call fills only n of
     * its NR columns, and A (dYᵀ, m·k) is transposed element by element into tiles; computed as Cᵀ (n, m), the
     * wide C fills all but its last row tile, its B (dY) packs by vector copies, and only the small Z (n·k) is
     * transposed. C's tiles then go out transposed through scratch, as {@link #abT}'s transposed C does.
     */
    static boolean transposedWeightGradient(int m, int n) {
        return m > n && n < NR;
    }

    static void aTb(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    int m, int n, int k, boolean accumulate, Parallel pool, boolean transposedC) {
        Operands o = weightGradient(a, aOff, b, bOff, c, cOff, m, n, transposedC);
        gemm(o, transposedC ? n : m, transposedC ? m : n, k, accumulate, pool);
    }

    /**
     * The operands of dW (m, n) = aᵀ·b, a (k, m) and b (k, n), C row-major at cOff, for {@link #gemm} to compute as
     * it is, (m, n), or transposed, (n, m). fma(b, a, c) == fma(a, b, c), so each element is the same chain either
     * way and the bits do not change.
     */
    private static Operands weightGradient(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m,
                                           int n, boolean transposedC) {
        if (transposedC) {
            // Bᵀ stored (k, n): logical (j, p) at p*n + j.  A (k, m): (p, i) at p*m + i.  Cᵀ (j, i) at i*n + j.
            return new Operands(b, bOff, 1, n, a, aOff, m, 1, c, cOff, 1, n);
        }
        // A stored (k, m): logical (i, p) at p*m + i.  B (k, n): (p, j) at p*n + j.
        return new Operands(a, aOff, 1, m, b, bOff, n, 1, c, cOff, n, 1);
    }

    /**
     * The weight gradient fused with the optimizer: dW (m, n) = aᵀ · b for the weights at {@code wOff} (row-major,
     * n per row; dW's row i is the weights' row {@code rowOf[i]}, or i when rowOf is null), each block computed into
     * scratch and handed to {@code update} instead of being written. k is not
     * blocked (one pass per tile, so every tile is final when it leaves the kernel): at batch 128 a panel is 16 KiB
     * and sits in L1 as with the written product; at batch 512, 64 KiB, it streams from L2.
     */
    static void aTb(float[] a, int aOff, float[] b, int bOff, WeightUpdate update, int wOff, int[] rowOf, int m, int n,
                    int k, Parallel pool) {
        aTb(a, aOff, b, bOff, update, wOff, rowOf, m, n, k, pool, REGION);
    }

    /** As above, the region bounded at {@code region} floats, not {@link #REGION}: tests reach the slices. */
    static void aTb(float[] a, int aOff, float[] b, int bOff, WeightUpdate update, int wOff, int[] rowOf, int m, int n,
                    int k, Parallel pool, int region) {
        if (k <= 0) {
            throw new IllegalArgumentException("a weight gradient over " + k + " examples has nothing to update from");
        }
        boolean transposedC = transposedWeightGradient(m, n);
        Operands o = weightGradient(a, aOff, b, bOff, null, wOff, m, n, transposedC);
        o.update = update;
        o.rowOf = rowOf;
        o.region = region;
        gemm(o, transposedC ? n : m, transposedC ? m : n, k, false, pool);
    }

    /** {i · stride} for i < count: the index map of a gather or scatter whose elements lie {@code stride} apart. */
    static int[] strideOffsets(int count, int stride) {
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = i * stride;
        }
        return offsets;
    }

    /** The operands of one call, with the strides that make every shape look like A (m, k) · B (k, n). */
    private static final class Operands {
        final float[] a, b, c;
        final int aOff, aRowStride, aDepthStride;
        final int bOff, bDepthStride, bColStride;
        final int cOff, cRowStride, cColStride;
        /** Deepest k block: shallow when C tiles go straight to registers, deep when they go via scratch. */
        final int kcMax;
        /** Where C's tiles go instead of C (which is then null), or null: see the fused {@link #aTb}. */
        WeightUpdate update;
        /** With an update: the weights' row of each row of C, or null for row i itself. */
        int[] rowOf;
        /** With an update: the floats of C a block holds in scratch before handing them over, where it can slice. */
        int region = REGION;
        final Target target;
        /** A transposed and packed once for all parts, or null: k block b's tiles at b·kcBlock·tiles·MR. */
        float[] packedA; // (k blocks, tiles, MR, kc)

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
            this.target = new Target(c, cOff, cRowStride, cColStride);
        }

        /**
         * The depth of this product's k blocks, all equal but the last (784 = 4 × 196, not 3 × 256 + 16: a thin last
         * block would cost a C round trip for little). {@link #computeBlock} blocks k by it, and {@link #packSharedA}
         * lays A out by it.
         */
        int kcBlock(int k) {
            if (update != null) {
                return k;
            }
            int blocks = (k + kcMax - 1) / kcMax;
            return (k + blocks - 1) / blocks;
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
        int most = parts((long) m * n * k, pool);
        if (m < n) {
            // Wide C: the parts take contiguous ranges of B's panels and pack each panel themselves just before
            // using it, so a panel goes from B through L1 into the kernel and is never written back to memory.
            int parts = Math.min(most, panels);
            if (parts > 1 && o.aDepthStride != 1) {
                // A transposed (the weight gradient's dYᵀ) is needed whole by every part: packed once, shared.
                // Packed per part, it would be redone eight times on two threads (JMH, 784 → 512 weight gradient,
                // two threads: 98–108 GFLOP/s packed per part, 130 shared).
                packSharedA(o, m, k, rowTiles, pool, most);
            }
            pool.forEach(parts, part -> computeBlock(o, 0, m, bound(panels, part, parts),
                    bound(panels, part + 1, parts), n, k, accumulate, null));
            return;
        }
        // Tall C: every part needs every panel, and the parts take ranges of rows.
        int rowParts = Math.min(most, rowTiles);
        if (panels == 1 && rowParts > 1) {
            // One panel (C narrower than NR: a latent layer's input gradient, dX (128, 20)): each thread packs its
            // own copy with its first part. Packed once and shared, the panel crossed between the cores twice a
            // call, read by the other core and then written over by the packing one, which waited for every line
            // (two threads, dY (128, 256) · W (256, 20): ~4.8 µs before the fork against 1.4 µs on one thread).
            boolean[] packed = new boolean[pool.threads()]; // by participant: its copy is this product's
            pool.forEach(rowParts, part -> computeBlock(o, rowTileStart(m, rowTiles, part, rowParts),
                    rowTileStart(m, rowTiles, part + 1, rowParts), 0, 1, n, k, accumulate,
                    ownPanel(o, packed, pool.participant(), k, n)));
            return;
        }
        // B packed once, shared.
        float[] packedB = GemmBuffers.get().packedB(panels * k * NR); // (panels, k, NR)
        int packParts = Math.min(Math.min(most, pool.threads()), panels);
        pool.forEach(packParts, part -> {
            for (int jp = part; jp < panels; jp += packParts) {
                packPanel(o, packedB, jp * k * NR, jp, 0, k, n);
            }
        });
        pool.forEach(rowParts, part -> computeBlock(o, rowTileStart(m, rowTiles, part, rowParts),
                rowTileStart(m, rowTiles, part + 1, rowParts), 0, panels, n, k, accumulate, packedB));
    }

    /** The first row of part {@code part} of {@code parts} of a tall C: a row tile's ({@link #bound}), m at most. */
    private static int rowTileStart(int m, int rowTiles, int part, int parts) {
        return Math.min(m, bound(rowTiles, part, parts) * MR);
    }

    /**
     * The calling thread's copy of B's one panel (k, NR) for this product: packed into the thread's buffer by its
     * first part ({@code packed[participant]} false), reused by its others.
     */
    private static float[] ownPanel(Operands o, boolean[] packed, int participant, int k, int n) {
        float[] panel = GemmBuffers.get().packedB(k * NR);
        if (!packed[participant]) {
            packPanel(o, panel, 0, 0, 0, k, n);
            packed[participant] = true;
        }
        return panel;
    }

    /**
     * Packs all of a transposed A into {@code o.packedA} in {@link #computeBlock}'s layout (per k block, its tiles
     * (MR, kc) one after another), the row tiles split over the pool.
     */
    private static void packSharedA(Operands o, int m, int k, int rowTiles, Parallel pool, int most) {
        int kcBlock = o.kcBlock(k);
        float[] pa = GemmBuffers.get().sharedA(rowTiles * MR * k);
        int packParts = Math.min(Math.min(most, pool.threads()), rowTiles);
        pool.forEach(packParts, part -> {
            for (int p0 = 0; p0 < k; p0 += kcBlock) {
                int kc = Math.min(kcBlock, k - p0);
                for (int t = part; t < rowTiles; t += packParts) {
                    packTile(o, pa, p0 * rowTiles * MR + t * MR * kc, t * MR, Math.min(MR, m - t * MR), p0, kc);
                }
            }
        });
        o.packedA = pa;
    }

    /**
     * How many parts a product of {@code macs} multiply-adds may be split into: one below
     * {@link #PARALLEL_MIN_MACS}, else {@link #PARTS_PER_THREAD} per thread, but at least a fork's worth of work each
     * beyond one per thread (the digits model's 64 × 128 × 64 products: four parts, not eight).
     */
    private static int parts(long macs, Parallel pool) {
        int threads = pool.threads();
        if (threads == 1 || macs < PARALLEL_MIN_MACS) {
            return 1;
        }
        return (int) Math.min(PARTS_PER_THREAD * threads, Math.max(threads, macs / PARALLEL_MIN_MACS));
    }

    /**
     * Where part {@code part} of {@code parts} starts in [0, units): part p gets a share proportional to parts − p, so
     * the parts claimed last are the smallest and whichever thread finishes first waits less for the other.
     */
    static int bound(int units, int part, int parts) {
        long done = (long) part * parts - (long) part * (part - 1) / 2; // Σ over q < part of (parts − q)
        return (int) (units * done / ((long) parts * (parts + 1) / 2));
    }

    /** Packs B's columns [jp·NR, jp·NR + NR), depth [p0, p0 + kc) into pb at dst as (kc, NR), zero past n. */
    private static void packPanel(Operands o, float[] pb, int dst, int jp, int p0, int kc, int n) {
        float[] b = o.b;
        int j0 = jp * NR;
        int cols = Math.min(NR, n - j0);
        int first = o.bOff + p0 * o.bDepthStride + j0 * o.bColStride;
        if (o.bColStride == 1 && cols == NR) {
            // B rows are contiguous along n: copy two vectors per step of k.
            for (int p = 0, src = first, d = dst; p < kc; p++, src += o.bDepthStride, d += NR) {
                FloatVector.fromArray(S, b, src).intoArray(pb, d);
                FloatVector.fromArray(S, b, src + L).intoArray(pb, d + L);
            }
            return;
        }
        if (o.bColStride == 1) {
            // A ragged last panel (a thinned layer's live units are any number, the decoder's first layer 20 wide):
            // each row's run copied whole onto a zeroed panel. Masked vector loads, which JDK 25 compiles well, took
            // ~27 ns a row on JDK 17, 3–4 times this (a 256-deep panel: 7 µs against 2; nineteenth round).
            java.util.Arrays.fill(pb, dst, dst + kc * NR, 0f);
            for (int p = 0, src = first, d = dst; p < kc; p++, src += o.bDepthStride, d += NR) {
                System.arraycopy(b, src, pb, d, cols);
            }
            return;
        }
        if (o.bDepthStride == 1 && cols == NR) {
            // B stored transposed (the transposed-C forward pass's input): a step of k gathers one column of the
            // panel's NR stored rows, so those rows are read down together, each a stream the prefetcher follows.
            int[] rows = GemmBuffers.get().rowOffsets(o.bColStride);
            for (int p = 0, src = first, d = dst; p < kc; p++, src++, d += NR) {
                FloatVector.fromArray(S, b, src, rows, 0).intoArray(pb, d);
                FloatVector.fromArray(S, b, src + L * o.bColStride, rows, 0).intoArray(pb, d + L);
            }
            return;
        }
        if (cols < NR) {
            java.util.Arrays.fill(pb, dst, dst + kc * NR, 0f);
        }
        // A ragged transposed panel, column by column: each read is a sequential run of a stored row of b.
        for (int jj = 0; jj < cols; jj++) {
            int src = first + jj * o.bColStride;
            for (int p = 0, d = dst + jj; p < kc; p++, src += o.bDepthStride, d += NR) {
                pb[d] = b[src];
            }
        }
    }

    /**
     * Computes C rows [i0, i1) × panels [jp0, jp1), one k block at a time. The kernel reads A as MR rows, each
     * contiguous along k: a row-major A (the forward pass's weights, the input gradient's dY) is read in place,
     * without packing; a transposed A (the weight gradient's dYᵀ) and ragged tiles are first copied into that
     * form. B comes either packed already, all of it, in {@code packedB} (panels, k, NR), or, when that is null, is
     * packed here a panel at a time into an L1-sized buffer; with B packed, whichever operand is larger is swept once
     * in the outer loop while the smaller is reread from cache.
     */
    private static void computeBlock(Operands o, int i0, int i1, int jp0, int jp1, int n, int k,
                                     boolean accumulate, float[] packedB) {
        boolean packPanels = packedB == null;
        boolean canSlice = packPanels ? jp1 - jp0 > 1 : i1 - i0 > MR;
        if (o.update != null && canSlice && (long) (i1 - i0) * (Math.min(n, jp1 * NR) - jp0 * NR) > o.region) {
            // The fused weight gradient's region is bounded: the block goes in slices, by panels when the part packs
            // its own B panels (A shared by all parts, or by one part's slices, which then repack it), else by row
            // tiles (each slice packs its own A tiles). One panel or one row tile is the least a slice holds: past
            // 2,048 rows (AVX-512) or 8,192 columns the region grows beyond the bound rather than recurse forever.
            if (packPanels) {
                int step = (int) Math.max(1, o.region / ((long) (i1 - i0) * NR));
                for (int jp = jp0; jp < jp1; jp += step) {
                    computeBlock(o, i0, i1, jp, Math.min(jp1, jp + step), n, k, accumulate, null);
                }
            } else {
                int step = (int) Math.max(1, o.region / ((long) n * MR)) * MR;
                for (int i = i0; i < i1; i += step) {
                    computeBlock(o, i, Math.min(i1, i + step), jp0, jp1, n, k, accumulate, packedB);
                }
            }
            return;
        }
        GemmBuffers buf = GemmBuffers.get();
        int rowTiles = (i1 - i0 + MR - 1) / MR;
        int kcBlock = o.kcBlock(k);
        boolean inPlace = o.aDepthStride == 1;
        boolean shared = o.packedA != null; // then i0 = 0: this block's tiles are A's, packed by packSharedA
        float[] pa = shared ? o.packedA : buf.packedA((inPlace ? 1 : rowTiles) * MR * kcBlock); // (tiles, MR, kc)
        float[] panel = packPanels ? buf.panel(kcBlock * NR) : packedB; // (kc, NR) or (panels, k, NR)
        boolean rowsOuter = !packPanels && i1 - i0 > n;
        int outer = rowsOuter ? rowTiles : jp1 - jp0;
        int inner = rowsOuter ? jp1 - jp0 : rowTiles;
        int width = Math.min(n, jp1 * NR) - jp0 * NR; // C columns of this block
        // The fused weight gradient (k in one block) goes to a region of scratch holding this block's C, so that the
        // update then streams the weights and moments in long runs while the gradient is still in L2.
        Target target = o.update == null ? o.target
                : regionTarget(o, buf.region((i1 - i0) * width), i0, i1, jp0, width);
        for (int p0 = 0; p0 < k; p0 += kcBlock) {
            int kc = Math.min(kcBlock, k - p0);
            boolean load = accumulate || p0 > 0;
            if (!inPlace && !shared) {
                for (int t = 0; t < rowTiles; t++) {
                    packTile(o, pa, t * MR * kc, i0 + t * MR, Math.min(MR, i1 - i0 - t * MR), p0, kc);
                }
            } else if (inPlace && (i1 - i0) % MR != 0) {
                int last = rowTiles - 1; // the ragged last tile, zero-padded once per k block
                packTile(o, pa, 0, i0 + last * MR, i1 - i0 - last * MR, p0, kc);
            }
            for (int u = 0; u < outer; u++) {
                if (packPanels) {
                    packPanel(o, panel, 0, jp0 + u, p0, kc, n);
                }
                for (int w = 0; w < inner; w++) {
                    int t = rowsOuter ? u : w;
                    int jp = jp0 + (rowsOuter ? w : u);
                    int i = i0 + t * MR;
                    int rows = Math.min(MR, i1 - i);
                    float[] a = pa; // packed: tile t, or in place only the ragged tile, at 0
                    int aIdx = inPlace ? 0 : (shared ? p0 * rowTiles * MR : 0) + t * MR * kc;
                    int aRowStride = kc;
                    if (inPlace && rows == MR) {
                        a = o.a;
                        aIdx = o.aOff + i * o.aRowStride + p0;
                        aRowStride = o.aRowStride;
                    }
                    int bIdx = packPanels ? 0 : jp * k * NR + p0 * NR;
                    tile(target, buf, a, aIdx, aRowStride, panel, bIdx, kc, i, rows, jp * NR, Math.min(NR, n - jp * NR),
                         load);
                }
            }
        }
        if (o.update != null && width > 0) {
            handOver(o, target.c, i0, i1, jp0, width);
        }
    }

    /**
     * Where the fused weight gradient's block of C (rows [i0, i1), columns [jp0·NR, jp0·NR + width)) goes: a region
     * holding the block as dW's rows, row-major, which for a transposed weight gradient are C's columns.
     */
    private static Target regionTarget(Operands o, float[] region, int i0, int i1, int jp0, int width) {
        if (o.cColStride == 1) {
            return new Target(region, -(i0 * width + jp0 * NR), width, 1);
        }
        int rows = i1 - i0; // dW's columns
        return new Target(region, -(jp0 * NR * rows + i0), 1, rows);
    }

    /** Hands a block's dW, in the region as {@link #regionTarget} laid it out, to the update. */
    private static void handOver(Operands o, float[] region, int i0, int i1, int jp0, int width) {
        if (o.cColStride == 1) {
            int first = o.cOff + jp0 * NR + (o.rowOf == null ? i0 * o.cRowStride : 0);
            o.update.apply(region, 0, width, first, o.cRowStride, i1 - i0, width, o.rowOf, i0);
            return;
        }
        // Transposed: the block is dW's rows [jp0·NR, jp0·NR + width), columns [i0, i1); a row of dW is cColStride.
        int first = o.cOff + i0 + (o.rowOf == null ? jp0 * NR * o.cColStride : 0);
        o.update.apply(region, 0, i1 - i0, first, o.cColStride, width, i1 - i0, o.rowOf, jp0 * NR);
    }

    /** Where a product's C tiles go: C itself, or the fused weight gradient's region of scratch. */
    private record Target(float[] c, int off, int rowStride, int colStride) {}

    /**
     * Copies A rows [i, i + rows), depth [p0, p0 + kc) into pa at dst as (MR, kc) row-major, zero rows past
     * {@code rows}. Walks along k in the outer loop: for a transposed A the MR values of one k are adjacent.
     */
    private static void packTile(Operands o, float[] pa, int dst, int i, int rows, int p0, int kc) {
        float[] a = o.a;
        int rs = o.aRowStride;
        int ds = o.aDepthStride;
        if (rows < MR) {
            java.util.Arrays.fill(pa, dst + rows * kc, dst + MR * kc, 0f);
        }
        int src = o.aOff + i * rs + p0 * ds;
        for (int p = 0; p < kc; p++, src += ds) {
            for (int r = 0; r < rows; r++) {
                pa[dst + r * kc + p] = a[src + r * rs];
            }
        }
    }

    /**
     * One MR × NR tile of C, A's rows at {@code a[aIdx + r·aRowStride + p]}. Ragged or transposed tiles of C
     * are computed in scratch, so the kernel is always full size and always writes contiguous rows.
     */
    private static void tile(Target t, GemmBuffers buf, float[] a, int aIdx, int aRowStride, float[] pb, int bIdx,
                             int kc, int i, int rows, int j, int cols, boolean load) {
        float[] c = t.c;
        int rs = t.rowStride;
        int cs = t.colStride;
        int cIdx = t.off + i * rs + j * cs;
        if (rows == MR && cols == NR && cs == 1) {
            MicroKernel.kernel(a, aIdx, aRowStride, pb, bIdx, kc, c, cIdx, rs, load);
            return;
        }
        float[] s = buf.scratch; // (MR, NR)
        if (load) {
            java.util.Arrays.fill(s, 0f);
            copyTile(c, cIdx, rs, cs, s, rows, cols, true);
        }
        MicroKernel.kernel(a, aIdx, aRowStride, pb, bIdx, kc, s, 0, NR, load);
        if (rows == MR && cols == NR && rs == 1) {
            MicroKernel.storeTransposed(s, c, cIdx, cs);
            return;
        }
        copyTile(c, cIdx, rs, cs, s, rows, cols, false);
    }

    /**
     * Copies a ragged tile between C and the scratch tile s (MR, NR): s ← C when {@code toScratch}, else C ← s. A
     * row-major C goes a row at a time, whose {@code cols} floats are a run on both sides (the 20-column products of a
     * 20-dimensional latent space spent more time in the element-wise copy than in the kernel: the 20→256 weight
     * gradient, one thread, 49 → 43 µs).
     */
    private static void copyTile(float[] c, int cIdx, int rs, int cs, float[] s, int rows, int cols,
                                 boolean toScratch) {
        if (cs == 1) {
            for (int r = 0; r < rows; r++) {
                if (toScratch) {
                    System.arraycopy(c, cIdx + r * rs, s, r * NR, cols);
                } else {
                    System.arraycopy(s, r * NR, c, cIdx + r * rs, cols);
                }
            }
            return;
        }
        for (int cc = 0; cc < cols; cc++) {
            for (int r = 0; r < rows; r++) {
                if (toScratch) {
                    s[r * NR + cc] = c[cIdx + r * rs + cc * cs];
                } else {
                    c[cIdx + r * rs + cc * cs] = s[r * NR + cc];
                }
            }
        }
    }
}
