package dev.husai.core.checkpoint;

import dev.husai.core.format.EncodedRows;
import dev.husai.core.format.RowLayout;
import dev.husai.core.io.InputFiles;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.safetensors.TensorEntry;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read in place: its header is parsed from the first bytes, and each tensor asked for is
 * memory-mapped (in blocks of at most 1 GiB of whole rows) and decoded straight into the one float array it becomes.
 * The file's bytes are never copied onto the heap, so a {@code W_dec [131072, 4096]} (2 GiB in F32) costs its float
 * array and nothing more. F32, F16 and BF16 are widened exactly.
 */
public final class TensorFile {
    private static final long BLOCK_BYTES = 1L << 30;
    private static final int MAX_HEAD = 100 * 1024 * 1024 + 8;

    private final Path file;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private TensorFile(Path file, Map<String, TensorEntry> entries, Map<String, String> metadata) {
        this.file = file;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens {@code file}: reads and validates its header only. */
    public static TensorFile open(Path file) {
        String what = "a safetensors file";
        long size = InputFiles.size(file, what);
        byte[] first = InputFiles.readHead(file, what, 8);
        long end = Safetensors.headerEnd(first, size);
        byte[] head = InputFiles.readHead(file, what, (int) Math.min(end, MAX_HEAD));
        try {
            return new TensorFile(file, Safetensors.entries(head, size), Safetensors.metadata(head, size));
        } catch (SafetensorsException e) {
            throw new SafetensorsException(file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Tensor descriptions in header order. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The entry of {@code name}, or an error listing the tensors that are there. */
    public TensorEntry entry(String name) {
        TensorEntry e = entries.get(name);
        if (e == null) {
            throw new SafetensorsException(file + ": expected a tensor named " + name + ", found " + listing());
        }
        return e;
    }

    /** {@code name} as a matrix {@code [rows, cols]}, checking its shape ({@code expected W_dec [a,b], found [c,d]}). */
    public FloatMatrix matrix(String name, int rows, int cols) {
        requireShape(name, rows, cols);
        float[] out = new float[Math.multiplyExact(rows, cols)];
        EncodedRows src = rows(name, rows, cols);
        for (int r = 0; r < rows; r++) {
            src.copyRow(r, out, r * cols);
        }
        return new FloatMatrix(rows, cols, out);
    }

    /**
     * {@code name}, stored {@code [cols, rows]}, as its transpose {@code [rows, cols]} (e.g. sparsify's
     * {@code encoder.weight [F, D]} as {@code W_enc [D, F]}): decoded in strips of 64 stored rows, so that the writes
     * into the result run along its rows.
     */
    public FloatMatrix transposed(String name, int rows, int cols) {
        requireShape(name, cols, rows);
        float[] out = new float[Math.multiplyExact(rows, cols)];
        EncodedRows src = rows(name, cols, rows);
        int strip = 64;
        float[] buf = new float[strip * rows];
        for (int c0 = 0; c0 < cols; c0 += strip) {
            int n = Math.min(strip, cols - c0);
            for (int i = 0; i < n; i++) {
                src.copyRow(c0 + i, buf, i * rows);
            }
            for (int r = 0; r < rows; r++) {
                int at = r * cols + c0;
                for (int i = 0; i < n; i++) {
                    out[at + i] = buf[i * rows + r];
                }
            }
        }
        return new FloatMatrix(rows, cols, out);
    }

    /** A 1-D tensor {@code [n]}, checking its shape. */
    public float[] vector(String name, int n) {
        requireShape(name, n);
        float[] out = new float[n];
        if (n > 0) {
            rows(name, 1, n).copyRow(0, out, 0);
        }
        return out;
    }

    /** A scalar tensor (shape {@code []} or {@code [1]}), e.g. SAELens' BatchTopK {@code topk_threshold}. */
    public float scalar(String name) {
        TensorEntry e = entry(name);
        if (e.bytes() != e.dtype().bytes()) {
            throw new SafetensorsException(file + ": expected a scalar " + name + ", found " + e.dims());
        }
        float[] out = new float[1];
        rows(name, 1, 1).copyRow(0, out, 0);
        return out[0];
    }

    /** The tensors as {@code name [a,b] DTYPE}, for errors. */
    public String listing() {
        return entries.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().dims() + " " + e.getValue().dtype())
                .toList().toString();
    }

    private void requireShape(String name, int... shape) {
        TensorEntry e = entry(name);
        if (!java.util.Arrays.equals(e.shape(), shape)) {
            throw new SafetensorsException(file + ": expected " + name + " " + java.util.Arrays.toString(shape)
                    .replace(" ", "") + ", found " + e.dims());
        }
    }

    private EncodedRows rows(String name, int rows, int cols) {
        TensorEntry e = entry(name);
        RowLayout layout = new RowLayout(e.dtype(), rows, cols, e.offset());
        List<ByteBuffer> blocks = InputFiles.mapRows(file, "a safetensors file", layout, BLOCK_BYTES);
        return new EncodedRows(file.getFileName() + ":" + name, layout, blocks, layout.rowsPerBlock(BLOCK_BYTES));
    }
}
