package dev.husai.app.cli;

import dev.husai.stream.kafka.EmbeddedKafka;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's one shutdown order for the long-running commands ({@code serve}, {@code analyzer}, the demo's
 * stack): Vert.x first (web server, analyzer verticles), then what fed it, then the embedded broker last (a broker
 * left running hangs the JVM).
 */
public final class Shutdown {
    private Shutdown() {
    }

    /**
     * Closes {@code vertx} (waiting up to 30 s), then {@code fed} (or nothing when null), then {@code broker} (when
     * embedded, even after a failure), and counts {@code done} down; a failure is printed as {@code <command>: shutdown:}.
     */
    public static void run(String command, Vertx vertx, AutoCloseable fed, EmbeddedKafka broker, CountDownLatch done) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (fed != null) {
                fed.close();
            }
        } catch (Exception e) {
            System.err.println(command + ": shutdown: " + e);
        } finally {
            if (broker != null) {
                broker.close();
            }
            done.countDown();
        }
    }
}
