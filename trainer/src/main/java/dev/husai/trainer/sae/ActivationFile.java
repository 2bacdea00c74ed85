package dev.husai.trainer.sae;

import dev.husai.core.format.EncodedRows;
import dev.husai.core.format.Npy;
import dev.husai.core.format.RowLayout;
import dev.husai.core.io.InputFiles;
import dev.husai.core.safetensors.Safetensors;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The user's own activations {@code [N, d]}: a NumPy {@code .npy} (float32 {@code <f4} or float16 {@code <f2}, C order)
 * or a safetensors tensor (F32 or F16), memory-mapped in blocks of at most {@link #BLOCK_BYTES}, so a file far larger
 * than the heap trains in bounded memory: only each batch's rows are decoded.
 */
public final class ActivationFile {
    /** Largest mapped block: 1 GiB (one mapping holds at most 2 GiB). */
    public static final long BLOCK_BYTES = 1L << 30;
    private static final String WHAT = "activations (.npy or .safetensors)";

    private ActivationFile() {
    }

    /**
     * Opens {@code file}: {@code .safetensors} by its extension, anything else as {@code .npy}.
     *
     * @param tensor the safetensors tensor to read (null: the file's only 2-D tensor); must be null for {@code .npy}
     */
    public static EncodedRows open(Path file, String tensor) {
        boolean safetensors = file.getFileName().toString().endsWith(".safetensors");
        if (!safetensors && tensor != null) {
            throw new IllegalArgumentException("expected --tensor only with a .safetensors file, found --tensor "
                    + tensor + " with " + file.getFileName());
        }
        RowLayout layout = safetensors ? safetensorsLayout(file, tensor) : npyLayout(file);
        String name = file.getFileName() + (tensor == null ? "" : ":" + tensor);
        return new EncodedRows(name, layout, InputFiles.mapRows(file, WHAT, layout, BLOCK_BYTES),
                layout.rowsPerBlock(BLOCK_BYTES));
    }

    private static RowLayout npyLayout(Path file) {
        byte[] head = InputFiles.readHead(file, WHAT, Npy.MAX_HEADER_BYTES);
        return Npy.layout(ByteBuffer.wrap(head), file.getFileName().toString());
    }

    private static RowLayout safetensorsLayout(Path file, String tensor) {
        long size = InputFiles.size(file, WHAT);
        long end = Safetensors.headerEnd(InputFiles.readHead(file, WHAT, 8), size);
        byte[] head = InputFiles.readHead(file, WHAT, Math.toIntExact(end));
        return RowLayout.ofTensor(Safetensors.entries(head, size), tensor, file.getFileName().toString());
    }
}
