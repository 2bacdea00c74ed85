package dev.husai.core.tensor;

import java.util.Arrays;

/**
 * A dense row-major float matrix {@code [rows, cols]}: element (r, c) lives at {@code data[r * cols + c]}.
 *
 * <p>The one matrix type of {@code core}: dictionaries ({@code W_dec [F, D]}), cosine matrices
 * ({@code [F, F']}), activations ({@code [N, D]}, as on-heap {@link Activations}). The array is shared, not copied, so callers that
 * hand one over must not mutate it afterwards.
 */
public record FloatMatrix(int rows, int cols, float[] data) implements Activations {

    public FloatMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("expected non-negative shape, found [" + rows + "," + cols + "]");
        }
        if (data == null || data.length != (long) rows * cols) {
            throw new IllegalArgumentException("expected " + ((long) rows * cols) + " values for shape ["
                    + rows + "," + cols + "], found " + (data == null ? "null" : data.length));
        }
    }

    /** A zero matrix of the given shape. */
    public static FloatMatrix zeros(int rows, int cols) {
        return new FloatMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    public float get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, float v) {
        data[r * cols + c] = v;
    }

    @Override
    public void copyRow(int row, float[] dst, int at) {
        System.arraycopy(data, row * cols, dst, at, cols);
    }

    /** Copy of row {@code r} ({@code [cols]}). */
    public float[] row(int r) {
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    /** The transpose {@code [cols, rows]} as a new matrix. */
    public FloatMatrix transpose() {
        float[] t = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = data[r * cols + c];
            }
        }
        return new FloatMatrix(cols, rows, t);
    }

    /** Shape as {@code [rows,cols]}, the form used in error messages. */
    public String shape() {
        return "[" + rows + "," + cols + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix" + shape();
    }
}
