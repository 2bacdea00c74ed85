package dev.husai.stream.replay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded snapshot stream: the records of one group in partition order. File format (big-endian, as
 * {@link DataOutputStream}): magic {@code HUSAIREC} + version int 1, then per record: timestamp ms (long),
 * key length (int) + UTF-8 key, value length (int) + value (the safetensors snapshot, unchanged). A Python
 * user reads it with {@code struct} and opens each value with {@code safetensors.safe_open}-style parsing.
 */
public final class Recording {
    static final byte[] MAGIC = "HUSAIREC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;

    /** One recorded record. */
    public record Entry(long timestampMs, String key, byte[] value) {
    }

    private Recording() {
    }

    /** Writes {@code entries} to {@code file} (replaced). */
    public static void write(Path file, List<Entry> entries) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            for (Entry e : entries) {
                byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
                out.writeLong(e.timestampMs());
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(e.value().length);
                out.write(e.value());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads a recording; IllegalArgumentException (expected vs found) when it is not one. */
    public static List<Entry> read(Path file) {
        List<Entry> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("expected a HUSAI recording (magic HUSAIREC) in " + file + ", found "
                        + new String(magic, StandardCharsets.US_ASCII));
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("expected recording version " + VERSION + ", found " + version);
            }
            while (true) {
                long ts;
                try {
                    ts = in.readLong();
                } catch (EOFException end) {
                    break;
                }
                String key = new String(bytes(in, 1024, "key"), StandardCharsets.UTF_8);
                out.add(new Entry(ts, key, bytes(in, MAX_VALUE_BYTES, "value")));
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("expected a complete record in " + file + ", found a truncated file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] bytes(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("expected a " + what + " length in [0," + max + "], found " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("expected " + n + " bytes of " + what + ", found " + b.length);
        }
        return b;
    }
}
