package dev.husai.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Reads one bounded chunk from several {@link GroupLog}s merged in log order (a k-way merge by seq). */
final class LogMerge {
    private LogMerge() {
    }

    /** The next event of one log. */
    private static final class Head {
        final GroupLog log;
        int index;

        Head(GroupLog log, int index) {
            this.log = log;
            this.index = index;
        }

        long seq() {
            return log.get(index).seq();
        }
    }

    /**
     * Up to {@code limit} events with seq > {@code afterSeq} and step > {@code sinceStep}, examining at most
     * {@code maxScan}; {@code end} is the log's last seq (the cursor of a chunk that reached the end).
     * Cost: O(k log n) to position the k heads by binary search, then O(log k) per event examined.
     */
    static MetricStore.Chunk read(List<GroupLog> logs, long afterSeq, long sinceStep, int limit, int maxScan, long end) {
        PriorityQueue<Head> heads = new PriorityQueue<>(Math.max(1, logs.size()), Comparator.comparingLong(Head::seq));
        for (GroupLog l : logs) {
            int i = l.indexAfter(afterSeq);
            if (i < l.size()) {
                heads.add(new Head(l, i));
            }
        }
        List<StoredEvent> out = new ArrayList<>(Math.min(limit, 256));
        long cursor = afterSeq;
        int scanned = 0;
        while (!heads.isEmpty() && out.size() < limit && scanned < maxScan) {
            Head h = heads.poll();
            StoredEvent e = h.log.get(h.index);
            scanned++;
            cursor = e.seq();
            if (e.step() > sinceStep) {
                out.add(e);
            }
            if (++h.index < h.log.size()) {
                heads.add(h);
            }
        }
        return heads.isEmpty() ? new MetricStore.Chunk(out, Math.max(cursor, end), true)
                : new MetricStore.Chunk(out, cursor, false);
    }
}
