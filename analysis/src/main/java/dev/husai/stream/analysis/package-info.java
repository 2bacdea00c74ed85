/**
 * The stream analysis as pure processing (Kafka Streams' split: no broker, no event loop here, testable
 * with plain JUnit): {@link SnapshotCheck} accepts or rejects a record's bytes, {@link GroupState} holds one
 * group's rolling state and turns each accepted snapshot into {@link AnalysisOutput} (metric points, alerts,
 * control commands). The Vert.x verticle only moves bytes in and out and runs {@link GroupState#accept} on a
 * worker thread.
 *
 * <p>Letters as in {@code dev.husai.core.stability}: F latents, D model dimension, S seeds.
 * Record schemas and alert rules: {@code docs/protocol.md}.
 */
package dev.husai.stream.analysis;
