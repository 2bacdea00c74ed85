package dev.husai.core.snapshot;

/**
 * Where a training loop sends each seed's {@link SaeSnapshot} every N steps: a directory on disk, memory
 * (tests), a Kafka topic. The only thing the loop knows about its output (DJL's TrainingListener idea):
 * the loop calls {@link #accept} from one thread, in step order per seed, and {@link #close} once at the end.
 */
public interface SnapshotSink extends AutoCloseable {

    /** Takes one snapshot; must not keep a reference the caller mutates later (snapshots are immutable). */
    void accept(SaeSnapshot snapshot);

    /** Flushes and releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
