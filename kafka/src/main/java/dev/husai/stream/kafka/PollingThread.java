package dev.husai.stream.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A daemon thread that polls an assigned (group-less) consumer and hands every record to a handler, with the
 * lifecycle the trainer's control listener and the web UI's metric feed share: assign, position, poll until
 * {@link #close()} wakes the consumer, close the consumer on the polling thread. Handlers count malformed
 * records through {@link #countMalformed()} instead of throwing.
 *
 * @param <V> record value type
 */
public final class PollingThread<V> implements AutoCloseable {
    private final org.apache.kafka.clients.consumer.Consumer<String, V> consumer;
    private final Consumer<ConsumerRecord<String, V>> handler;
    private final AtomicLong malformed = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    public PollingThread(org.apache.kafka.clients.consumer.Consumer<String, V> consumer,
                         Consumer<ConsumerRecord<String, V>> handler) {
        this.consumer = consumer;
        this.handler = handler;
    }

    /** Every partition of the topics, or an error naming them when none exists. */
    public List<TopicPartition> partitionsOf(List<String> topics) {
        List<TopicPartition> parts = topics.stream().flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(t, p.partition()))).toList();
        if (parts.isEmpty()) {
            throw new IllegalStateException("expected topics " + topics + " to exist, found no partitions");
        }
        return parts;
    }

    /** Assigns the partitions at their end ({@code fromEnd}) or beginning, then starts the thread. */
    public PollingThread<V> start(List<TopicPartition> parts, boolean fromEnd, String threadName) {
        consumer.assign(parts);
        if (fromEnd) {
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
        } else {
            consumer.seekToBeginning(parts);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    handler.accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    /** Called by handlers for a record they reject. */
    public void countMalformed() {
        malformed.incrementAndGet();
    }

    /** Malformed records seen. */
    public long malformed() {
        return malformed.get();
    }

    @Override
    public void close() {
        if (thread == null) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
