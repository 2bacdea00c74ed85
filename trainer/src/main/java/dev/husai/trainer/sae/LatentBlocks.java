package dev.husai.trainer.sae;

import java.util.Arrays;

/**
 * A block of rows' gradient-row terms, kept so that each latent's two gradient rows are updated once a block
 * ({@link SparseStep}): for the block's entries i (row r_i, latent f_i, code z_i, {@code dz_i}),
 * <pre>
 * dW_dec[f] += sum_{i: f_i = f} z_i  grad[r_i]        grad = dL/dxhat   [rows, D]
 * dW_enc[f] += sum_{i: f_i = f} dz_i xc[r_i]          xc   = x - b_dec  [rows, D]
 * </pre>
 * each sum taken in row order, a multiply then an add per element, as the row-by-row pass adds them: the same bits.
 * Row by row, every entry reads and writes two D-float gradient rows spread over {@code 2 F D} floats (1 MiB at
 * F 1,024, D 128: beyond a core's L2 beside the decoder); here those rows are touched once a block, the terms
 * summed in registers ({@link VectorSelection#accumulate}) from the block's rows, which stay within 256 KiB.
 */
final class LatentBlocks {
    /** The rows' buffers' size in floats, both together: {@code 2 * rows * D <= 2^16} (256 KiB). */
    private static final int BUFFER_FLOATS = 1 << 16;
    /** Entries a latent must have per block on average for the blocks to pay. */
    private static final int MIN_ENTRIES_PER_LATENT = 2;

    /** Rows per block. */
    final int rows;
    /** {@code dz} of the block's entries, by entry index within the block. */
    final float[] dz;
    private final int d;
    /** The block's rows of {@code grad} and {@code xc}, {@code [rows, D]} each. */
    private final float[] gradRows;
    private final float[] xcRows;
    /** Latent f's entries, sorted: {@code [start[f], start[f + 1])}; {@code pos}: the counting sort's cursors. */
    private final int[] start;
    private final int[] pos;
    /** Each entry's local row, by entry index within the block. */
    private final int[] rowOf;
    /** The entries sorted by latent (stable): their rows' offsets in the buffers, codes and {@code dz}. */
    private final int[] rowO;
    private final float[] zO;
    private final float[] dzO;
    private int from;
    private int to;

    LatentBlocks(int d, int f, Codes codes) {
        this.d = d;
        this.rows = rowsPerBlock(d);
        this.gradRows = new float[rows * d];
        this.xcRows = new float[rows * d];
        this.start = new int[f + 1];
        this.pos = new int[f];
        int most = mostEntries(codes, rows);
        this.dz = new float[most];
        this.rowOf = new int[most];
        this.rowO = new int[most];
        this.zO = new float[most];
        this.dzO = new float[most];
    }

    /** Rows per block for rows of width d: the two row buffers within {@link #BUFFER_FLOATS}, at least 8 rows. */
    static int rowsPerBlock(int d) {
        return Math.max(8, BUFFER_FLOATS / (2 * d));
    }

    /** Whether blocks pay for these codes: on average at least {@link #MIN_ENTRIES_PER_LATENT} entries a latent a block. */
    static boolean pays(Codes codes, int d, int f) {
        return codes.rows() > 0
                && (double) codes.nnz() / codes.rows() * Math.min(codes.rows(), rowsPerBlock(d)) >= MIN_ENTRIES_PER_LATENT * f;
    }

    /** The most entries any block of {@code rows} rows holds. */
    private static int mostEntries(Codes codes, int rows) {
        int most = 0;
        for (int r0 = 0; r0 < codes.rows(); r0 += rows) {
            int r1 = Math.min(codes.rows(), r0 + rows);
            most = Math.max(most, codes.rowPtr()[r1] - codes.rowPtr()[r0]);
        }
        return most;
    }

    /** Starts a block holding the codes' entries {@code [from, to)}. */
    void start(int from, int to) {
        this.from = from;
        this.to = to;
    }

    /** Keeps local row r's {@code grad} and {@code xc}; its entries are the block's {@code [at, end)}. */
    void keepRow(int r, float[] grad, float[] xc, int at, int end) {
        System.arraycopy(grad, 0, gradRows, r * d, d);
        System.arraycopy(xc, 0, xcRows, r * d, d);
        Arrays.fill(rowOf, at, end, r);
    }

    /** Adds the block's terms to the gradient rows, latent by latent, each latent's entries in row order. */
    void accumulate(Codes codes, float[][] dWdec, float[][] dWenc) {
        int[] col = codes.col();
        float[] val = codes.val();
        int f = start.length - 1;
        Arrays.fill(start, 0);
        for (int i = from; i < to; i++) {
            start[col[i] + 1]++;
        }
        for (int j = 0; j < f; j++) {
            start[j + 1] += start[j];
        }
        System.arraycopy(start, 0, pos, 0, f);
        for (int i = from; i < to; i++) {
            int p = pos[col[i]]++;
            rowO[p] = rowOf[i - from] * d;
            zO[p] = val[i];
            dzO[p] = dz[i - from];
        }
        for (int j = 0; j < f; j++) {
            if (start[j] < start[j + 1]) {
                accumulate(dWdec[j], dWenc[j], start[j], start[j + 1]);
            }
        }
    }

    /** One latent's terms, its entries {@code [p0, p1)} of the sorted arrays. */
    private void accumulate(float[] dec, float[] enc, int p0, int p1) {
        if (Selection.VECTOR) {
            VectorSelection.accumulate(dec, enc, p0, p1, zO, dzO, rowO, gradRows, xcRows);
            return;
        }
        for (int p = p0; p < p1; p++) {
            int at = rowO[p];
            for (int c = 0; c < d; c++) {
                dec[c] += zO[p] * gradRows[at + c];
                enc[c] += dzO[p] * xcRows[at + c];
            }
        }
    }
}
