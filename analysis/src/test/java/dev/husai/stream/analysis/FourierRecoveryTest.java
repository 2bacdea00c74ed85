package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierRecovery;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.tensor.FloatMatrix;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FourierRecoveryTest {
    static final String G = "fourier-g";

    static SaeSnapshot snap(long seed, long step, boolean odd, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("arch", "relu_l1"));
        m.putAll(extra);
        return Snapshots.snapshot(G, seed, step, FourierFixture.sae(odd, (int) seed), m);
    }

    @Test
    void pureFourierLatentsRecoverTheirFrequencyAndTheStableOnesAreCounted() {
        boolean[] stable = {true, false, true, false, false, false};
        LatentRecovery r = FourierRecovery.of(snap(0, 0, false, Map.of()), new FourierBasis(FourierFixture.P),
                FourierFixture.truth().at("resid_post"), FourierFixture.KEYS, stable);
        assertEquals(3, r.frequencies().size());
        LatentRecovery.Frequency k2 = r.frequencies().get(0);
        LatentRecovery.Frequency k5 = r.frequencies().get(1);
        LatentRecovery.Frequency k6 = r.frequencies().get(2);
        assertEquals(List.of(2, 2, 1), List.of(k2.frequency(), k2.latents(), k2.universalLatents()), "e0 and e1; e0 universal");
        assertEquals(1.0, k2.bestPurity(), 1e-4, "cos(2w(a+b)) is all frequency-2 power");
        assertEquals(List.of(5, 3, 1), List.of(k5.frequency(), k5.latents(), k5.universalLatents()), "e2, e3 and the mix");
        assertEquals(0.64, r.perLatent().purity()[4], 1e-4, "0.6 cos 2w + 0.8 cos 5w: 0.8^2 of the power at 5");
        assertEquals(List.of(6, 0, 0), List.of(k6.frequency(), k6.latents(), k6.universalLatents()));
        assertEquals(0.0, k6.bestPurity());
        assertEquals(5, r.liveLatents(), "latent 5 never fires");
    }

    @Test
    void groundTruthIsValidatedAtConstruction() {
        FloatMatrix wrong = new FloatMatrix(10, 4, new float[40]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroundTruth(13, Map.of(HookPoint.RESID_POST, wrong), new int[] {2}));
        assertEquals("expected resid_post activations [169, D] (p^2 inputs), found [10,4]", e.getMessage());
        FloatMatrix acts = FourierFixture.truth().at("resid_post");
        assertThrows(IllegalArgumentException.class, () -> new GroundTruth(13, Map.of(HookPoint.RESID_POST, acts), new int[] {7}));
        assertNull(FourierFixture.truth().at("mlp_post"));
    }

    /** 3 seeds, steps 100..800 (800 final), wall clock = 10 ms per step, interval 2.5 s. */
    static List<MetricPoint> run(Analyzer a, AtomicLong clock, String hook) {
        List<MetricPoint> all = new ArrayList<>();
        for (long step = 100; step <= 800; step += 100) {
            clock.set(step * 10);
            for (long seed = 0; seed < 3; seed++) {
                Map<String, String> extra = step == 800 ? Map.of("hook", hook, "final", "true") : Map.of("hook", hook);
                AnalysisOutput o = a.accept(G, Snapshots.bytes(snap(seed, step, seed == 2, extra)));
                assertNull(o.rejection());
                all.addAll(o.metrics());
            }
        }
        return all;
    }

    @Test
    void analyzerEmitsFourierPointsRateLimitedByWallTimeAndAtTheLastSnapshot() {
        AtomicLong clock = new AtomicLong();
        Analyzer a = new Analyzer(AnalyzerOptions.defaults().withFourierInterval(2500), FourierFixture.truth(), clock::get);
        List<MetricPoint> fourier = run(a, clock, "resid_post").stream().filter(p -> p.type().equals("fourier")).toList();
        // step t is finalised when seed 2 reports it, except step 100: when the seed set is known (step 200, 2 s)
        assertEquals(List.of(100L, 100L, 100L, 500L, 500L, 500L, 800L, 800L, 800L),
                fourier.stream().map(MetricPoint::step).toList(), "first step, then >= 2.5 s later, and the final step");
        MetricPoint seed0 = fourier.get(6);
        assertEquals(0L, seed0.fields().get("seed"));
        JsonObject json = new JsonObject(new JsonObject(seed0.toMap()).encode());
        assertEquals("resid_post", json.getString("hook"));
        JsonArray rows = json.getJsonArray("frequencies");
        assertEquals(List.of(2, 2, 1), row(rows.getJsonObject(0)), "e1 is not found by seed 2: not stable");
        assertEquals(List.of(5, 3, 3), row(rows.getJsonObject(1)));
        assertEquals(List.of(6, 0, 0), row(rows.getJsonObject(2)));
        assertEquals(1.0, rows.getJsonObject(0).getDouble("best_purity"), 1e-4);
        assertEquals(2, json.getInteger("recovered"));
        assertEquals(5, json.getInteger("universal_latents"), "all but e1 have a partner >= tau in both other seeds");
        assertEquals(0.5, json.getDouble("min_purity"));
        assertEquals(0.7, json.getDouble("tau"));
        JsonObject seed2 = new JsonObject(new JsonObject(fourier.get(8).toMap()).encode());
        assertEquals(List.of(2, 1, 1), row(seed2.getJsonArray("frequencies").getJsonObject(0)), "seed 2 has only e0 at k=2");
    }

    private static List<Integer> row(JsonObject r) {
        return List.of(r.getInteger("frequency"), r.getInteger("latents"), r.getInteger("universal"));
    }

    @Test
    void noPointsWithoutActivationsAtTheHookAndNoneWhileRebuilding() {
        AtomicLong clock = new AtomicLong();
        Analyzer other = new Analyzer(AnalyzerOptions.defaults(), FourierFixture.truth(), clock::get);
        List<MetricPoint> all = run(other, clock, "mlp_post");
        assertTrue(all.stream().noneMatch(p -> p.type().equals("fourier")), "no mlp_post activations: skipped");
        assertTrue(all.stream().anyMatch(p -> p.type().equals("group")), "the rest of the analysis is unchanged");

        Analyzer rebuilt = new Analyzer(AnalyzerOptions.defaults(), FourierFixture.truth(), clock::get);
        for (long step = 100; step <= 200; step += 100) {
            for (long seed = 0; seed < 3; seed++) {
                assertTrue(rebuilt.acceptDiscarded(G, Snapshots.bytes(snap(seed, step, seed == 2, Map.of())))
                        .metrics().stream().noneMatch(p -> p.type().equals("fourier")));
            }
        }
        List<MetricPoint> live = new ArrayList<>();
        for (long seed = 0; seed < 3; seed++) {
            live.addAll(rebuilt.accept(G, Snapshots.bytes(snap(seed, 300, seed == 2, Map.of()))).metrics());
        }
        assertEquals(3, live.stream().filter(p -> p.type().equals("fourier") && p.step() == 300).count(),
                "the first live finalised step is analysed");
    }

    @Test
    void fourierIntervalIsAnOption() {
        assertEquals(20_000, AnalyzerOptions.defaults().fourierIntervalMs());
        assertEquals(5_000, AnalyzerOptions.fromJson(new JsonObject().put("fourierIntervalMs", 5000)).fourierIntervalMs());
        assertThrows(IllegalArgumentException.class, () -> AnalyzerOptions.defaults().withFourierInterval(-1));
    }
}
