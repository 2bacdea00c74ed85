package dev.husai.core.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alert with its evidence, the value of a {@code husai.alerts} record (key = group).
 *
 * @param kind     {@code non_finite}, {@code diverging_seed}, {@code loss_spike}, {@code dead_spike} or {@code heartbeat}
 * @param group    group id
 * @param seed     the seed concerned
 * @param step     step at which the rule fired
 * @param message  human-readable, says expected vs found
 * @param evidence the numbers behind it
 * @param stop     true when the group's policy also stops the seed
 */
public record Alert(String kind, String group, long seed, long step, String message, Map<String, Object> evidence,
                    boolean stop) {

    public Alert {
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** The JSON value as an ordered map: {@code {"kind","group","seed","step","message","evidence":{...},"stop"}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", kind);
        j.put("group", group);
        j.put("seed", seed);
        j.put("step", step);
        j.put("message", message);
        j.put("evidence", new LinkedHashMap<>(evidence));
        j.put("stop", stop);
        return j;
    }
}
