/**
 * Vert.x wiring of the stream analysis: {@link AnalyzerVerticle} consumes {@code husai.snapshots} with
 * vertx-kafka-client, runs {@link dev.husai.stream.analysis.GroupState} on a worker (never on the event loop),
 * and publishes metrics, alerts, control commands and dead letters to Kafka. {@link StateRebuilder} restores a group's state after a restart or rebalance.
 */
package dev.husai.stream.verticle;
