package dev.husai.core.format;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.TensorEntry;
import java.util.List;
import java.util.Map;

/**
 * Where a 2-D little-endian float array {@code [N, D]} lies in a file: its element type, shape and the byte offset of
 * row 0 (rows contiguous, C order). Parsed from a header ({@link Npy#layout}, {@code Safetensors.layout}); the bytes
 * are then mapped ({@code InputFiles.mapBlocks}) and read as {@link EncodedRows}.
 *
 * @param dtype  float32 or float16
 * @param rows   N >= 1
 * @param cols   D >= 1
 * @param offset byte offset of the first row in the file
 */
public record RowLayout(DType dtype, int rows, int cols, long offset) {
    public RowLayout {
        if (dtype == null || rows < 1 || cols < 1 || offset < 0) {
            throw new IllegalArgumentException("expected a float32/float16 array [N>=1, D>=1] at offset >= 0, found "
                    + dtype + " [" + rows + ", " + cols + "] at " + offset);
        }
    }

    /** Bytes of one row: D times the element size. */
    public long rowBytes() {
        return (long) cols * dtype.bytes();
    }

    /** Bytes of all rows. */
    public long dataBytes() {
        return rows * rowBytes();
    }

    /** Whole rows per block of at most {@code maxBlockBytes} (at least one). */
    public int rowsPerBlock(long maxBlockBytes) {
        return (int) Math.max(1, Math.min(rows, maxBlockBytes / rowBytes()));
    }

    /**
     * The rows of a safetensors tensor: the one named {@code tensor}, or with {@code tensor} null the file's only 2-D
     * tensor; it must be 2-D (F32 or F16, the codec's dtypes). Errors list the file's tensors with their shapes.
     *
     * @param entries  the file's tensors ({@code Safetensors.entries})
     * @param fileName named in errors
     */
    public static RowLayout ofTensor(Map<String, TensorEntry> entries, String tensor, String fileName) {
        List<String> matrices = entries.keySet().stream().filter(n -> entries.get(n).shape().length == 2).toList();
        String listing = entries.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().dims() + " "
                + e.getValue().dtype()).toList().toString();
        if (tensor == null && matrices.size() != 1) {
            throw new IllegalArgumentException("expected exactly one 2-D tensor in " + fileName
                    + " (or --tensor NAME), found " + listing);
        }
        String name = tensor == null ? matrices.get(0) : tensor;
        TensorEntry e = entries.get(name);
        if (e == null || e.shape().length != 2) {
            throw new IllegalArgumentException("expected a 2-D float32 or float16 tensor [N, d] named " + name + " in "
                    + fileName + ", found " + (e == null ? "no such tensor" : e.dims()) + "; tensors: " + listing);
        }
        return new RowLayout(e.dtype(), e.shape()[0], e.shape()[1], e.offset());
    }
}
