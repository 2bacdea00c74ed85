package dev.husai.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot too large for one Kafka record travels as several (docs/protocol.md "Chunked snapshots"): each chunk
 * record has the snapshot's key and a value framed as
 *
 * <pre>
 *   "HUSAICHK" (8 bytes) | u32 index | u32 count | u64 total bytes | u16 id length | id (UTF-8) | payload
 * </pre>
 *
 * (little-endian), the chunks of one snapshot in order on one partition (same key, one producer). A safetensors file
 * starts with its 8-byte header length, which never reads as the magic, so a record is a chunk or a whole snapshot
 * without any header field; every path that carries records (analyzer, rebuild, record/replay, dead letters) carries
 * chunks unchanged, and {@link Assembler} turns them back into the snapshot where they are analysed.
 */
public final class SnapshotChunks {
    /** Largest payload of one chunk: well below the topics' 16 MiB message limit. */
    public static final int CHUNK_BYTES = 8 * 1024 * 1024;
    private static final byte[] MAGIC = "HUSAICHK".getBytes(StandardCharsets.US_ASCII);

    private SnapshotChunks() {
    }

    /**
     * The record values for {@code snapshot}: the bytes themselves when they fit in {@code chunkBytes}, else
     * {@code ceil(length / chunkBytes)} framed chunks named {@code id} (unique per snapshot, e.g. seed/step/nonce).
     */
    public static List<byte[]> split(byte[] snapshot, String id, int chunkBytes) {
        if (snapshot.length <= chunkBytes) {
            return List.of(snapshot);
        }
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        int count = (int) ((snapshot.length + (long) chunkBytes - 1) / chunkBytes);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * chunkBytes;
            int len = Math.min(chunkBytes, snapshot.length - from);
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + 4 + 8 + 2 + idBytes.length + len).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).putInt(i).putInt(count).putLong(snapshot.length).putShort((short) idBytes.length).put(idBytes)
                    .put(snapshot, from, len);
            out.add(b.array());
        }
        return out;
    }

    /** Whether a record value is a chunk (starts with the magic). */
    public static boolean isChunk(byte[] value) {
        return value != null && value.length >= MAGIC.length && Arrays.equals(value, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * What an offered record gave: {@code bytes} (a whole snapshot: the record itself, or its chunks joined at the
     * last one), nothing yet ({@code pending}), or a {@code problem} (a chunk out of order or malformed: the record
     * goes to the dead letters, the partial snapshot is dropped).
     */
    public record Offer(byte[] bytes, boolean pending, String problem) {
    }

    /**
     * Joins chunks back into snapshots, per record key and snapshot id; holds at most {@code maxPending} partial
     * snapshots (the oldest is dropped when more start). Not thread-safe: one per consumer of a partition set.
     */
    public static final class Assembler {
        private final int maxPending;
        private final Map<String, Partial> pending = new LinkedHashMap<>();

        public Assembler(int maxPending) {
            this.maxPending = maxPending;
        }

        /** Offers one record value of {@code key}. */
        public Offer offer(String key, byte[] value) {
            if (!isChunk(value)) {
                return new Offer(value, false, null);
            }
            ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
            if (value.length < MAGIC.length + 18) {
                return new Offer(null, false, "expected a snapshot chunk header (22 bytes), found " + value.length + " bytes");
            }
            b.position(MAGIC.length);
            int index = b.getInt();
            int count = b.getInt();
            long total = b.getLong();
            int idLen = Short.toUnsignedInt(b.getShort());
            if (count < 1 || index < 0 || index >= count || total < 0 || total > Integer.MAX_VALUE - 16 || idLen > b.remaining()) {
                return new Offer(null, false, "expected a snapshot chunk index < count and a total under 2 GiB, found chunk "
                        + index + " of " + count + ", total " + total);
            }
            String id = key + "|" + new String(value, b.position(), idLen, StandardCharsets.UTF_8);
            b.position(b.position() + idLen);
            return add(id, index, count, (int) total, b);
        }

        private Offer add(String id, int index, int count, int total, ByteBuffer payload) {
            Partial p = index == 0 ? new Partial(count, total) : pending.get(id);
            if (p == null || p.next != index || p.count != count || p.total != total
                    || p.filled + payload.remaining() > total) {
                pending.remove(id);
                return new Offer(null, false, "expected chunk " + (p == null ? 0 : p.next) + " of snapshot " + id
                        + ", found chunk " + index + " of " + count + (p == null ? " without its first chunk" : ""));
            }
            int n = payload.remaining();
            payload.get(p.bytes, p.filled, n);
            p.filled += n;
            p.next++;
            if (p.next < count) {
                pending.put(id, p);
                evict();
                return new Offer(null, true, null);
            }
            pending.remove(id);
            if (p.filled != total) {
                return new Offer(null, false, "expected " + total + " bytes in snapshot " + id + ", found " + p.filled);
            }
            return new Offer(p.bytes, false, null);
        }

        private void evict() {
            while (pending.size() > maxPending) {
                pending.remove(pending.keySet().iterator().next());
            }
        }

        /** Partial snapshots held now. */
        public int pendingCount() {
            return pending.size();
        }

        private static final class Partial {
            final int count;
            final int total;
            final byte[] bytes;
            int next;
            int filled;

            Partial(int count, int total) {
                this.count = count;
                this.total = total;
                this.bytes = new byte[total];
            }
        }
    }
}
