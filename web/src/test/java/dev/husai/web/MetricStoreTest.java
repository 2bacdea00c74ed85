package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The store's memory bound: thinning by step keeps the whole run's shape, the latest steps, alerts and last points. */
class MetricStoreTest {

    private static JsonObject point(String type, String group, long step) {
        return new JsonObject().put("type", type).put("group", group).put("step", step);
    }

    /** One finalised step of a group: a pair point per pair of seeds, a seed point per seed, the group point. */
    private static void step(MetricStore store, String group, long step, int seeds) {
        for (int a = 0; a < seeds; a++) {
            for (int b = a + 1; b < seeds; b++) {
                store.onMetric(point("pair", group, step).put("a", a).put("b", b));
            }
            store.onMetric(point("seed", group, step).put("seed", a));
        }
        store.onMetric(point("group", group, step));
    }

    private static TreeSet<Long> metricSteps(MetricStore store, String group) {
        TreeSet<Long> steps = new TreeSet<>();
        store.history(group, -1).stream().filter(e -> e.kind().equals("metric")).forEach(e -> steps.add(e.step()));
        return steps;
    }

    /**
     * Budget 100, 2 seeds (4 events per step: pair 0-1, seed 0, seed 1, group), steps 0..999, an alert every 100 steps.
     * By hand: a compaction keeps a tail of whole steps within B/2 = 50 events and must end at <= 3B/4 = 75, so the old
     * part gets 75 - 50 - 9 alerts = 16 events = 4 steps: the stride doubles to 256 (steps 0, 256, 512, 768). At the end
     * the tail is steps 987..999 (13 x 4 = 52 events): 16 + 52 + 9 = 77 retained.
     */
    @Test
    void aBoundedGroupKeepsStepZeroToNowOnAUniformGridTheLatestStepsAndEveryAlert() {
        MetricStore store = new MetricStore(100);
        int most = 0;
        for (long s = 0; s < 1000; s++) {
            step(store, "g", s, 2);
            if (s > 0 && s % 100 == 0) {
                store.onAlert(new JsonObject().put("kind", "loss_spike").put("group", "g").put("seed", 1).put("step", s));
            }
            most = Math.max(most, store.retained());
        }
        assertTrue(most <= 100, "expected at most 100 retained events at any time, found " + most);
        assertEquals(77, store.retained());
        assertEquals(4 * 1000 + 9 - 77, store.thinned());
        TreeSet<Long> expected = new TreeSet<>(List.of(0L, 256L, 512L, 768L));
        LongStream.rangeClosed(987, 999).forEach(expected::add);
        assertEquals(expected, metricSteps(store, "g"), "the run from step 0 to 999 stays visible");
        for (long s = 987; s <= 999; s++) {
            long step = s;
            assertEquals(4, store.history("g", -1).stream().filter(e -> e.step() == step && e.kind().equals("metric")).count(),
                    "every point of the latest step " + s);
        }
        assertEquals(9, store.alerts().size(), "alerts are never thinned");
        assertEquals(1000 * 4 + 9, store.lastSeq());
        assertEquals(999L, store.groups().getJsonObject(0).getLong("step"), "the summary is not thinned");
    }

    @Test
    void theLastPointOfAStoppedSeedSurvivesThinning() {
        MetricStore store = new MetricStore(100);
        for (long s = 0; s < 1000; s++) {
            step(store, "g", s, s <= 333 ? 3 : 2);
        }
        List<StoredEvent> kept = store.history("g", -1);
        assertTrue(kept.stream().anyMatch(e -> e.step() == 333 && Long.valueOf(2).equals(e.json().getLong("seed"))),
                "seed 2's last point (step 333, off the grid) is kept");
        assertTrue(kept.stream().anyMatch(e -> e.step() == 333 && Integer.valueOf(2).equals(e.json().getInteger("b"))),
                "and its last pair points");
        assertFalse(kept.stream().anyMatch(e -> e.step() == 332), "step 332 itself is thinned");
        assertEquals(List.of(0L, 1L, 2L), store.seeds("g"));
        assertTrue(store.retained() <= 100);
    }

    @Test
    void aNewGroupShrinksEveryGroupsBudgetAndTheTotalStaysBounded() {
        MetricStore store = new MetricStore(1000);
        for (long s = 0; s < 600; s++) {
            step(store, "g1", s, 2);
        }
        assertTrue(store.retained() <= 1000);
        step(store, "g2", 0, 2);
        assertEquals(500, store.groupBudget().events());
        assertTrue(store.retained() <= 375 + 4, "g1 thinned to <= 3/4 of its new budget at once, found " + store.retained());
        for (long s = 1; s < 600; s++) {
            step(store, "g2", s, 2);
            assertTrue(store.retained() <= 1000, "expected <= 1000 events, found " + store.retained());
        }
        assertEquals(0L, metricSteps(store, "g1").first());
        assertEquals(599L, metricSteps(store, "g1").last());
        assertEquals(0L, metricSteps(store, "g2").first());
        assertEquals(599L, metricSteps(store, "g2").last());
    }

    /** Points of 1000 bytes of text (+96 overhead) under a 64 KiB bound: the bytes bind long before the events. */
    @Test
    void theBytesBoundThinsBigPointsTooAndKeepsTheRunsShape() {
        MetricStore store = new MetricStore(new MetricStore.Bound(1_000_000, 64 * 1024));
        String pad = "x".repeat(1000 - point("group", "g", 1000).put("pad", "").encode().length());
        for (long s = 1000; s < 2000; s++) {
            store.onMetric(point("group", "g", s).put("pad", pad));
            assertTrue(store.retainedBytes() <= 64 * 1024, "expected <= 64 KiB, found " + store.retainedBytes());
        }
        assertEquals(1096L * store.retained(), store.retainedBytes(), "each event weighs its 1000-byte text + 96");
        assertEquals(1000L, metricSteps(store, "g").first());
        assertEquals(1999L, metricSteps(store, "g").last());
        assertTrue(store.retained() <= 64 * 1024 / 1096);
        assertEquals(pad, store.history("g", 1998).get(0).json().getString("pad"), "the value decodes as received");
    }

    @Test
    void readReturnsBoundedChunksInLogOrderAfterASeqAcrossGroups() {
        MetricStore store = new MetricStore();
        for (long s = 0; s < 1000; s++) {
            store.onMetric(point("group", s % 3 == 0 ? "a" : "b", s));
        }
        List<Long> seqs = new ArrayList<>();
        long cursor = 17;
        int chunks = 0;
        for (boolean done = false; !done; chunks++) {
            MetricStore.Chunk c = store.read(null, cursor, Long.MIN_VALUE, 100);
            assertTrue(c.events().size() <= 100);
            c.events().forEach(e -> seqs.add(e.seq()));
            cursor = c.cursor();
            done = c.done();
        }
        assertEquals(LongStream.rangeClosed(18, 1000).boxed().toList(), seqs, "every event after seq 17, in order, once");
        assertEquals(10, chunks);
        assertEquals(1000, cursor);
        MetricStore.Chunk a = store.read("a", 0, 900, 1000);
        assertEquals(LongStream.rangeClosed(901, 999).filter(s -> s % 3 == 0).boxed().toList(),
                a.events().stream().map(StoredEvent::step).toList(), "one group, steps after since");
        assertTrue(a.done());
        assertEquals(List.of(), store.read("none", 0, -1, 10).events());
    }

    @Test
    void controlForAnUnknownGroupIsRefusedAndCreatesNoGroup() {
        MetricStore store = new MetricStore();
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> store.onControl(new JsonObject().put("group", "ghost").put("seed", 1)));
        assertEquals("expected a known group id, found ghost", e.getMessage());
        assertFalse(store.hasGroup("ghost"));
        assertEquals(0, store.groups().size());
        assertEquals("expected capacity >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new MetricStore(0)).getMessage());
    }
}
