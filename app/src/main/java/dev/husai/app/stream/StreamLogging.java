package dev.husai.app.stream;

/** Quiets Kafka's INFO chatter (client config dumps) unless the user chose levels with -D. */
public final class StreamLogging {
    private StreamLogging() {
    }

    public static void quietKafka() {
        for (String logger : new String[] {"org.apache.kafka", "kafka", "state.change.logger", "io.vertx.kafka"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
