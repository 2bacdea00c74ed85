package dev.husai.trainer.sae;

import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotSink;
import java.util.List;

/** Sends every snapshot to several sinks in order (e.g. a directory for the report and Kafka for the live UI). */
public final class TeeSnapshotSink implements SnapshotSink {
    private final List<SnapshotSink> sinks;

    public TeeSnapshotSink(List<SnapshotSink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("expected at least one sink, found none");
        }
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void accept(SaeSnapshot snapshot) {
        for (SnapshotSink s : sinks) {
            s.accept(snapshot);
        }
    }

    /** Closes every sink, even when one fails; the first failure is rethrown with the others suppressed. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (SnapshotSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
