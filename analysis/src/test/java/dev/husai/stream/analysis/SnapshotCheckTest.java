package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.ControlMessage;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.Tensor;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotCheckTest {

    @Test
    void acceptsAGoodSnapshot() {
        SnapshotCheck.Result r = SnapshotCheck.check("g", Snapshots.bytes(Snapshots.snapshot("g", 7, 30,
                Snapshots.random(8, 4, 1), Map.of())));
        assertTrue(r.accepted());
        assertEquals(7, r.seed());
        assertEquals(30, r.step());
    }

    @Test
    void rejectsGarbageWrongKeyVersionAndShapesWithReasons() {
        assertFalse(SnapshotCheck.check("g", "hello".getBytes()).accepted());
        assertTrue(SnapshotCheck.check("g", new byte[0]).reason().contains("found 0 bytes"));
        byte[] good = Snapshots.bytes(Snapshots.snapshot("g", 1, 1, Snapshots.random(8, 4, 1), Map.of()));
        assertEquals("expected record key = metadata group, found key other, group g",
                SnapshotCheck.check("other", good).reason());
        Map<String, String> meta = new LinkedHashMap<>(Map.of("format_version", "99", "group", "g", "seed", "1", "step", "1"));
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("W_enc", Tensor.f32(new float[4 * 8], 4, 8));
        t.put("W_dec", Tensor.f32(new float[8 * 4], 8, 4));
        t.put("b_enc", Tensor.f32(new float[8], 8));
        t.put("b_dec", Tensor.f32(new float[4], 4));
        String v = SnapshotCheck.check("g", Safetensors.encode(t, meta)).reason();
        assertTrue(v.contains("expected format_version 1, found 99"), v);
        meta.put("format_version", "1");
        t.put("W_enc", Tensor.f32(new float[4 * 6], 4, 6));
        String shape = SnapshotCheck.check("g", Safetensors.encode(t, meta)).reason();
        assertTrue(shape.startsWith("not a valid snapshot: expected W_enc"), shape);
        t.put("W_enc", Tensor.f32(new float[4 * 8], 4, 8));
        meta.put("seed", "x");
        assertTrue(SnapshotCheck.check("g", Safetensors.encode(t, meta)).reason().contains("expected integer metadata seed, found x"));
    }

    @Test
    void rejectsMalformedOrInconsistentConfigMetadata() {
        assertEquals("expected metadata k a positive integer, found sixteen", reason(Map.of("k", "sixteen")));
        assertEquals("expected metadata l1 a finite number >= 0, found NaN", reason(Map.of("arch", "relu_l1", "l1", "NaN")));
        assertEquals("expected metadata d_sae = W_dec rows 8, found 16", reason(Map.of("d_sae", "16")));
        assertEquals("expected metadata expansion = d_sae / d_in = 8 / 4, found 4", reason(Map.of("expansion", "4")));
        assertTrue(SnapshotCheck.check("g", Snapshots.bytes(Snapshots.snapshot("g", 1, 1, Snapshots.random(8, 4, 1),
                Map.of("expansion", "2", "d_sae", "8", "d_in", "4")))).accepted());
        assertTrue(SnapshotCheck.check("g", Snapshots.bytes(Snapshots.snapshot("g", 1, 1, Snapshots.random(8, 4, 1),
                Map.of("expansion", "2")))).accepted(), "an old file states only an integer expansion");
        assertTrue(SnapshotCheck.check("g", Snapshots.bytes(Snapshots.snapshot("g", 1, 1, Snapshots.random(2, 4, 1),
                Map.of("d_sae", "2", "expansion", "0.5", "k", "1")))).accepted(), "narrower than d_in: a float expansion");
    }

    private static String reason(Map<String, String> extra) {
        return SnapshotCheck.check("g", Snapshots.bytes(Snapshots.snapshot("g", 1, 1, Snapshots.random(8, 4, 1), extra)))
                .reason();
    }

    @Test
    void groupSettingReadsTheConfigAndDerivesExpansionFromTheWeights() {
        GroupSetting s = GroupSetting.of(Snapshots.snapshot("g", 1, 1, Snapshots.random(64, 16, 1),
                Map.of("lr", "0.001", "batch_size", "1024")));
        assertEquals(new GroupSetting("topk", "resid_post", 16, 64, 4.0, 4, null, 0.001, 1024), s);
        assertEquals("{arch=topk, hook=resid_post, d_in=16, d_sae=64, expansion=4.0, k=4, lr=0.001, batch_size=1024}",
                s.fields().toString());
        GroupSetting capped = GroupSetting.of(Snapshots.snapshot("g", 1, 1, Snapshots.random(64, 16, 1),
                Map.of("steps", "4000")));
        assertEquals(4000, capped.fields().get("steps"), "the step cap rides along for the UI's early-warning forecast");
        assertEquals(null, capped.mismatch(new GroupSetting("topk", "resid_post", 16, 64, 4.0, 4, null, null, null, 8000)),
                "the cap is not a compared configuration key");
        GroupSetting odd = GroupSetting.of(Snapshots.snapshot("g", 1, 1, Snapshots.random(24, 16, 1), Map.of()));
        assertEquals(1.5, odd.expansion(), "the expansion is derived, whole or not");
    }

    @Test
    void optionsParseAndValidate() {
        AnalyzerOptions o = AnalyzerOptions.fromJson(new JsonObject().put("tau", 0.5).put("matcher", "greedy")
                .put("policy", "stop").put("groupPolicies", new JsonObject().put("g2", "alert")));
        assertEquals(0.5, o.tau());
        assertEquals(AlertPolicy.ALERT_AND_STOP, o.policyOf("g1"));
        assertEquals(AlertPolicy.ALERT_ONLY, o.policyOf("g2"));
        assertTrue(o.greedyFor(8));
        assertFalse(AnalyzerOptions.defaults().greedyFor(2048), "exact up to the measured size");
        assertTrue(AnalyzerOptions.defaults().greedyFor(2049));
        assertEquals(o, AnalyzerOptions.fromJson(o.toJson()), "toJson reads back");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnalyzerOptions.fromJson(new JsonObject().put("divergenceWindow", 0)));
        assertEquals("expected divergenceWindow >= 1, found 0", e.getMessage());
        assertEquals("stop", ControlMessage.parse(new ControlMessage("stop", "g", 3, "r", 9).encode()).action());
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.parse("{\"action\":\"stop\",\"group\":\"g\"}"));
    }
}
