/**
 * Kafka transport of HUSAI, client side (module {@code kafka}, kafka-clients only): topic names and their creation
 * with the right limits ({@link HusaiTopics}, {@link TopicSetup}), the trainer-side {@link KafkaSnapshotSink} and
 * {@link ControlListener}, the {@link PollingThread} of group-less readers and the client settings shared by all of
 * them ({@link KafkaSettings}, with the one factory of group-less consumers). The in-process single-node KRaft
 * broker, {@code EmbeddedKafka}, lives in the same package in module {@code broker}, so that nothing but the
 * broker's users pulls in kafka_2.13 and kafka-server. Thin I/O: no math here. Wire protocol: {@code docs/protocol.md}.
 */
package dev.husai.stream.kafka;
