package dev.husai.web;

import io.vertx.core.json.JsonObject;

/**
 * Receives the analyzer's outputs (the JSON values of {@code husai.metrics} and {@code husai.alerts}, see
 * {@code docs/protocol.md}). Implementations must accept calls from any thread.
 */
public interface MetricListener {

    /** One metric point: {@code {type, group, step, ...}}. */
    void onMetric(JsonObject point);

    /** One alert: {@code {kind, group, seed, step, message, evidence, stop}}. */
    void onAlert(JsonObject alert);
}
