package dev.husai.web;

import io.vertx.core.json.JsonObject;

/**
 * One entry of the {@link MetricStore} log, sent to browsers as one SSE event.
 *
 * @param seq   position in the log (1, 2, ...), unique within one server run
 * @param kind  {@code metric}, {@code alert} or {@code control}
 * @param group group id
 * @param step  training step
 * @param json  the value as received (never modified)
 */
public record StoredEvent(long seq, String kind, String group, long step, JsonObject json) {
}
