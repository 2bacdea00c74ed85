package dev.husai.web;

import dev.husai.stream.verticle.EventBusAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Feeds a {@link MetricListener} from the analyzer's event-bus addresses (same Vert.x instance or cluster). */
public final class EventBusFeed {
    private static final Logger LOG = LoggerFactory.getLogger(EventBusFeed.class);

    private EventBusFeed() {
    }

    /** Registers consumers of {@code husai.metrics} and {@code husai.alerts}; completes once both are registered. */
    public static Future<Void> wire(Vertx vertx, MetricListener listener) {
        MessageConsumer<JsonObject> m = vertx.eventBus().consumer(EventBusAddresses.METRICS, msg -> {
            try {
                listener.onMetric(msg.body());
            } catch (IllegalArgumentException e) {
                LOG.warn("ignoring malformed metric point {}: {}", msg.body().encode(), e.getMessage());
            }
        });
        MessageConsumer<JsonObject> a = vertx.eventBus().consumer(EventBusAddresses.ALERTS, msg -> listener.onAlert(msg.body()));
        return Future.all(m.completion(), a.completion()).mapEmpty();
    }
}
