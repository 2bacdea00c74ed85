package dev.husai.trainer.sae;

import java.util.Arrays;

/**
 * Sparse codes of one seed for N rows in CSR form: row {@code n} holds latents {@code col[rowPtr[n]..rowPtr[n+1])}
 * with positive values {@code val[...]} (zeros are never stored).
 */
record Codes(int rows, int[] rowPtr, int[] col, float[] val) {

    /** Total stored entries (the sum of per-row L0). */
    int nnz() {
        return rowPtr[rows];
    }

    /** Smallest stored value, or NaN when there is none. */
    float minValue() {
        float m = Float.NaN;
        for (int i = 0; i < nnz(); i++) {
            m = Float.isNaN(m) ? val[i] : Math.min(m, val[i]);
        }
        return m;
    }

    /** Empty codes for N rows. */
    static Codes empty(int rows) {
        return new Codes(rows, new int[rows + 1], new int[0], new float[0]);
    }

    /**
     * Codes from (row, latent, value) triples of one seed, keeping positive values only. The triples
     * need not be sorted by row (a stable counting sort puts them in row order).
     */
    static Codes fromTriples(int rows, int[] rowOf, int[] latentOf, float[] valueOf, int from, int to) {
        int[] rowPtr = new int[rows + 1];
        for (int i = from; i < to; i++) {
            if (valueOf[i] > 0) {
                rowPtr[rowOf[i] + 1]++;
            }
        }
        for (int n = 0; n < rows; n++) {
            rowPtr[n + 1] += rowPtr[n];
        }
        int[] next = Arrays.copyOf(rowPtr, rows);
        int[] col = new int[rowPtr[rows]];
        float[] val = new float[rowPtr[rows]];
        for (int i = from; i < to; i++) {
            if (valueOf[i] > 0) {
                int at = next[rowOf[i]]++;
                col[at] = latentOf[i];
                val[at] = valueOf[i];
            }
        }
        return new Codes(rows, rowPtr, col, val);
    }

    /** Codes from a dense-per-row top-k result {@code [rows, k]} starting at {@code offset}. */
    static Codes fromTopK(int rows, int k, int[] idx, float[] vals, int offset) {
        int[] rowPtr = new int[rows + 1];
        int count = 0;
        for (int i = 0; i < rows * k; i++) {
            count += vals[offset + i] > 0 ? 1 : 0;
        }
        int[] col = new int[count];
        float[] val = new float[count];
        int at = 0;
        for (int n = 0; n < rows; n++) {
            for (int j = 0; j < k; j++) {
                int i = offset + n * k + j;
                if (vals[i] > 0) {
                    col[at] = idx[i];
                    val[at++] = vals[i];
                }
            }
            rowPtr[n + 1] = at;
        }
        return new Codes(rows, rowPtr, col, val);
    }
}
