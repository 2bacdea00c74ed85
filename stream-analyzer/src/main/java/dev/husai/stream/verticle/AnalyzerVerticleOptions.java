package dev.husai.stream.verticle;

import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.HusaiTopics;
import io.vertx.core.json.JsonObject;

/**
 * How one {@link AnalyzerVerticle} runs: its cluster, topics, consumer group and analysis options.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics           topic names
 * @param consumerGroup    Kafka consumer group shared by all analyzer instances (horizontal scale)
 * @param options          analysis settings
 * @param rebuild          re-read a partition's history silently before its first record (restart/rebalance)
 */
public record AnalyzerVerticleOptions(String bootstrapServers, HusaiTopics topics, String consumerGroup,
                                      AnalyzerOptions options, boolean rebuild) {

    public AnalyzerVerticleOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("expected bootstrap servers host:port, found " + bootstrapServers);
        }
        if (topics == null || options == null || consumerGroup == null || consumerGroup.isBlank()) {
            throw new IllegalArgumentException("expected topics, options and a consumer group, found a null or blank");
        }
    }

    /** From JSON: {@code bootstrapServers}, {@code topics {...}}, {@code consumerGroup}, {@code options {...}}, {@code rebuild}. */
    public static AnalyzerVerticleOptions fromJson(JsonObject json) {
        return new AnalyzerVerticleOptions(json.getString("bootstrapServers"),
                HusaiTopics.fromMap(json.getJsonObject("topics", new JsonObject()).getMap()),
                json.getString("consumerGroup", "husai-analyzer"),
                AnalyzerOptions.fromJson(json.getJsonObject("options", new JsonObject())),
                json.getBoolean("rebuild", true));
    }
}
