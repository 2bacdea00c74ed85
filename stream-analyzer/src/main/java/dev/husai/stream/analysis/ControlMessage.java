package dev.husai.stream.analysis;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

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

    public ControlMessage {
        if (!"stop".equals(action)) {
            throw new IllegalArgumentException("expected action stop, found " + action);
        }
        if (group == null || group.isEmpty()) {
            throw new IllegalArgumentException("expected a group id, found " + group);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("action", action).put("group", group).put("seed", seed).put("reason", reason)
                .put("step", step);
    }

    /** Parses a control record value; IllegalArgumentException with expected vs found on bad input. */
    public static ControlMessage parse(String json) {
        try {
            JsonObject j = new JsonObject(json);
            Number seed = j.getNumber("seed");
            if (seed == null) {
                throw new IllegalArgumentException("expected a numeric seed in control message, found " + json);
            }
            return new ControlMessage(j.getString("action"), j.getString("group"), seed.longValue(),
                    j.getString("reason", ""), j.getLong("step", -1L));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("expected a JSON control message, found " + json, e);
        }
    }
}
