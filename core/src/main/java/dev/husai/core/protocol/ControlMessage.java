package dev.husai.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command to a trainer, the value of a {@code husai.control} record (key = group):
 * {@code {"action":"stop","group":"g","seed":3,"reason":"...","step":400}}.
 *
 * @param action only {@code stop} today
 * @param group  group id
 * @param seed   seed to stop
 * @param reason why (the alert message)
 * @param step   step of the evidence
 */
public record ControlMessage(String action, String group, long seed, String reason, long step) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ControlMessage {
        if (!"stop".equals(action)) {
            throw new IllegalArgumentException("expected action stop, found " + action);
        }
        if (group == null || group.isEmpty()) {
            throw new IllegalArgumentException("expected a group id, found " + group);
        }
    }

    /** The JSON value as an ordered map: {@code {"action","group","seed","reason","step"}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("action", action);
        j.put("group", group);
        j.put("seed", seed);
        j.put("reason", reason);
        j.put("step", step);
        return j;
    }

    /** The record value: {@link #toMap()} encoded as JSON. */
    public String encode() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("expected a control message to encode, found " + e.getMessage(), e);
        }
    }

    /** Parses a control record value; IllegalArgumentException with expected vs found on bad input. */
    public static ControlMessage parse(String json) {
        JsonNode j;
        try {
            j = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected a JSON control message, found " + json, e);
        }
        if (j == null || !j.isObject()) {
            throw new IllegalArgumentException("expected a JSON control message, found " + json);
        }
        JsonNode seed = j.get("seed");
        if (seed == null || !seed.isNumber()) {
            throw new IllegalArgumentException("expected a numeric seed in control message, found " + json);
        }
        JsonNode step = j.get("step");
        if (step != null && !step.isNumber()) {
            throw new IllegalArgumentException("expected a numeric step in control message, found " + json);
        }
        return new ControlMessage(text(j, "action"), text(j, "group"), seed.longValue(),
                j.has("reason") ? text(j, "reason") : "", step == null ? -1L : step.longValue());
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
