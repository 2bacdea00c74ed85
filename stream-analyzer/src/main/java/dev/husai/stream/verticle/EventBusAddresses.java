package dev.husai.stream.verticle;

/** Event-bus addresses on which the analyzer also publishes its outputs (JSON objects), for the web module. */
public final class EventBusAddresses {
    /** Every metric point. */
    public static final String METRICS = "husai.metrics";
    /** Every alert. */
    public static final String ALERTS = "husai.alerts";
    /** Every dead-lettered record: {@code {topic, partition, offset, key, reason}}. */
    public static final String DEAD_LETTERS = "husai.deadletters";

    private EventBusAddresses() {
    }
}
