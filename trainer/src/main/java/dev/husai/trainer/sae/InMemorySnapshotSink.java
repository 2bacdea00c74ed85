package dev.husai.trainer.sae;

import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every snapshot in arrival order (tests, small runs). Thread-safe. */
public final class InMemorySnapshotSink implements SnapshotSink {
    private final List<SaeSnapshot> snapshots = new ArrayList<>();

    @Override
    public synchronized void accept(SaeSnapshot snapshot) {
        snapshots.add(snapshot);
    }

    /** A copy of the snapshots received so far. */
    public synchronized List<SaeSnapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    /** The snapshots of one seed, in step order. */
    public synchronized List<SaeSnapshot> ofSeed(long seed) {
        return snapshots.stream().filter(s -> s.meta("seed", "").equals(Long.toString(seed))).toList();
    }
}
