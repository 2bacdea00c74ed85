package dev.husai.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * One entry of the {@link MetricStore}, sent to browsers as one SSE event. The value is kept as the UTF-8 JSON text of
 * what was received, encoded once at append: several times smaller than a JsonObject tree, and written to every
 * browser (live or backfill) without encoding it again.
 */
public final class StoredEvent {
    /** Heap bytes counted per event besides its JSON text: object headers and fields, the array, the log's slots. */
    static final int OVERHEAD_BYTES = 96;
    private static final byte[] EVENT = "\nevent: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private final long seq;
    private final String kind;
    private final String group;
    private final long step;
    private final byte[] data;

    /**
     * @param seq   position in the log (1, 2, ...), unique within one server run
     * @param kind  {@code metric}, {@code alert} or {@code control}
     * @param group group id
     * @param step  training step (-1 when the value has none)
     * @param json  the value as received (encoded now; not kept)
     */
    StoredEvent(long seq, String kind, String group, long step, JsonObject json) {
        this.seq = seq;
        this.kind = kind;
        this.group = group;
        this.step = step;
        this.data = json.toBuffer().getBytes();
    }

    public long seq() {
        return seq;
    }

    public String kind() {
        return kind;
    }

    public String group() {
        return group;
    }

    public long step() {
        return step;
    }

    /** The value as received: a fresh object decoded from the stored text (the caller may modify it). */
    public JsonObject json() {
        return new JsonObject(Buffer.buffer(data));
    }

    /** The stored JSON text, UTF-8 (not to be modified). */
    byte[] data() {
        return data;
    }

    /** Heap bytes counted against the store's bound: the text plus {@value #OVERHEAD_BYTES}. */
    int weight() {
        return data.length + OVERHEAD_BYTES;
    }

    /** Appends the SSE frame {@code id: <epoch>-<seq>}, {@code event: <kind>}, {@code data: <json>} to {@code out}. */
    Buffer appendFrame(Buffer out, String epoch) {
        return out.appendString("id: ").appendString(epoch).appendString("-").appendString(Long.toString(seq))
                .appendBytes(EVENT).appendString(kind).appendBytes(DATA).appendBytes(data).appendBytes(END);
    }

    @Override
    public String toString() {
        return kind + "#" + seq + " " + group + " step " + step;
    }
}
