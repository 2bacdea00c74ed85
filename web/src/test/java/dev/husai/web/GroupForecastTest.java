package dev.husai.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.EarlyWarning;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The early-warning forecast of a running group: absent before 20% of its step cap, the shipped model's after. */
class GroupForecastTest {
    private static final int CAP = 2000;

    private static JsonObject groupPoint(String group, long step, double pw, double shared, Integer cap) {
        JsonObject p = new JsonObject().put("type", "group").put("group", group).put("step", step).put("arch", "topk")
                .put("d_sae", 64).put("pairs", 3).put("pw_mcc_dec_mean", pw).put("shared_fraction_mean", shared);
        return cap == null ? p : p.put("steps", cap);
    }

    private static JsonObject forecastOf(MetricStore store, String group) {
        return store.summaries(List.of(group)).get(0).getJsonObject("forecast");
    }

    @Test
    void theForecastAppearsOnceTheGroupReachesTwentyPercentOfItsCapAndNotBefore() {
        EarlyWarning model = GroupForecast.shipped();
        assertNotNull(model, "the product ships a model at " + GroupForecast.RESOURCE);
        MetricStore store = new MetricStore();
        List<CurvePoint> seen = new ArrayList<>();
        for (long step = 100; step <= 300; step += 100) {
            store.onMetric(groupPoint("g", step, 0.3 + step / 2000.0, step / 1000.0, CAP));
            seen.add(new CurvePoint(step, 0.3 + step / 2000.0, 0, 0, step / 1000.0, 0, 0, 3));
            assertEquals(new JsonObject().put("ready", false).put("seen_until", 400L), forecastOf(store, "g"),
                    "no forecast at step " + step + " of " + CAP);
        }
        store.onMetric(groupPoint("g", 400, 0.5, 0.4, CAP));
        seen.add(new CurvePoint(400, 0.5, 0, 0, 0.4, 0, 0, 3));
        JsonObject f = forecastOf(store, "g");
        EarlyWarning.Forecast expected = model.forecast(seen, 64, CAP);
        assertEquals(true, f.getBoolean("ready"));
        assertEquals(expected.pwMcc(), f.getDouble("pw_mcc"), 1e-12);
        assertEquals(expected.shared(), f.getDouble("shared"), 1e-12);
        assertEquals(4, f.getInteger("seen_points"));
        assertEquals(model.trainingGroups().size(), f.getInteger("groups"));
        assertEquals(model.logo().pwMcc().modelMae(), f.getDouble("mae_pw_mcc"), 1e-12);
        for (long step = 500; step <= 1000; step += 100) {
            store.onMetric(groupPoint("g", step, 0.05, 0.0, CAP)); // what comes after the cut is never seen
        }
        assertEquals(f, forecastOf(store, "g"));
    }

    @Test
    void aGroupWithoutAStatedCapGetsNoForecast() {
        MetricStore store = new MetricStore();
        for (long step = 100; step <= 1000; step += 100) {
            store.onMetric(groupPoint("old", step, 0.5, 0.4, null));
        }
        assertNull(forecastOf(store, "old"));
        assertNull(new GroupForecast(null).toJson(), "no model, no forecast");
    }
}
