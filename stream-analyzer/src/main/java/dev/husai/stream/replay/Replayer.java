package dev.husai.stream.replay;

import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.SafetensorsFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Re-publishes a recording onto the snapshots topic under a new group id ({@code <group>@<runId>}: key and
 * metadata {@code group} rewritten, tensors and all other metadata unchanged), in recorded order, paced by the
 * recorded timestamps divided by {@code speed} ({@code speed <= 0}: as fast as possible). Records that are
 * not safetensors are re-published unchanged (they were dead-lettered live and will be again).
 */
public final class Replayer {

    private Replayer() {
    }

    /** The replayed group id of {@code group} for {@code runId}. */
    public static String replayGroup(String group, String runId) {
        return group + "@" + runId;
    }

    /** Publishes every entry and waits for the acknowledgements; returns the number published. */
    public static int replay(List<Recording.Entry> entries, Producer<String, byte[]> producer, String topic,
                             String runId, double speed) throws InterruptedException {
        long start = System.currentTimeMillis();
        long first = entries.isEmpty() ? 0 : entries.get(0).timestampMs();
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        for (Recording.Entry e : entries) {
            if (speed > 0) {
                long due = start + (long) ((e.timestampMs() - first) / speed);
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            String group = replayGroup(e.key(), runId);
            acks.add(producer.send(new ProducerRecord<>(topic, group, rewriteGroup(e.value(), group))));
        }
        producer.flush();
        for (Future<RecordMetadata> f : acks) {
            try {
                f.get(120, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ex) {
                throw new IllegalStateException("expected every replayed record to be acknowledged, found " + ex, ex);
            }
        }
        return entries.size();
    }

    /** The snapshot with metadata {@code group} replaced; non-snapshots unchanged. */
    static byte[] rewriteGroup(byte[] value, String group) {
        SafetensorsFile f;
        try {
            f = Safetensors.decode(value);
        } catch (RuntimeException notSafetensors) {
            return value;
        }
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        meta.put("group", group);
        return Safetensors.encode(new SafetensorsFile(f.tensors(), meta));
    }
}
