package dev.husai.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeSet;

/** Running summary of one group for the overview (mutated under the {@link MetricStore} lock). */
final class GroupStats {
    private final String id;
    private final TreeSet<Long> seeds = new TreeSet<>();
    private final TreeSet<Long> stopped = new TreeSet<>();
    private JsonObject latestGroupPoint;
    private String arch;
    private String hook;
    private Object width;
    private Object sparsity;
    private long step = -1;
    private int alerts;

    GroupStats(String id) {
        this.id = id;
    }

    void addMetric(JsonObject p) {
        step = Math.max(step, p.getLong("step", -1L));
        arch = p.getString("arch", arch);
        hook = p.getString("hook", hook);
        width = firstPresent(p, width, "d_sae", "width");
        sparsity = firstPresent(p, sparsity, "k", "l1", "sparsity");
        Object seed = p.getValue("seed");
        if (seed instanceof Number n) {
            seeds.add(n.longValue());
        }
        if ("group".equals(p.getString("type")) && (latestGroupPoint == null
                || p.getLong("step", -1L) >= latestGroupPoint.getLong("step", -1L))) {
            latestGroupPoint = p;
        }
    }

    void addAlert() {
        alerts++;
    }

    void addStop(long seed) {
        stopped.add(seed);
    }

    JsonObject toJson() {
        JsonObject g = latestGroupPoint;
        return new JsonObject().put("id", id).put("arch", arch).put("hook", hook).put("width", width)
                .put("sparsity", sparsity).put("seeds", seeds.size()).put("step", step)
                .put("pw_mcc_dec", g == null ? null : g.getValue("pw_mcc_dec_mean"))
                .put("baseline_pw_mcc_dec", g == null ? null : g.getValue("baseline_pw_mcc_dec"))
                .put("shared_fraction", g == null ? null : g.getValue("shared_fraction_mean"))
                .put("baseline_shared_fraction", g == null ? null : g.getValue("baseline_shared_fraction"))
                .put("alerts", alerts).put("stopped", new JsonArray(stopped.stream().map(Object.class::cast).toList()));
    }

    private static Object firstPresent(JsonObject p, Object current, String... keys) {
        for (String k : keys) {
            if (p.getValue(k) != null) {
                return p.getValue(k);
            }
        }
        return current;
    }
}
