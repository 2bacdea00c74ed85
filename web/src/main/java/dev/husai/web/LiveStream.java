package dev.husai.web;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One {@code /api/live} connection, on the server's context. Two modes:
 * <ul>
 *   <li><b>catching up</b>: reads the store in chunks of {@value #CHUNK} events after {@code cursor}, one chunk per
 *       context task, pausing while the connection's write queue is full (resumed by its drain handler); live events
 *       are ignored meanwhile (the store has them);</li>
 *   <li><b>live</b>: writes each new batch's events with seq > cursor. If the write queue is full (a slow client), it
 *       goes back to catching up instead of queueing without bound.</li>
 * </ul>
 * Gap-free and without duplicates: the stream is registered for live events before the first read; a chunk that
 * reaches the end of the log sets the cursor to the log's last seq in the same task that switches to live, so every
 * later event is written live and every earlier one was read (seq <= cursor are skipped). Events thinned by the store
 * before the stream reached them are not sent: the client gets the kept ones, so a curve keeps its shape with fewer
 * old steps.
 *
 * <p>A paused stream resumes on the connection's drain notification, and also when a re-check every
 * {@value #DRAIN_RECHECK_MS} ms finds the write queue no longer full: a stream must not depend on one notification
 * alone (a fresh-clone CI run once saw an all-groups backfill stop for good after a pause).
 */
final class LiveStream {
    static final int CHUNK = 256;
    /** Bytes a connection may have queued before it is paused (catch-up) or falls back to catching up (live). */
    static final int WRITE_QUEUE_BYTES = 256 * 1024;
    /** How often a paused stream looks at its write queue itself, in case the drain notification does not come. */
    static final long DRAIN_RECHECK_MS = 200;
    private final Context context;
    private final MetricStore store;
    private final HttpServerResponse res;
    private final String group;
    private final long sinceStep;
    private long cursor;
    private boolean live;
    private boolean scheduled;
    private boolean backfillDone;
    private boolean waitingForDrain;

    LiveStream(Context context, MetricStore store, HttpServerResponse res, String group, long sinceStep, long afterSeq) {
        this.context = context;
        this.store = store;
        this.res = res.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        this.group = group;
        this.sinceStep = sinceStep;
        this.cursor = afterSeq;
    }

    /** New events of this stream's group (of any group for an all-groups stream), in log order. */
    void offer(LiveChannel.Batch b) {
        if (!live || b.lastSeq <= cursor || res.closed()) {
            return;
        }
        if (res.writeQueueFull()) {
            live = false;
            waitForDrain();
            return;
        }
        if (b.firstSeq > cursor && b.minStep > sinceStep) {
            res.write(b.frames()); // the common case: the batch's one buffer, shared by every such stream
        } else {
            Buffer out = Buffer.buffer();
            b.events.stream().filter(e -> e.seq() > cursor && e.step() > sinceStep).forEach(e -> e.appendFrame(out, store.epoch()));
            if (out.length() > 0) {
                res.write(out);
            }
        }
        cursor = b.lastSeq;
    }

    /** Writes one chunk of the backfill and schedules the next, or turns live at the end of the log. */
    void catchUp() {
        scheduled = false;
        if (res.closed()) {
            return;
        }
        if (res.writeQueueFull()) {
            waitForDrain();
            return;
        }
        MetricStore.Chunk c = store.read(group, cursor, sinceStep, CHUNK);
        if (!c.events().isEmpty()) {
            Buffer out = Buffer.buffer();
            c.events().forEach(e -> e.appendFrame(out, store.epoch()));
            res.write(out); // one write per chunk
        }
        cursor = c.cursor();
        if (c.done()) {
            live = true;
            if (!backfillDone) {
                backfillDone = true;
                res.write(": backfill done\n\n");
            }
        } else {
            schedule(); // one chunk per task: other connections and the live fan-out run in between
        }
    }

    private void waitForDrain() {
        if (waitingForDrain) {
            return;
        }
        waitingForDrain = true;
        res.drainHandler(v -> resumeAfterDrain());
        recheckLater();
    }

    private void recheckLater() {
        context.owner().setTimer(DRAIN_RECHECK_MS, t -> {
            if (!waitingForDrain || res.closed()) {
                return;
            }
            if (res.writeQueueFull()) {
                recheckLater();
            } else {
                resumeAfterDrain();
            }
        });
    }

    private void resumeAfterDrain() {
        if (!waitingForDrain) {
            return;
        }
        waitingForDrain = false;
        res.drainHandler(null);
        schedule();
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            context.runOnContext(v -> catchUp());
        }
    }
}
