package dev.husai.core.format;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Half;
import dev.husai.core.tensor.Activations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activations {@code [N, D]} decoded row by row from little-endian float32 or float16 bytes, held in blocks of whole
 * rows (a memory-mapped file in blocks of at most 1 GiB: one {@code MappedByteBuffer} holds at most 2 GiB). Nothing is
 * copied until a row is asked for; float16 is widened exactly ({@link Half}). Reads are absolute, so concurrent
 * readers are safe.
 */
public final class EncodedRows implements Activations {
    private final String name;
    private final RowLayout layout;
    private final int rowsPerBlock;
    private final FloatBuffer[] f32;
    private final ShortBuffer[] f16;
    private final ThreadLocal<short[]> halfRow;

    /**
     * @param name         what the rows are, e.g. the file name (in {@link #describe()})
     * @param layout       dtype and shape {@code [N, D]}
     * @param blocks       the data bytes from row 0, block b holding rows {@code [b * rowsPerBlock, ...)}
     * @param rowsPerBlock rows per block (every block but the last is full)
     */
    public EncodedRows(String name, RowLayout layout, List<ByteBuffer> blocks, int rowsPerBlock) {
        long expected = (layout.rows() + (long) rowsPerBlock - 1) / rowsPerBlock;
        if (rowsPerBlock < 1 || blocks.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " blocks of " + rowsPerBlock + " rows for "
                    + layout.rows() + " rows, found " + blocks.size());
        }
        this.name = name;
        this.layout = layout;
        this.rowsPerBlock = rowsPerBlock;
        boolean half = layout.dtype() != DType.F32;
        this.f32 = half ? null : new FloatBuffer[blocks.size()];
        this.f16 = half ? new ShortBuffer[blocks.size()] : null;
        for (int b = 0; b < blocks.size(); b++) {
            ByteBuffer block = blocks.get(b).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            long rowsHere = Math.min(rowsPerBlock, layout.rows() - (long) b * rowsPerBlock);
            if (block.remaining() < rowsHere * layout.rowBytes()) {
                throw new IllegalArgumentException("expected " + rowsHere * layout.rowBytes() + " bytes in block " + b
                        + ", found " + block.remaining());
            }
            if (half) {
                f16[b] = block.asShortBuffer();
            } else {
                f32[b] = block.asFloatBuffer();
            }
        }
        this.halfRow = ThreadLocal.withInitial(() -> new short[layout.cols()]);
    }

    @Override
    public int rows() {
        return layout.rows();
    }

    @Override
    public int cols() {
        return layout.cols();
    }

    @Override
    public void copyRow(int row, float[] dst, int at) {
        int d = layout.cols();
        int block = row / rowsPerBlock;
        int index = (row - block * rowsPerBlock) * d;
        if (f32 != null) {
            f32[block].get(index, dst, at, d);
            return;
        }
        short[] bits = halfRow.get();
        f16[block].get(index, bits, 0, d);
        for (int c = 0; c < d; c++) {
            dst[at + c] = layout.dtype().widen(bits[c]);
        }
    }

    /** {@code activations} (the name), {@code activations_rows} N, {@code activations_dtype} F32 or F16. */
    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("activations", name);
        m.put("activations_rows", Integer.toString(layout.rows()));
        m.put("activations_dtype", layout.dtype().name());
        return m;
    }
}
