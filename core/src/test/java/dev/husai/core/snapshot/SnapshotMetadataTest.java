package dev.husai.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.Width;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotMetadataTest {

    private static SaeSnapshot with(Map<String, String> extra) {
        Map<String, String> m = SnapshotMetadata.required("g", 3, 40, "topk", "resid_post");
        m.putAll(extra);
        return new SaeSnapshot(m, SyntheticSaes.tied(SyntheticSaes.gaussian(4, 2, 1)));
    }

    @Test
    void writerStatesTheConfigurationKeysAndTheLastSnapshot() {
        SaeConfig c = SaeConfig.builder(HookPoint.RESID_POST, 16).arch(SaeConfig.Arch.TOPK).width(Width.latents(32)).k(4).lr(1e-3)
                .batchSize(64).steps(100).snapshotEvery(50).seeds(List.of(0L)).build();
        Map<String, String> m = SnapshotMetadata.of(c, Map.of(), 0, 100, Map.of("fvu", 0.25), null, true, 0f);
        assertEquals(List.of("format_version", "group", "seed", "step", "arch", "hook"), List.copyOf(m.keySet()).subList(0, 6));
        for (String key : SnapshotMetadata.CONFIG_KEYS) {
            assertTrue(key.equals("l1") || m.containsKey(key), "written: " + key);
        }
        SaeSnapshot s = new SaeSnapshot(m, SyntheticSaes.tied(SyntheticSaes.gaussian(32, 16, 1)));
        assertTrue(SnapshotMetadata.isLast(s));
        assertEquals("final", SnapshotMetadata.endReason(s));
        assertEquals(0.25, SnapshotMetadata.metric(s, "fvu"), 1e-12);
        assertEquals(4, SnapshotMetadata.positiveInt(s, "k"));
        assertEquals(100, SnapshotMetadata.integer(s, "step"));
    }

    @Test
    void lastSnapshotIsFinalOrStoppedEarly() {
        assertFalse(SnapshotMetadata.isLast(with(Map.of())));
        assertFalse(SnapshotMetadata.isLast(with(Map.of("final", "false"))));
        assertTrue(SnapshotMetadata.isLast(with(Map.of("final", "true"))));
        SaeSnapshot stopped = with(Map.of("stopped_reason", "stopped by request"));
        assertTrue(SnapshotMetadata.isLast(stopped));
        assertEquals("stopped by request", SnapshotMetadata.endReason(stopped));
    }

    @Test
    void readerSaysExpectedAndFound() {
        SaeSnapshot s = with(Map.of("k", "sixteen", "l1", "-1", "mse", "x"));
        assertEquals("expected metadata k a positive integer, found sixteen",
                assertThrows(IllegalArgumentException.class, () -> SnapshotMetadata.positiveInt(s, "k")).getMessage());
        assertEquals("expected metadata l1 a finite number >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> SnapshotMetadata.nonNegative(s, "l1")).getMessage());
        assertEquals("expected integer metadata epoch, found none",
                assertThrows(IllegalArgumentException.class, () -> SnapshotMetadata.integer(s, "epoch")).getMessage());
        assertNull(SnapshotMetadata.positiveInt(s, "batch_size"));
        assertTrue(Double.isNaN(SnapshotMetadata.metric(s, "mse")));
        assertTrue(Double.isNaN(SnapshotMetadata.metric(s, "fvu")));
        assertEquals(3, SnapshotMetadata.integer(s, "seed"));
    }
}
