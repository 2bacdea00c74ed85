package dev.husai.web;

import dev.husai.core.snapshot.SnapshotMetadata;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeSet;

/** Running summary of one group for the overview (mutated under the {@link MetricStore} lock). */
final class GroupStats {
    private final String id;
    private final JsonObject config = new JsonObject();
    private final TreeSet<Long> seeds = new TreeSet<>();
    private final TreeSet<Long> stopped = new TreeSet<>();
    private final GroupForecast forecast = new GroupForecast();
    private JsonObject latestGroupPoint;
    private String arch;
    private String hook;
    private long step = -1;
    private long lastSeq;
    private int alerts;

    GroupStats(String id) {
        this.id = id;
    }

    void addMetric(JsonObject p) {
        step = Math.max(step, p.getLong("step", -1L));
        arch = p.getString("arch", arch);
        hook = p.getString("hook", hook);
        for (String k : SnapshotMetadata.CONFIG_KEYS) {
            if (p.getValue(k) != null) {
                config.put(k, p.getValue(k));
            }
        }
        Object seed = p.getValue("seed");
        if (seed instanceof Number n) {
            seeds.add(n.longValue());
        }
        if ("group".equals(p.getString("type"))) {
            forecast.add(p);
        }
        if ("group".equals(p.getString("type")) && (latestGroupPoint == null
                || p.getLong("step", -1L) >= latestGroupPoint.getLong("step", -1L))) {
            latestGroupPoint = p;
        }
    }

    /** Records the log position of the latest event of this group. */
    void touched(long seq) {
        lastSeq = seq;
    }

    /** Log position of the latest event of this group. */
    long lastSeq() {
        return lastSeq;
    }

    /** The seeds named by this group's metric points, ascending. */
    List<Long> seeds() {
        return List.copyOf(seeds);
    }

    void addAlert() {
        alerts++;
    }

    void addStop(long seed) {
        stopped.add(seed);
    }

    JsonObject toJson() {
        JsonObject g = latestGroupPoint;
        return new JsonObject().put("id", id).put("arch", arch).put("hook", hook).put("seeds", seeds.size()).put("step", step)
                .put("pw_mcc_dec", g == null ? null : g.getValue("pw_mcc_dec_mean"))
                .put("baseline_pw_mcc_dec", g == null ? null : g.getValue("baseline_pw_mcc_dec"))
                .put("pairs", g == null ? null : g.getValue("pairs"))
                .put("shared_fraction", g == null ? null : g.getValue("shared_fraction_mean"))
                .put("baseline_shared_fraction", g == null ? null : g.getValue("baseline_shared_fraction"))
                .put("alerts", alerts).put("stopped", new JsonArray(stopped.stream().map(Object.class::cast).toList()))
                .put("config", config.copy()).put("forecast", forecast.toJson());
    }
}
