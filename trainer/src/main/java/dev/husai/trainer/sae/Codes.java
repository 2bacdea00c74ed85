package dev.husai.trainer.sae;

import java.util.Arrays;

/**
 * Sparse codes of one seed for a run of rows in CSR form: local row {@code n} holds latents
 * {@code col[rowPtr[n]..rowPtr[n+1])} with positive values {@code val[...]} (zeros are never stored).
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

    /** Appends rows one at a time. */
    static final class Builder {
        private final int[] rowPtr;
        private int[] col;
        private float[] val;
        private int rows;

        Builder(int rows, int expectedNnz) {
            this.rowPtr = new int[rows + 1];
            this.col = new int[Math.max(16, expectedNnz)];
            this.val = new float[col.length];
        }

        void add(int latent, float value) {
            int at = rowPtr[rows + 1];
            if (at == col.length) {
                col = Arrays.copyOf(col, 2 * at);
                val = Arrays.copyOf(val, 2 * at);
            }
            col[at] = latent;
            val[at] = value;
            rowPtr[rows + 1] = at + 1;
        }

        /** Closes the current row (the next {@link #add} starts the next row). */
        void endRow() {
            rows++;
            if (rows < rowPtr.length - 1) {
                rowPtr[rows + 1] = rowPtr[rows];
            }
        }

        Codes build() {
            return new Codes(rows, rowPtr, col, val);
        }
    }
}
