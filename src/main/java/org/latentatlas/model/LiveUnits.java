package org.latentatlas.model;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.latentatlas.math.Gemm;
import org.latentatlas.math.Parallel;
import org.latentatlas.math.VectorOps;
import org.latentatlas.math.WeightUpdate;

/**
 * The units of one ReLU layer's output that fired (came out non-zero) for at least one row of the batch: the
 * "live" units. The others are silent for the whole batch, and a silent unit takes no part in any product of
 * the step: its column of the next layer's input is zero, so the next layer's forward product and weight
 * gradient can leave it out; the ReLU masks its column of the input gradient to zero, so that need not be
 * computed; and its column of this layer's output gradient is zero, so this layer's weight gradient row and its
 * share of the input gradient are zero too.
 *
 * <p>Silent units are common, not a corner case: with PyTorch's default initialization and Adam, a
 * 784-512-256-20 VAE on binarized Fashion-MNIST keeps ~80 of its 512 first-layer units and ~80 of 256 second-layer
 * units live per batch of 128 after one epoch; on the benchmark's random inputs ~195 of 512 and ~160 of 256.
 * {@link ThinLinear} runs the products on the live units only.
 *
 * <p><b>Same bits as the full products.</b> The GEMMs compute each element as one fma chain in ascending k from
 * +0, and a zero term leaves such a chain unchanged (see {@code SparseBatch}); gathering the live units keeps
 * the order of the rest. So outputs, gradients and training runs are bitwise those of the full products.
 */
final class LiveUnits {
    /**
     * Thin the products only when at most this fraction of the units is live: the gathers cost ~(out + batch)·live
     * copies per product, while leaving a unit out saves batch·out multiply-adds in each, so the smaller the batch
     * the fewer units must be live to come out ahead. Measured on one thread, AVX2, a layer and its ReLU input
     * thinned against full (forward and backward): 512→784 at batch 128 costs 0.97× at 80 % live, 0.87× at 70 %,
     * 0.71× at 50 %; at batch 32, 1.02× at 50 % and 0.70× at 30 %; 256→512 at batch 64, 0.90× at 60 % and 1.0× at
     * 70 %; 512→784 at batch 512, 0.87× at 80 %. Break-even falls near 1 − 2.5/√batch; this stays a little below.
     */
    static double maxLiveFraction(int batch) {
        return Math.min(0.9, 1.0 - 3.0 / Math.sqrt(batch));
    }

    /**
     * Above this batch every unit counts: a whole-dataset encode (60,000 rows) would otherwise gather a copy of its
     * activations for a pass made once, and over so many rows hardly any unit stays silent.
     */
    static final int MAX_BATCH = 4096;
    /** {@code -Datlas.skipSilentUnits=false} runs every layer on the full products, to compare against. */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("atlas.skipSilentUnits"));

    private int width;
    private int count;
    private int[] index = new int[0]; // (count) the live units, ascending
    private float[] maxAbs = new float[0]; // (width) scratch: each unit's largest |output| over the batch
    private boolean thin;
    private final boolean enabled;

    LiveUnits() {
        this(ENABLED);
    }

    /** With {@code enabled} false every unit always counts (tests compare the two). */
    LiveUnits(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * A hidden layer's bias and ReLU, y (batch, width) = max(y + bias, 0) with the bias at {@code bias[bOff]}, and
     * the live units of the result: returns whether few enough fired for {@link #isThin()} (the products then run
     * on the live units only). A NaN output counts as live, so a diverging run propagates it exactly as the full
     * products would. One sweep of y, not three ({@link VectorOps#addBiasReluColumnMaxAbs}).
     */
    boolean addBiasReluAndFind(float[] y, int batch, int width, float[] bias, int bOff) {
        if (!worthScanning(batch)) {
            // Row by row: the fused sweep goes down columns, which over a whole dataset's rows leaves the caches.
            VectorOps.addBiasRows(y, 0, bias, bOff, batch, width);
            VectorOps.reluInPlace(y, 0, batch * width);
            clear(width);
            return false;
        }
        ensureWidth(width);
        VectorOps.addBiasReluColumnMaxAbs(y, 0, bias, bOff, batch, width, maxAbs);
        return decide(batch, width);
    }

    private boolean worthScanning(int batch) {
        return enabled && Gemm.isVectorized() && batch >= 1 && batch <= MAX_BATCH;
    }

    private void ensureWidth(int width) {
        if (maxAbs.length < width) {
            maxAbs = new float[width];
            index = new int[width];
        }
    }

    /** Indexes the units whose column maximum in {@code maxAbs} is not zero, and thins if few enough are. */
    private boolean decide(int batch, int width) {
        this.width = width;
        int live = 0;
        for (int j = 0; j < width; j++) {
            index[live] = j; // written always, kept only when live: no branch on the data
            live += maxAbs[j] == 0f ? 0 : 1;
        }
        thin = live <= maxLiveFraction(batch) * width;
        if (thin) {
            count = live;
        } else {
            clear(width);
        }
        return thin;
    }

    /** Forgets the last batch: every unit counts, nothing is thinned (the index is then the identity). */
    void clear(int width) {
        ensureWidth(width);
        for (int j = 0; j < width; j++) {
            index[j] = j;
        }
        this.width = width;
        this.count = width;
        this.thin = false;
    }

    /** Whether the products should run on the live units only. */
    boolean isThin() {
        return thin;
    }

    /** The number of units the products run on: the live ones when thin, else all. */
    int count() {
        return count;
    }

    /** The number of units of the layer output, live or silent. */
    int width() {
        return width;
    }

    /** The k-th unit the products run on, ascending: a live unit when thin, else k itself. */
    int unit(int k) {
        return index[k];
    }

    /** The units the products run on, ascending, in the first {@link #count()} entries (shared, not copied). */
    int[] units() {
        return index;
    }

    /** dst (rows, count) = the live columns of src (rows, width) at {@code srcOff}. */
    void gatherColumns(float[] src, int srcOff, int rows, float[] dst) {
        copyColumns(src, srcOff, rows, null, dst, true);
    }

    /** dst (rows, width) at {@code dstOff} = src (rows, count) in the live columns and zero in the silent ones. */
    void scatterColumns(float[] src, int rows, float[] dst, int dstOff) {
        Arrays.fill(dst, dstOff, dstOff + rows * width, 0f);
        copyColumns(dst, dstOff, rows, null, src, false);
    }

    /** Rows of a matrix (·, width) per block handed to an update by {@link #expandColumns}. */
    private static final int ROW_BLOCK = 8;
    /** Per-thread (ROW_BLOCK, width) scratch of {@link #expandColumns}, grown on demand. */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    /**
     * The matrix (rows, width) at {@code off} whose live columns are {@code block} (rows, count) and whose silent
     * columns are zero: written to {@code dst}, or, when {@code update} is not null, handed to it for the weights at
     * {@code off} a few rows at a time and never written (the caller has claimed them).
     */
    void expandColumns(float[] block, int rows, float[] dst, int off, WeightUpdate update) {
        if (update == null) {
            scatterColumns(block, rows, dst, off);
            return;
        }
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        int cc = count;
        Parallel.shared().forEachRange(blocks, (long) rows * width, (b0, b1) -> {
            float[][] holder = ROWS.get();
            if (holder[0].length < ROW_BLOCK * width) {
                holder[0] = new float[ROW_BLOCK * width];
            }
            float[] full = holder[0]; // (ROW_BLOCK, width): the silent places stay zero, every row fills the live ones
            Arrays.fill(full, 0, ROW_BLOCK * width, 0f);
            for (int b = b0; b < b1; b++) {
                int r0 = b * ROW_BLOCK;
                int n = Math.min(ROW_BLOCK, rows - r0);
                for (int r = 0; r < n; r++) {
                    for (int c = 0, src = (r0 + r) * cc, dstRow = r * width; c < cc; c++) {
                        full[dstRow + index[c]] = block[src + c];
                    }
                }
                update.apply(full, 0, width, off + r0 * width, width, n, width, null, 0);
            }
        });
    }

    /**
     * Zeros the rows of m (width, rowLength) at {@code off} that belong to silent units; nothing when not thin. Split
     * over the pool like the gathers: the first layer's silent rows of dW are up to a megabyte (784 → 512).
     */
    void zeroSilentRows(float[] m, int off, int rowLength) {
        forEachSilentRow(rowLength, j -> Arrays.fill(m, off + j * rowLength, off + (j + 1) * rowLength, 0f));
    }

    /**
     * Updates the silent units' rows of the weights (width, rowLength) at {@code off} through {@code update}, with the
     * gradient they have, zero ({@code zeros} holds at least rowLength of them): what {@link #zeroSilentRows} and the
     * optimizer do to those rows, for a layer whose weights the backward pass updates ({@link WeightUpdate}).
     */
    void updateSilentRows(WeightUpdate update, int off, int rowLength, float[] zeros) {
        forEachSilentRow(rowLength, j -> update.apply(zeros, 0, 0, off + j * rowLength, 0, 1, rowLength, null, 0));
    }

    /** Runs {@code action} on every silent unit's index; nothing when not thin. Split over the pool by rows. */
    private void forEachSilentRow(int rowLength, IntConsumer action) {
        if (!thin) {
            return;
        }
        Parallel.shared().forEachRange(width, (long) width * rowLength, (j0, j1) -> {
            int found = Arrays.binarySearch(index, 0, count, j0);
            int next = found >= 0 ? found : -found - 1; // the first live unit at or after j0, in index[]
            for (int j = j0; j < j1; j++) {
                if (next < count && index[next] == j) {
                    next++;
                } else {
                    action.accept(j);
                }
            }
        });
    }

    /**
     * Copies between a (·, width) matrix {@code full} at {@code off} and the dense block (rows, count) of its columns
     * on these units: block ← full when {@code gather}, else full ← block (full's other columns untouched). Block row
     * r is full's row {@code rowOf[r]}, or row r when {@code rowOf} is null.
     */
    void copyColumns(float[] full, int off, int rows, int[] rowOf, float[] block, boolean gather) {
        int cc = count;
        int stride = width;
        int[] cols = index;
        boolean allColumns = !thin;
        Parallel.Range copy = (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int at = off + (rowOf == null ? r : rowOf[r]) * stride;
                int b = r * cc;
                if (allColumns && gather) {
                    System.arraycopy(full, at, block, b, cc);
                } else if (allColumns) {
                    System.arraycopy(block, b, full, at, cc);
                } else if (gather) {
                    for (int c = 0; c < cc; c++) {
                        block[b + c] = full[at + cols[c]];
                    }
                } else {
                    for (int c = 0; c < cc; c++) {
                        full[at + cols[c]] = block[b + c];
                    }
                }
            }
        };
        if (allColumns) {
            Parallel.shared().forEachRange(rows, (long) rows * cc, copy); // whole rows: arraycopy, vector speed
        } else {
            Parallel.shared().forEachRangeOfCopies(rows, (long) rows * cc, copy);
        }
    }
}
