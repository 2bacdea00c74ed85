package dev.husai.trainer.sae;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SnapshotSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes snapshots as safetensors files {@code DIR/GROUP/seed-S/step-000100.safetensors}; a seed's last
 * snapshot (metadata {@code final=true}) is also written as {@code final.safetensors}. Files are written
 * to a temporary name and moved into place, so a reader never sees half a file.
 */
public final class DirectorySnapshotSink implements SnapshotSink {
    private final Path root;
    private final DType dtype;

    public DirectorySnapshotSink(Path root, DType dtype) {
        this.root = root;
        this.dtype = dtype;
    }

    /** The directory of one seed of a group. */
    public static Path seedDir(Path root, String group, long seed) {
        return root.resolve(group).resolve("seed-" + seed);
    }

    @Override
    public void accept(SaeSnapshot snapshot) {
        Path dir = seedDir(root, snapshot.meta("group", "group"), Long.parseLong(snapshot.meta("seed", "0")));
        int step = Integer.parseInt(snapshot.meta("step", "0"));
        byte[] bytes = snapshot.encode(dtype);
        try {
            Files.createDirectories(dir);
            write(dir.resolve(String.format(Locale.ROOT, "step-%06d.safetensors", step)), bytes);
            if (SnapshotMetadata.isLast(snapshot)) {
                write(dir.resolve("final.safetensors"), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot under " + dir, e);
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
