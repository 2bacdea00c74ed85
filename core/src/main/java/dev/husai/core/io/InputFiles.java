package dev.husai.core.io;

import dev.husai.core.format.RowLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file the user named; every failure is an {@link IllegalArgumentException} that says what was expected and
 * what was found at that path: {@code expected a sweep file (YAML or JSON) at runs, found a directory}. Files larger
 * than the heap are read in place: {@link #readHead} for the header, {@link #mapRows} for the rows.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The bytes of {@code file}; {@code what} names the expected content, e.g. "a testbed checkpoint (.safetensors)". */
    public static byte[] readBytes(Path file, String what) {
        requireFile(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, what, e);
        }
    }

    /** At most the first {@code maxBytes} bytes of {@code file} (fewer when it is shorter). */
    public static byte[] readHead(Path file, String what, int maxBytes) {
        requireFile(file, what);
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(maxBytes);
        } catch (IOException e) {
            throw unreadable(file, what, e);
        }
    }

    /** The size of {@code file} in bytes. */
    public static long size(Path file, String what) {
        requireFile(file, what);
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, what, e);
        }
    }

    /**
     * The rows {@code layout} places in {@code file}, memory-mapped read-only in blocks of
     * {@code layout.rowsPerBlock(maxBlockBytes)} whole rows (a mapping stays valid after the channel closes; the
     * operating system pages rows in on demand, so the file may be far larger than the heap).
     */
    public static List<ByteBuffer> mapRows(Path file, String what, RowLayout layout, long maxBlockBytes) {
        long size = size(file, what);
        if (size < layout.offset() + layout.dataBytes()) {
            throw new IllegalArgumentException("expected " + what + " of at least " + (layout.offset() + layout.dataBytes())
                    + " bytes at " + file + " (" + layout.rows() + " x " + layout.cols() + " " + layout.dtype()
                    + "), found " + size + " bytes");
        }
        int perBlock = layout.rowsPerBlock(maxBlockBytes);
        List<ByteBuffer> blocks = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long row = 0; row < layout.rows(); row += perBlock) {
                long rows = Math.min(perBlock, layout.rows() - row);
                blocks.add(ch.map(FileChannel.MapMode.READ_ONLY, layout.offset() + row * layout.rowBytes(),
                        rows * layout.rowBytes()));
            }
        } catch (IOException e) {
            throw unreadable(file, what, e);
        }
        return blocks;
    }

    /**
     * The entries of directory {@code dir} (files and folders), sorted by name; {@code what} names the expected
     * content, e.g. "a checkpoint folder".
     */
    public static List<Path> list(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected " + what + " at " + dir + ", found "
                    + (Files.exists(dir) ? "a file" : "no such directory"));
        }
        try (var entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw unreadable(dir, what, e);
        }
    }

    /** True when {@code path} is a directory (a path that cannot be read counts as none). */
    public static boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    /** True when {@code path} is a regular file. */
    public static boolean isFile(Path path) {
        return Files.isRegularFile(path);
    }

    /** The UTF-8 text of {@code file}. */
    public static String readString(Path file, String what) {
        return new String(readBytes(file, what), StandardCharsets.UTF_8);
    }

    /** Checks that {@code file} is a regular file (not missing, not a directory). */
    public static void requireFile(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("expected " + what + " at " + file + ", found a directory");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("expected " + what + " at " + file + ", found no such file");
        }
    }

    private static IllegalArgumentException unreadable(Path file, String what, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "a file this user may not read"
                : "an unreadable file (" + e.getMessage() + ")";
        return new IllegalArgumentException("expected " + what + " at " + file + ", found " + why, e);
    }
}
