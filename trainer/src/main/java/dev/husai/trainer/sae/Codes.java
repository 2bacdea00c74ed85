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

    /** Smallest stored value (they are positive), or NaN when there is none. */
    float minValue() {
        int n = nnz();
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = val[i];
            m = v < m ? v : m;
        }
        return n == 0 ? Float.NaN : m;
    }

    /** Appends rows one at a time. */
    static final class Builder {
        private final int[] rowPtr;
        private int[] col;
        private float[] val;
        private int rows;
        /** Entries so far (the open row's end), kept in a field rather than in {@code rowPtr}: one store less per add. */
        private int size;

        Builder(int rows, int expectedNnz) {
            this.rowPtr = new int[rows + 1];
            this.col = new int[Math.max(16, expectedNnz)];
            this.val = new float[col.length];
        }

        void add(int latent, float value) {
            if (size == col.length) {
                col = Arrays.copyOf(col, 2 * size);
                val = Arrays.copyOf(val, 2 * size);
            }
            col[size] = latent;
            val[size] = value;
            size++;
        }

        /** Closes the current row (the next {@link #add} starts the next row). */
        void endRow() {
            rowPtr[++rows] = size;
        }

        Codes build() {
            return new Codes(rows, rowPtr, col, val);
        }
    }
}
