package org.latentatlas.math;

import java.util.Arrays;

/**
 * A batch of inputs that is mostly zeros, indexed by rows and by columns, and the first layer's two products
 * that read it: {@code y = x·Wᵀ} and {@code dW = dyᵀ·x}. Binarized images are mostly zeros (MNIST sampled with
 * each pixel as its probability: 87 %, which the benchmark's Bernoulli(0.13) inputs mimic), a zero input adds
 * nothing to either product, and those two GEMMs are a fifth of a 784-512-256-20 training step; so where a batch
 * is sparse enough, these skip the zeros. The input gradient is never needed for the data layer.
 *
 * <p><b>Same bits as the dense GEMMs.</b> {@link VectorGemm} computes every element as one chain
 * {@code c = fma(a, b, c)} in ascending k from +0. Skipping a term whose x is ±0 leaves that chain unchanged:
 * fma(±0, w, c) = c for c ≠ 0, and a chain that starts at +0 never reaches −0. So y and dW are bitwise the dense
 * ones for every finite weight (a NaN or ±∞ weight meets a zero x only in the dense product; the divergence guard
 * stops training long before). NaN and ±∞ inputs are kept, not skipped.
 *
 * <p>The forward product reads W transposed, so that one input's contribution is a contiguous run; the
 * transpose is redone every call because training changes W every step. One instance per {@code Mlp}: it
 * holds the last batch's index until the backward pass, so it is not thread-safe.
 */
public final class SparseBatch {
    /**
     * Densest batch still indexed: above it the dense GEMMs are faster. Measured on AVX2 at 784 → 512, batch 128,
     * one thread: the index and the two sparse products together cost 0.64× the dense pair at 13 % non-zeros,
     * 0.73× at 20 % and 1.0× at 30 % (binarized Fashion-MNIST is ~29 % ones, so it stays dense).
     */
    static final double MAX_DENSITY = 0.25;
    /** {@code -Datlas.sparseInput=false} turns the sparse path off, to compare against the dense GEMMs. */
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("atlas.sparseInput"));
    /**
     * Below this batch the dense GEMMs run: transposing W and every dW tile costs in·out whatever the batch,
     * while skipping zeros saves in proportion to it. At 784 → 512 with 13 % non-zeros, one thread, the sparse
     * path costs 1.09× the dense pair at batch 32, 0.90× at 48 and 0.76× at 64.
     */
    static final int MIN_BATCH = 48;
    /**
     * Above this batch the dense GEMMs run: whole-dataset encodes (60,000 rows) would otherwise hold an index of
     * up to 190 MB for a pass made once.
     */
    static final int MAX_BATCH = 4096;

    /** Columns of x per weight-gradient group: one 64-byte cache line of each row of dW, a whole number of vectors. */
    static final int GROUP = 16;
    /**
     * Where the forward pass's slabs start in {@code weightsT}: 12 floats (48 bytes) in. At 784 → 512 the array is
     * 1.6 MB, which G1 allocates as a humongous object with the heaps ./atlas and bench/run give it: it starts on a
     * region boundary and its data 16 bytes (the array header) after that, so the slab rows (CHUNK floats, 256 bytes)
     * would each begin 16 bytes into a cache line and every other 32-byte load would straddle two lines. 48 bytes more
     * put the rows on line boundaries: the forward pass at batch 128 took 900 → 615 µs on one thread, 380 → 347 on two
     * (docs/benchmark-history.md, twelfth round). Where the array lands elsewhere the offset is as good as any
     * other.
     */
    private static final int SLAB_OFFSET = 12;

    private int batch;
    private int in;
    private int nnz;
    /** (batch + 1) row i's non-zeros at [rowStart[i], rowEnd(i)); the slot at rowEnd(i) is row i's slack. */
    private int[] rowStart = new int[1];
    private int[] rowCols = new int[0];  // (nnz + batch) column of each non-zero, ascending within a row
    private float[] rowVals = new float[0]; // (nnz + batch)
    private int[] colStart = new int[1]; // (in + 1) column p's non-zeros at [colStart[p], colStart[p+1])
    private float[] partColumnCounts = new float[0]; // (parts, in) each part's non-zeros per column, counted in floats
    private int[] partColumnNext = new int[0]; // (parts, in) the next free slot of each column for each part's rows
    private int[] colRows = new int[0];  // (nnz) row of each non-zero, ascending within a column
    private float[] colVals = new float[0]; // (nnz)
    private float[] weightsT = new float[0]; // (SLAB_OFFSET + slabs·in·CHUNK) the forward pass's W, a slab (in, CHUNK) per participant
    /** (L) i · in for i < L: the slab gathers' offsets down a column of W; rebuilt by forward when in changes. */
    private int[] rowOffsets = new int[2]; // {0, 0} until the first forward (in ≥ 1)
    private boolean indexed;
    private final Parallel fixedPool; // null: Parallel.shared() at each call
    private final int minBatch;

    public SparseBatch() {
        this(null, MIN_BATCH);
    }

    /**
     * Products split over {@code pool}, batches from {@code minBatch} rows indexed: tests compare thread counts
     * and reach the ragged edges on small batches.
     */
    SparseBatch(Parallel pool, int minBatch) {
        this.fixedPool = pool;
        this.minBatch = minBatch;
    }

    private Parallel pool() {
        return fixedPool != null ? fixedPool : Parallel.shared();
    }

    /**
     * Indexes x (batch, in) when it is sparse enough for {@link #forward} and {@link #weightGradient} to beat the
     * dense GEMMs; returns whether it did. On false, nothing is indexed and the caller uses the dense GEMMs.
     */
    public boolean index(float[] x, int batch, int in) {
        indexed = false;
        if (!ENABLED || !Gemm.isVectorized() || batch < minBatch || batch > MAX_BATCH || in < 1) {
            return false;
        }
        if (rowStart.length < batch + 1) {
            rowStart = new int[batch + 1];
        }
        this.batch = batch;
        this.in = in;
        Parallel pool = pool();
        int parts = Math.min(batch, 4 * pool.threads());
        if (partColumnCounts.length < parts * in) {
            partColumnCounts = new float[parts * in];
            partColumnNext = new int[parts * in];
        }
        // rowStart[i + 1] = row i's count first, then the running sum: each row also gets one slot of slack, for
        // the branch-free compaction's write past its last non-zero (rows are compacted in parallel). Each part also
        // counts its rows' non-zeros per column, so that the column index can be sorted in parallel too.
        pool.forEach(parts, part -> {
            Arrays.fill(partColumnCounts, part * in, (part + 1) * in, 0f);
            for (int i = batch * part / parts; i < batch * (part + 1) / parts; i++) {
                rowStart[i + 1] = SparseLanes.countNonZeros(x, i * in, in, partColumnCounts, part * in);
            }
        });
        long nonZeros = 0;
        for (int i = 0; i < batch; i++) {
            nonZeros += rowStart[i + 1];
            rowStart[i + 1] += rowStart[i] + 1;
        }
        if (nonZeros > MAX_DENSITY * batch * in) {
            return false;
        }
        nnz = (int) nonZeros;
        if (rowCols.length < nnz + batch) {
            rowCols = new int[nnz + batch];
            rowVals = new float[nnz + batch];
        }
        columnSlots(parts);
        pool.forEach(parts, part -> {
            int i0 = batch * part / parts;
            int i1 = batch * (part + 1) / parts;
            indexRows(x, i0, i1);
            indexColumns(i0, i1, part * in);
        });
        indexed = true;
        return true;
    }

    /** Whether the last {@link #index} call indexed its batch. */
    public boolean isIndexed() {
        return indexed;
    }

    /** The indexed batch's fraction of non-zero inputs. */
    public double density() {
        return indexed ? (double) nnz / ((long) batch * in) : Double.NaN;
    }

    /**
     * 1 for every x but ±0 (NaN included: it must reach the output as in the dense product), without a branch:
     * a data-dependent branch mispredicted on one pixel in seven cost more than the rest of the index.
     */
    static int nonZero(float v) {
        return ((Float.floatToRawIntBits(v) & 0x7fffffff) + 0x7fffffff) >>> 31;
    }

    /** Compacts rows [i0, i1) of x: row i's non-zeros, columns ascending, into its span from rowStart[i]. */
    private void indexRows(float[] x, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int e = rowStart[i];
            for (int p = 0, src = i * in; p < in; p++, src++) {
                float v = x[src];
                rowCols[e] = p; // written at every p, kept only when v is not zero: no branch
                rowVals[e] = v;
                e += nonZero(v);
            }
            if (e != rowEnd(i)) { // the count and the compaction must agree on what is zero
                throw new IllegalStateException("row " + i + ": counted " + (rowEnd(i) - rowStart[i])
                        + " non-zeros, compacted " + (e - rowStart[i]));
            }
        }
    }

    /** One past row i's last non-zero: every row is followed by one slot of slack. */
    private int rowEnd(int i) {
        return rowStart[i + 1] - 1;
    }

    /**
     * The column index's layout, a counting sort of the non-zeros by column: colStart from the parts' column counts,
     * and where each part's rows begin within each column (after the parts before it, so that every column lists its
     * rows ascending, as a serial sort would). Serial: parts · in additions.
     */
    private void columnSlots(int parts) {
        if (colStart.length < in + 1) {
            colStart = new int[in + 1];
        }
        if (colRows.length < nnz) {
            colRows = new int[nnz];
            colVals = new float[nnz];
        }
        int total = 0;
        for (int p = 0; p < in; p++) {
            colStart[p] = total;
            for (int part = 0; part < parts; part++) {
                partColumnNext[part * in + p] = total;
                total += (int) partColumnCounts[part * in + p]; // exact: a part has at most MAX_BATCH rows
            }
        }
        colStart[in] = total;
        if (total != nnz) { // the row and column counts must agree on what is zero
            throw new IllegalStateException("counted " + nnz + " non-zeros by rows, " + total + " by columns");
        }
    }

    /** Files rows [i0, i1)'s compacted non-zeros under their columns, from the part's slots at {@code next}. */
    private void indexColumns(int i0, int i1, int next) {
        for (int i = i0; i < i1; i++) {
            for (int e = rowStart[i]; e < rowEnd(i); e++) {
                int slot = partColumnNext[next + rowCols[e]]++;
                colRows[slot] = i;
                colVals[slot] = rowVals[e];
            }
        }
    }

    private void requireIndexed(String what) {
        if (!indexed) {
            throw new IllegalStateException(what + " needs a batch indexed by SparseBatch.index first");
        }
    }

    /** y (batch, out) = x · Wᵀ, W (out, in) at {@code w[wOff]}: a linear layer's forward pass without the bias. */
    public void forward(float[] w, int wOff, int out, float[] y) {
        requireIndexed("forward");
        int chunk = SparseLanes.CHUNK;
        int chunks = (out + chunk - 1) / chunk;
        Parallel pool = pool();
        // Each participant transposes into a slab of its own, again for each of its chunks, so that the slab's lines are
        // still in its cache (with a slab per chunk, the 784 → 512 forward's median in a training step was ~10 % longer
        // in alternating runs). The array keeps room for a slab per chunk all the same: it stays as large as it was,
        // humongous at 784 → 512 (see SLAB_OFFSET).
        int slabs = Math.max(chunks, pool.threads());
        if (weightsT.length < SLAB_OFFSET + slabs * in * chunk) {
            weightsT = new float[SLAB_OFFSET + slabs * in * chunk];
        }
        if (rowOffsets[1] != in) { // here, before the fork: the parts only read it
            rowOffsets = SparseLanes.rowOffsets(in);
        }
        int parts = Math.min(chunks, 4 * pool.threads());
        pool.forEach(parts, part -> {
            int slab = SLAB_OFFSET + pool.participant() * in * chunk;
            for (int c = chunks * part / parts; c < chunks * (part + 1) / parts; c++) {
                int j0 = c * chunk;
                int width = Math.min(chunk, out - j0);
                transposeSlab(w, wOff + j0 * in, width, slab);
                // The slab (in, CHUNK) stays in cache while every row of x reads its non-zeros' runs from it.
                for (int i = 0; i < batch; i++) {
                    SparseLanes.sparseSum(rowCols, rowVals, rowStart[i], rowEnd(i), weightsT, slab, chunk, width,
                            y, i * out + j0);
                }
            }
        });
    }

    /**
     * y (batch, out) = x · W for W stored input-major, (in, out) at {@code w[wOff]}: {@link #forward} for a weight kept
     * transposed, which reads each non-zero's run of W where it lies instead of transposing W first. The same chains
     * in the same order, so the same bits.
     */
    public void forwardInputMajor(float[] w, int wOff, int out, float[] y) {
        requireIndexed("forward");
        int chunk = SparseLanes.CHUNK;
        int chunks = (out + chunk - 1) / chunk;
        Parallel pool = pool();
        int parts = Math.min(chunks, 4 * pool.threads());
        pool.forEach(parts, part -> {
            for (int c = chunks * part / parts; c < chunks * (part + 1) / parts; c++) {
                int j0 = c * chunk;
                int width = Math.min(chunk, out - j0);
                // The chunk's columns of W (in rows of CHUNK floats, out apart) stay in cache while every row of x
                // reads its non-zeros' runs from them.
                for (int i = 0; i < batch; i++) {
                    SparseLanes.sparseSum(rowCols, rowVals, rowStart[i], rowEnd(i), w, wOff + j0, out, width, y, i * out + j0);
                }
            }
        });
    }

    /**
     * weightsT[slab + p·CHUNK + jj] = W[jj, p] for W's rows jj < width starting at w[src]: the slab is W's rows
     * for one chunk of outputs, transposed. A whole number of vectors goes by gathers, one vector of rows at a time
     * (so that 16 or 8 rows are read down together, each a stream the prefetcher follows); a ragged chunk, whose
     * writes would not fill a vector, element by element.
     */
    private void transposeSlab(float[] w, int src, int width, int slab) {
        if (width % SparseLanes.L == 0) {
            SparseLanes.transposeSlab(w, src, in, width, rowOffsets, weightsT, slab);
            return;
        }
        int chunk = SparseLanes.CHUNK;
        float[] wt = weightsT;
        for (int p = 0; p < in; p++) {
            int dst = slab + p * chunk;
            for (int jj = 0, s = src + p; jj < width; jj++, s += in) {
                wt[dst + jj] = w[s];
            }
        }
    }

    /**
     * dW (out, in) at {@code dw[dwOff]} = dyᵀ (out, batch) · x (batch, in): a linear layer's weight gradient, written
     * (every element, zero where x's column is all zeros). Work goes by blocks of CHUNK rows of dW (CHUNK columns of
     * dy, every row of dy), and within one by groups of GROUP columns of dW: each column's sum of dy runs over its
     * non-zeros goes into a small transposed scratch tile (GROUP, CHUNK), which is then written to dW's
     * (CHUNK, GROUP) tile, a cache line per row.
     */
    public void weightGradient(float[] dy, int out, float[] dw, int dwOff) {
        weightGradient(dy, out, dw, dwOff, null);
    }

    /**
     * As above for a dy that holds only some of the layer's outputs: dy's column j is output {@code rowOf[j]}, whose
     * row of dW is the one written; the other rows (outputs silent for the whole batch, whose gradients are all zero)
     * are left to the caller.
     */
    public void weightGradient(float[] dy, int out, float[] dw, int dwOff, int[] rowOf) {
        weightGradient(dy, out, dw, dwOff, rowOf, null);
    }

    /**
     * As above, but each tile of dW is handed to {@code update} for the weights at {@code wOff} (out, in) instead of
     * being written ({@link WeightUpdate}): the caller claims them first, and updates the silent outputs' rows
     * (those not in {@code rowOf}) itself.
     */
    public void weightGradient(float[] dy, int out, WeightUpdate update, int wOff, int[] rowOf) {
        weightGradient(dy, out, null, wOff, rowOf, update);
    }

    private void weightGradient(float[] dy, int out, float[] dw, int dwOff, int[] rowOf, WeightUpdate update) {
        requireIndexed("weightGradient");
        int chunk = SparseLanes.CHUNK;
        int blocks = (out + chunk - 1) / chunk;
        int groups = (in + GROUP - 1) / GROUP;
        Parallel pool = pool();
        int parts = Math.min(blocks, 4 * pool.threads());
        int sliceGroups = Math.max(1, VectorGemm.REGION / (chunk * GROUP));
        pool.forEach(parts, part -> {
            float[] g = Scratch.get(GROUP * chunk); // (GROUP, CHUNK): one tile's sums, transposed
            // With an update, a block's rows of dW gather here, a slice of columns at a time (VectorGemm.REGION
            // floats at most), and go to it whole: it then streams the weights and moments in runs of a slice's width,
            // where a tile's 16 columns would fetch one cache line per row from each.
            float[] block = update == null ? null : Scratch.block(chunk * Math.min(in, sliceGroups * GROUP));
            for (int b = blocks * part / parts; b < blocks * (part + 1) / parts; b++) {
                int j0 = b * chunk;
                int rows = Math.min(chunk, out - j0);
                for (int group = 0; group < groups; group++) {
                    int p0 = group * GROUP;
                    int width = Math.min(GROUP, in - p0);
                    for (int q = 0; q < width; q++) {
                        SparseLanes.sparseSum(colRows, colVals, colStart[p0 + q], colStart[p0 + q + 1], dy, j0, out,
                                rows, g, q * chunk);
                    }
                    if (update == null) {
                        putTile(g, rows, width, dw, dwOff + p0, j0, rowOf, in);
                        continue;
                    }
                    int s0 = group / sliceGroups * sliceGroups * GROUP; // the slice's first column
                    int sliceWidth = Math.min(sliceGroups * GROUP, in - s0);
                    putTile(g, rows, width, block, p0 - s0, 0, null, sliceWidth);
                    if (p0 + width == s0 + sliceWidth) { // the slice's last group
                        update.apply(block, 0, sliceWidth, dwOff + s0 + (rowOf == null ? j0 * in : 0), in, rows,
                                sliceWidth, rowOf, j0);
                    }
                }
            }
        });
    }

    /**
     * dWᵀ (in, out) at {@code dw[dwOff]} = xᵀ (in, batch) · dy: {@link #weightGradient} for a weight stored input-major,
     * written whole. dy (batch, dyWidth) holds the gradients of the outputs {@code columnOf[j]} (all outputs in order
     * when {@code columnOf} is null, and then dyWidth = out); every other output's column of dWᵀ is written as zeros,
     * the exact gradient of a unit silent for the whole batch. Each row of dWᵀ is one column of x's non-zeros summed
     * over dy's rows, the same chains in the same order as the (out, in) weight gradient's.
     */
    public void weightGradientInputMajor(float[] dy, int dyWidth, int[] columnOf, int out, float[] dw, int dwOff) {
        weightGradientInputMajor(dy, dyWidth, columnOf, out, dw, dwOff, null);
    }

    /**
     * As above, but each block of {@link #ROW_BLOCK} rows of dWᵀ is handed to {@code update} for the weights at
     * {@code wOff} (in, out), the silent outputs' zeros included: the caller claims the whole weight first.
     */
    public void weightGradientInputMajor(float[] dy, int dyWidth, int[] columnOf, int out, WeightUpdate update,
                                         int wOff) {
        weightGradientInputMajor(dy, dyWidth, columnOf, out, null, wOff, update);
    }

    /** Rows of dWᵀ per block handed to an update: 8 · 512 floats, 16 KB, at 784 → 512. */
    static final int ROW_BLOCK = 8;

    private void weightGradientInputMajor(float[] dy, int dyWidth, int[] columnOf, int out, float[] dw, int dwOff,
                                          WeightUpdate update) {
        requireIndexed("weightGradient");
        if (columnOf == null ? dyWidth != out : dyWidth > out) {
            throw new IllegalArgumentException("dy has " + dyWidth + " columns for " + out + " outputs"
                    + (columnOf == null ? " (without a column map they must be equal)" : ""));
        }
        Parallel pool = pool();
        int blocks = (in + ROW_BLOCK - 1) / ROW_BLOCK;
        int parts = Math.min(blocks, 4 * pool.threads());
        boolean direct = columnOf == null && update == null;
        pool.forEach(parts, part -> {
            // A block of rows of dWᵀ gathers here unless the sums can go straight to dw; with a column map, the silent
            // outputs' places stay zero from this fill (every row writes the same live places).
            float[] block = direct ? null : Scratch.block(ROW_BLOCK * out);
            float[] live = columnOf == null ? null : Scratch.get(dyWidth); // (dyWidth) one row's sums, live outputs
            if (columnOf != null) {
                Arrays.fill(block, 0, ROW_BLOCK * out, 0f);
            }
            for (int b = blocks * part / parts; b < blocks * (part + 1) / parts; b++) {
                int p0 = b * ROW_BLOCK;
                int rows = Math.min(ROW_BLOCK, in - p0);
                for (int q = 0; q < rows; q++) {
                    int p = p0 + q;
                    if (direct) {
                        columnSums(p, dy, dyWidth, dw, dwOff + p * out);
                    } else if (columnOf == null) {
                        columnSums(p, dy, dyWidth, block, q * out);
                    } else {
                        columnSums(p, dy, dyWidth, live, 0);
                        for (int j = 0, row = q * out; j < dyWidth; j++) {
                            block[row + columnOf[j]] = live[j];
                        }
                    }
                }
                if (update != null) {
                    update.apply(block, 0, out, dwOff + p0 * out, out, rows, out, null, 0);
                } else if (!direct) {
                    System.arraycopy(block, 0, dw, dwOff + p0 * out, rows * out);
                }
            }
        });
    }

    /** dst[dOff, dOff + width) = Σ over column p's non-zeros (rows ascending) of x · that row of dy (batch, width). */
    private void columnSums(int p, float[] dy, int width, float[] dst, int dOff) {
        int chunk = SparseLanes.CHUNK;
        for (int j0 = 0; j0 < width; j0 += chunk) {
            SparseLanes.sparseSum(colRows, colVals, colStart[p], colStart[p + 1], dy, j0, width, Math.min(chunk, width - j0),
                    dst, dOff + j0);
        }
    }

    /**
     * dW[row(j0 + r), p0 + q] = g[q·CHUNK + r] for r < rows, q < width, with column p0 at dw[col0] and dW's rows
     * {@code rowStride} apart (the layer's in, or the width of the fused update's slice). A whole tile's row is read
     * from g with vector gathers (a quarter less time for the 784 → 512 weight gradient than the scalar copy,
     * which a narrower last group keeps).
     */
    private static void putTile(float[] g, int rows, int width, float[] dw, int col0, int j0, int[] rowOf,
                                int rowStride) {
        if (width == GROUP) {
            SparseLanes.putTile(g, rows, dw, col0, j0, rowOf, rowStride);
            return;
        }
        int chunk = SparseLanes.CHUNK;
        for (int r = 0; r < rows; r++) {
            int row = rowOf == null ? j0 + r : rowOf[j0 + r];
            for (int q = 0, dst = col0 + row * rowStride; q < width; q++) {
                dw[dst + q] = g[q * chunk + r];
            }
        }
    }

    /** Per-thread weight-gradient scratch, grown on demand and reused. */
    private static final class Scratch {
        private static final ThreadLocal<float[][]> LOCAL = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

        private static final ThreadLocal<float[][]> BLOCK = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

        static float[] get(int size) {
            return grown(LOCAL.get(), size);
        }

        /** A second buffer, for the fused update's block of dW rows. */
        static float[] block(int size) {
            return grown(BLOCK.get(), size);
        }

        private static float[] grown(float[][] holder, int size) {
            if (holder[0].length < size) {
                holder[0] = new float[size];
            }
            return holder[0];
        }
    }
}
