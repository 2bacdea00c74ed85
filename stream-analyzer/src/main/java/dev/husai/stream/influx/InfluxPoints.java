package dev.husai.stream.influx;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * Maps a metric point (JSON of {@code husai.metrics}) to an InfluxDB point.
 *
 * <ul>
 * <li>measurement {@code husai_<type>} ({@code husai_pair, husai_group, husai_seed, husai_drift});</li>
 * <li>tags {@code group, arch, hook}; {@code seed} for seed and drift points; {@code pair = "a-b"} for pairs;
 * {@code method} (exact/greedy) where present; the configuration {@code d_in, d_sae, expansion, k, l1, lr,
 * batch_size} where present (group points), so that {@code GROUP BY "k"} compares sparsities;</li>
 * <li>fields: {@code step} (integer) and every other numeric value;</li>
 * <li>time (ns) = {@code trigger_ts} ms x 10^6 + step mod 10^6: deterministic, so a point re-published after an
 * analyzer restart overwrites itself (same series, same time) instead of duplicating.</li>
 * </ul>
 */
public final class InfluxPoints {
    private static final Set<String> NOT_FIELDS = Set.of("type", "group", "arch", "hook", "seed", "a", "b", "method",
            "trigger_ts", "trigger_partition", "trigger_offset", "step", "d_in", "d_sae", "expansion", "k", "l1", "lr",
            "batch_size");
    /** The SAE configuration of {@code group} points (constant per group: tags cost no series cardinality). */
    private static final String[] CONFIG_TAGS = {"d_in", "d_sae", "expansion", "k", "l1", "lr", "batch_size"};

    private InfluxPoints() {
    }

    /** The Influx point of one metric JSON; IllegalArgumentException when type/group/step/trigger_ts are missing. */
    public static Point of(JsonObject m) {
        String type = m.getString("type");
        String group = m.getString("group");
        Long step = m.getLong("step");
        Long ts = m.getLong("trigger_ts");
        if (type == null || group == null || step == null || ts == null) {
            throw new IllegalArgumentException("expected a metric point with type, group, step and trigger_ts, found "
                    + m.encode());
        }
        Point.Builder p = Point.measurement("husai_" + type)
                .time(ts * 1_000_000L + Math.floorMod(step, 1_000_000L), TimeUnit.NANOSECONDS)
                .tag("group", group).tag("arch", m.getString("arch", "unknown")).tag("hook", m.getString("hook", "unknown"))
                .addField("step", step.longValue());
        if (m.containsKey("seed")) {
            p.tag("seed", String.valueOf(m.getValue("seed")));
        }
        if (m.containsKey("a") && m.containsKey("b")) {
            p.tag("pair", m.getValue("a") + "-" + m.getValue("b"));
        }
        for (String k : CONFIG_TAGS) {
            if (m.getValue(k) != null) {
                p.tag(k, String.valueOf(m.getValue(k)));
            }
        }
        if (m.containsKey("method")) {
            p.tag("method", m.getString("method"));
        }
        for (String k : m.fieldNames()) {
            Object v = m.getValue(k);
            if (!NOT_FIELDS.contains(k) && v instanceof Number n && Double.isFinite(n.doubleValue())) {
                p.addField(k, n.doubleValue());
            }
        }
        return p.build();
    }
}
