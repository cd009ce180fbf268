package org.latentatlas.eval;

/**
 * A symmetric affinity matrix P (n, n) in compressed rows: row i's non-zero p_ij are
 * {@code values[rowStart[i] .. rowStart[i + 1])} at columns {@code columns[...]}, in increasing column order.
 *
 * @param n        points
 * @param rowStart (n + 1) where each row begins in {@code columns} and {@code values}
 * @param columns  (nnz) the j of each entry
 * @param values   (nnz) p_ij
 */
record SparseAffinities(int n, int[] rowStart, int[] columns, double[] values) {
    SparseAffinities {
        if (rowStart.length != n + 1 || columns.length != values.length || rowStart[n] != columns.length) {
            throw new IllegalArgumentException("sparse affinities of " + n + " rows need " + (n + 1)
                    + " row starts ending at the " + columns.length + " entries, got " + rowStart.length
                    + " ending at " + rowStart[rowStart.length - 1] + " and " + values.length + " values");
        }
    }
}
