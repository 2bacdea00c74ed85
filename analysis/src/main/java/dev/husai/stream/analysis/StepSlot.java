package dev.husai.stream.analysis;

import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.SaeDictionaries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The snapshots of one step that are waiting for the rest of the group, and the pairs computed so far. */
final class StepSlot {

    /** One computed pair of seeds {@code a < b}. */
    record Pair(long a, long b, PairReport report) {
    }

    final long step;
    final Map<Long, SaeDictionaries> dictionaries = new TreeMap<>();
    final Map<Long, SaeSnapshot> snapshots = new TreeMap<>();
    final List<Pair> pairs = new ArrayList<>();

    StepSlot(long step) {
        this.step = step;
    }
}
