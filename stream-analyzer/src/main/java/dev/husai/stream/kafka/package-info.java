/**
 * Kafka transport of HUSAI: topic names and their creation with the right limits ({@link HusaiTopics},
 * {@link TopicSetup}), the in-process single-node KRaft broker ({@link EmbeddedKafka}), the trainer-side
 * {@link KafkaSnapshotSink} and {@link ControlListener}, and the client settings shared by all of them
 * ({@link KafkaSettings}). Thin I/O: no math here. Wire protocol: {@code docs/protocol.md}.
 */
package dev.husai.stream.kafka;
