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
 * A recorded snapshot stream: the records of one group in partition order, and the analyzer options the live run
 * used (so that a replay computes the same curves at a non-default tau or matcher). File format (big-endian, as
 * {@link DataOutputStream}): magic {@code HUSAIREC} + version int 2, the analyzer options as int length + UTF-8 JSON
 * ({@code AnalyzerOptions.toJson}; length 0 = not recorded), then per record: timestamp ms (long), key length (int)
 * + UTF-8 key, value length (int) + value (the safetensors snapshot, unchanged). Version 1 files (no options) are
 * still read. A Python user reads it with {@code struct} and opens each value with {@code safetensors.safe_open}-style
 * parsing.
 */
public final class Recording {
    static final byte[] MAGIC = "HUSAIREC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;
    static final int MAX_OPTIONS_BYTES = 1024 * 1024;

    /** One recorded record. */
    public record Entry(long timestampMs, String key, byte[] value) {
    }

    /**
     * A whole recording.
     *
     * @param analyzerOptions the live run's analyzer options as JSON, or null when not recorded (version 1, or unknown)
     * @param entries         the records in order
     */
    public record Contents(String analyzerOptions, List<Entry> entries) {
        public Contents {
            entries = List.copyOf(entries);
        }
    }

    private Recording() {
    }

    /** Writes {@code entries} to {@code file} (replaced), without analyzer options. */
    public static void write(Path file, List<Entry> entries) {
        write(file, new Contents(null, entries));
    }

    /** Writes {@code contents} to {@code file} (replaced). */
    public static void write(Path file, Contents contents) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] options = contents.analyzerOptions() == null ? new byte[0]
                    : contents.analyzerOptions().getBytes(StandardCharsets.UTF_8);
            out.writeInt(options.length);
            out.write(options);
            List<Entry> entries = contents.entries();
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

    /** The records of a recording; IllegalArgumentException (expected vs found) when it is not one. */
    public static List<Entry> read(Path file) {
        return readAll(file).entries();
    }

    /** A recording's options and records; IllegalArgumentException (expected vs found) when it is not one. */
    public static Contents readAll(Path file) {
        List<Entry> out = new ArrayList<>();
        String options = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("expected a HUSAI recording (magic HUSAIREC) in " + file + ", found "
                        + new String(magic, StandardCharsets.US_ASCII));
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new IllegalArgumentException("expected recording version 1 or " + VERSION + ", found " + version);
            }
            if (version >= 2) {
                byte[] json = bytes(in, MAX_OPTIONS_BYTES, "analyzer options");
                options = json.length == 0 ? null : new String(json, StandardCharsets.UTF_8);
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
        return new Contents(options, out);
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
