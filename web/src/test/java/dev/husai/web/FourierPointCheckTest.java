package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class FourierPointCheckTest {

    private static JsonObject point(JsonObject row) {
        return new JsonObject().put("type", "fourier").put("group", "g").put("step", 400).put("seed", 2)
                .put("frequencies", new JsonArray().add(row));
    }

    private static JsonObject row(Object k, Object latents, Object universal, Object purity) {
        return new JsonObject().put("frequency", k).put("latents", latents).put("universal", universal).put("best_purity", purity);
    }

    @Test
    void aWellFormedPointIsStored() {
        MetricStore store = new MetricStore();
        store.onMetric(point(row(42, 3, 2, 0.93)));
        assertEquals(1, store.history("g", -1).size());
    }

    @Test
    void malformedPointsAreRefusedWithExpectedAndFound() {
        MetricStore store = new MetricStore();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.onMetric(point(row("<img src=x onerror=alert(1)>", 3, 2, 0.9))));
        assertEquals("expected frequency an integer >= 1 in a fourier point, found <img src=x onerror=alert(1)>", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> store.onMetric(point(row(42, 1, 2, 0.9))));
        assertTrue(e.getMessage().startsWith("expected universal <= latents in a fourier row, found "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> store.onMetric(point(row(42, 1, 0, 1.5))));
        assertEquals("expected best_purity a number in [0, 1], found 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> store.onMetric(point(row(42, 1, 0, 0.5)).put("frequencies", "x")));
        assertEquals("expected a fourier point with a non-empty frequencies array, found x", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> store.onMetric(point(row(42, 1, 0, 0.5)).put("seed", "0")));
        assertEquals("expected seed an integer >= 0 in a fourier point, found 0", e.getMessage());
        assertFalse(store.hasGroup("g"), "nothing malformed was stored");
    }
}
