package dev.husai.core.tensor;

import java.util.Map;

/**
 * Rows of activations {@code [N, D]} that an SAE trains on, read one row at a time so that they need not live on the
 * heap: a {@link FloatMatrix} (on-heap) or {@code dev.husai.core.format.EncodedRows} (float32/float16 bytes, e.g. a
 * memory-mapped file). Implementations are safe for concurrent reads.
 */
public interface Activations {
    /** N, the number of rows. */
    int rows();

    /** D, the width of a row. */
    int cols();

    /** Copies row {@code row} ({@code [D]}) into {@code dst} at {@code at}. */
    void copyRow(int row, float[] dst, int at);

    /** What the rows are, for snapshot metadata (e.g. {@code activations=acts.npy}); empty when nothing to say. */
    default Map<String, String> describe() {
        return Map.of();
    }

    /** The rows {@code rowIndices} copied on the heap, in that order: {@code [rowIndices.length, D]}. */
    default FloatMatrix gather(int[] rowIndices) {
        int d = cols();
        float[] outMD = new float[Math.multiplyExact(rowIndices.length, d)];
        for (int i = 0; i < rowIndices.length; i++) {
            copyRow(rowIndices[i], outMD, i * d);
        }
        return new FloatMatrix(rowIndices.length, d, outMD);
    }

    /**
     * {@code min(n, m)} evenly spaced row indices of {@code n} rows, {@code floor(i * n / m)} (all rows when
     * {@code m >= n}): a deterministic subset spread over the whole file, not just its head.
     */
    static int[] spread(int n, int m) {
        int count = Math.min(n, m);
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = (int) ((long) i * n / count);
        }
        return rows;
    }
}
