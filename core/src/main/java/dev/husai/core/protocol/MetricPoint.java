package dev.husai.core.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a live curve, the value of a {@code husai.metrics} record (key = group). Types:
 * {@code drift} (one seed vs its previous snapshot), {@code pair} (two seeds at one step), {@code seed}
 * (one seed's mean alignment, crystallization and training metrics at a finalised step), {@code group}
 * (aggregates over the seed pairs of a finalised step) and, sampled with a testbed ground truth, {@code fourier}
 * (one seed's Fourier recovery per key frequency). Schema: {@code docs/protocol.md}.
 *
 * @param type   drift, pair, seed, group or fourier
 * @param group  group id
 * @param step   training step
 * @param fields the values (numbers, strings), in a fixed order
 */
public record MetricPoint(String type, String group, long step, Map<String, Object> fields) {

    public MetricPoint {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The JSON value as an ordered map: {@code {"type","group","step", ...fields}} (adapters encode it). */
    public Map<String, Object> toMap() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("type", type);
        j.put("group", group);
        j.put("step", step);
        j.putAll(fields);
        return j;
    }

    /** A number field (NaN when absent). */
    public double number(String field) {
        Object v = fields.get(field);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
