package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.Alert;
import dev.husai.core.protocol.ControlMessage;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupStateTest {
    static final String G = "g1";
    final FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 42);

    AnalysisOutput feed(GroupState s, SaeSnapshot snap) {
        return s.accept(SnapshotCheck.check(G, Snapshots.bytes(snap)));
    }

    SaeSnapshot stable(long seed, long step) {
        return Snapshots.snapshot(G, seed, step, Snapshots.stable(base, seed * 100 + step, 0.02), Map.of());
    }

    static long count(List<MetricPoint> ps, String type, long step) {
        return ps.stream().filter(p -> p.type().equals(type) && p.step() == step).count();
    }

    @Test
    void fourStableSeedsGiveSixPairsOneGroupAndFourSeedPointsPerStep() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults());
        List<MetricPoint> all = new ArrayList<>();
        for (long step = 100; step <= 300; step += 100) {
            for (long seed = 0; seed < 4; seed++) {
                AnalysisOutput o = feed(s, stable(seed, step));
                assertNull(o.rejection());
                assertTrue(o.alerts().isEmpty(), () -> "no alert expected, found " + o.alerts());
                all.addAll(o.metrics());
            }
        }
        for (long step = 100; step <= 300; step += 100) {
            assertEquals(6, count(all, "pair", step));
            assertEquals(1, count(all, "group", step), "step " + step + " is finalised without flush");
            assertEquals(4, count(all, "seed", step));
            assertEquals(step == 100 ? 0 : 4, count(all, "drift", step));
        }
        MetricPoint g = all.stream().filter(p -> p.type().equals("group")).findFirst().orElseThrow();
        assertTrue(g.number("pw_mcc_dec_mean") > 0.95, g.toString());
        assertTrue(g.number("pw_mcc_dec_mean") > g.number("baseline_pw_mcc_dec") + 0.3, "well above chance: " + g);
        assertEquals(1.0, g.number("shared_fraction_mean"), 1e-9);
        assertEquals("exact", g.fields().get("method"));
        assertEquals(0.7, g.fields().get("tau"), "the threshold of the figures travels with them");
        MetricPoint seedPoint = all.stream().filter(p -> p.type().equals("seed") && p.step() == 300).findFirst().orElseThrow();
        assertEquals(Snapshots.F, ((Number) seedPoint.fields().get("crystallized")).intValue());
        assertEquals(List.of(List.of(100L, (long) Snapshots.F, 0L)), seedPoint.fields().get("crystallization_runs"),
                "every latent crystallized at the first step and never diverged");
        assertEquals(0.01, seedPoint.number("mse"), 1e-12);
    }

    @Test
    void groupPointsCarryTheSaeConfigAndAChangedConfigIsRejected() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults());
        Map<String, String> config = Map.of("expansion", "4", "lr", "0.001");
        List<MetricPoint> all = new ArrayList<>();
        for (long step = 100; step <= 200; step += 100) {
            for (long seed = 0; seed < 2; seed++) {
                all.addAll(feed(s, Snapshots.snapshot(G, seed, step, Snapshots.stable(base, seed * 100 + step, 0.02), config))
                        .metrics());
            }
        }
        MetricPoint g = all.stream().filter(p -> p.type().equals("group")).findFirst().orElseThrow();
        assertEquals("topk", g.fields().get("arch"));
        assertEquals("resid_post", g.fields().get("hook"));
        assertEquals(Snapshots.F, g.fields().get("d_sae"));
        assertEquals(Snapshots.D, g.fields().get("d_in"));
        assertEquals(4.0, g.fields().get("expansion"));
        assertEquals(4, g.fields().get("k"));
        assertEquals(0.001, g.fields().get("lr"));
        assertFalse(g.fields().containsKey("l1"), "a TopK group states k, not l1: " + g);
        MetricPoint pair = all.stream().filter(p -> p.type().equals("pair")).findFirst().orElseThrow();
        assertEquals("topk", pair.fields().get("arch"));
        assertFalse(pair.fields().containsKey("k"), "only group points carry the config: " + pair);
        AnalysisOutput changed = feed(s, Snapshots.snapshot(G, 0, 300, Snapshots.stable(base, 300, 0.02),
                Map.of("expansion", "4", "lr", "0.001", "k", "8")));
        assertEquals("expected k 4 like the group's earlier snapshots, found 8 (seed 0, step 300)", changed.rejection());
        assertTrue(changed.metrics().isEmpty());
    }

    @Test
    void identicalSeedsAreAlignedExactlyAndGreedyIsLabelled() {
        SaeWeights w = Snapshots.random(Snapshots.F, Snapshots.D, 3);
        GroupState s = new GroupState(G, AnalyzerOptions.defaults().withMatcher(MatcherChoice.GREEDY));
        feed(s, Snapshots.snapshot(G, 1, 10, w, Map.of()));
        MetricPoint p = feed(s, Snapshots.snapshot(G, 2, 10, w, Map.of())).metrics().get(0);
        assertEquals("pair", p.type());
        assertEquals("greedy", p.fields().get("method"));
        assertEquals(1.0, p.number("pw_mcc_dec"), 1e-5);
        assertEquals(1.0, p.number("shared_fraction"), 1e-12);
        assertTrue(p.number("baseline_pw_mcc_dec") < 0.9, p.toString());
    }

    @Test
    void divergingSeedIsAlertedAfterWindowAndStoppedUnderStopPolicy() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults().withPolicy(AlertPolicy.ALERT_AND_STOP));
        List<Alert> alerts = new ArrayList<>();
        List<ControlMessage> controls = new ArrayList<>();
        List<MetricPoint> all = new ArrayList<>();
        for (long step = 1; step <= 6; step++) {
            for (long seed = 0; seed < 4; seed++) {
                SaeSnapshot snap = seed == 3 && step >= 2
                        ? Snapshots.snapshot(G, 3, step, Snapshots.random(Snapshots.F, Snapshots.D, step), Map.of())
                        : stable(seed, step);
                AnalysisOutput o = feed(s, snap);
                alerts.addAll(o.alerts());
                controls.addAll(o.controls());
                all.addAll(o.metrics());
            }
        }
        assertEquals(1, alerts.size(), alerts::toString);
        Alert a = alerts.get(0);
        assertEquals("diverging_seed", a.kind());
        assertEquals(3, a.seed());
        assertEquals(4, a.step(), "window 3 of bad steps 2, 3, 4");
        assertEquals(List.of(new ControlMessage("stop", G, 3, "diverging_seed: " + a.message(), 4)), controls);
        assertEquals(6, count(all, "pair", 4));
        assertEquals(3, count(all, "pair", 5), "the stopped seed is no longer paired");
        assertEquals(1, count(all, "group", 6));
    }

    @Test
    void nonFiniteWeightsAreRejectedAlertedAndOthersContinue() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults().withPolicy(AlertPolicy.ALERT_AND_STOP));
        List<MetricPoint> all = new ArrayList<>();
        AnalysisOutput nan = null;
        for (long step = 1; step <= 3; step++) {
            for (long seed = 0; seed < 3; seed++) {
                SaeSnapshot snap = stable(seed, step);
                if (seed == 1 && step == 2) {
                    snap.weights().wDecFD().data()[5] = Float.NaN;
                    nan = feed(s, snap);
                    continue;
                }
                all.addAll(feed(s, snap).metrics());
            }
        }
        assertNotNull(nan);
        assertTrue(nan.rejection().contains("W_dec[5] = NaN"), nan.rejection());
        assertEquals("non_finite", nan.alerts().get(0).kind());
        assertEquals(1, nan.controls().get(0).seed());
        assertEquals(1, count(all, "pair", 2), "seeds 0 and 2 only");
        assertEquals(1, count(all, "group", 3), "step 3 finalised without the stopped seed");
    }

    @Test
    void duplicateStepIsRejectedNotDropped() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults());
        feed(s, stable(0, 5));
        AnalysisOutput dup = feed(s, stable(0, 5));
        assertTrue(dup.rejection().startsWith("expected step > 5 for seed 0, found 5"), dup.rejection());
    }

    @Test
    void silentSeedTriggersHeartbeatAndIsNoLongerAwaited() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults());
        List<Alert> alerts = new ArrayList<>();
        List<MetricPoint> all = new ArrayList<>();
        for (long step = 10; step <= 60; step += 10) {
            for (long seed = 0; seed < 3; seed++) {
                if (seed == 2 && step > 20) {
                    continue;
                }
                AnalysisOutput o = feed(s, stable(seed, step));
                alerts.addAll(o.alerts());
                all.addAll(o.metrics());
            }
        }
        assertEquals(1, alerts.size(), alerts::toString);
        assertEquals("heartbeat", alerts.get(0).kind());
        assertEquals(2, alerts.get(0).seed());
        assertEquals(60, alerts.get(0).step(), "group at 60 is more than 3 x 10 steps past 20");
        assertEquals(1, count(all, "group", 30));
    }

    @Test
    void lossAndDeadSpikesAreAlertedWithEvidence() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults());
        List<Alert> alerts = new ArrayList<>();
        for (long step = 1; step <= 7; step++) {
            Map<String, String> extra = step == 7 ? Map.of("mse", "0.5", "dead_fraction", "0.6") : Map.of();
            alerts.addAll(feed(s, Snapshots.snapshot(G, 0, step, Snapshots.stable(base, step, 0.02), extra)).alerts());
        }
        assertEquals(List.of("loss_spike", "dead_spike"), alerts.stream().map(Alert::kind).toList());
        assertEquals(0.01, (double) alerts.get(0).evidence().get("rolling_mean"), 1e-12);
        assertFalse(alerts.get(0).stop());
    }

    @Test
    void sameInputGivesSameOutputs() {
        List<String> first = run();
        assertEquals(first, run());
        assertTrue(first.size() > 20);
    }

    private List<String> run() {
        GroupState s = new GroupState(G, AnalyzerOptions.defaults());
        List<String> out = new ArrayList<>();
        for (long step = 1; step <= 3; step++) {
            for (long seed = 0; seed < 3; seed++) {
                feed(s, stable(seed, step)).metrics().forEach(p -> out.add(new JsonObject(p.toMap()).encode()));
            }
        }
        s.flush().metrics().forEach(p -> out.add(new JsonObject(p.toMap()).encode()));
        return out;
    }
}
