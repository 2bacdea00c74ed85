package dev.husai.stream.verticle;

import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.TopicSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for the end-to-end tests: before each test an embedded broker in a temporary directory with the
 * topics {@code <prefix>.*} created and a fresh Vert.x; after it, Vert.x closed, then the broker (always, or the JVM
 * hangs), then the directory. Register it on an instance field:
 * {@code @RegisterExtension final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("e2e", 2);}
 * and deploy analyzers with {@link #deployAnalyzer}.
 */
public final class BrokerAndAnalyzer implements BeforeEachCallback, AfterEachCallback {
    private final HusaiTopics topics;
    private Path dir;
    private EmbeddedKafka kafka;
    private Vertx vertx;

    private BrokerAndAnalyzer(HusaiTopics topics) {
        this.topics = topics;
    }

    /** Topics {@code <prefix>.snapshots, ...} with {@code partitions} partitions each. */
    public static BrokerAndAnalyzer withTopics(String prefix, int partitions) {
        return new BrokerAndAnalyzer(HusaiTopics.withPrefix(prefix, partitions));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("husai-e2e-");
        kafka = EmbeddedKafka.start(dir);
        TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
        vertx = Vertx.vertx();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (vertx != null) {
                await(vertx.close());
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The analyzers' consumer group: {@code analyzers-<prefix>.snapshots}. */
    public String consumerGroup() {
        return "analyzers-" + topics.snapshots();
    }

    /** The deployment settings of an analyzer on this broker and these topics, rebuilding state on rebalance. */
    public AnalyzerVerticleOptions config(AnalyzerOptions options) {
        return new AnalyzerVerticleOptions(kafka.bootstrapServers(), topics, consumerGroup(), options, true);
    }

    /** Deploys an analyzer with {@code options} and no ground truth; returns the deployment id. */
    public String deployAnalyzer(AnalyzerOptions options) throws Exception {
        return deploy(new AnalyzerVerticle(config(options)));
    }

    /** Deploys {@code analyzer} (e.g. one with a ground truth); returns the deployment id. */
    public String deploy(AnalyzerVerticle analyzer) throws Exception {
        return await(vertx.deployVerticle(analyzer));
    }

    /** Undeploys one analyzer (its partitions go to the others of the consumer group). */
    public void undeploy(String deployment) throws Exception {
        await(vertx.undeploy(deployment));
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    public HusaiTopics topics() {
        return topics;
    }

    /** The broker itself, to stop and restart it. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Waits up to 60 s for {@code f}. */
    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
