package dev.husai.app.cli;

import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.web.MetricStore;
import dev.husai.web.SweepResults;
import dev.husai.web.WebServerOptions;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code husai serve}: the live web UI, fed from husai.metrics / husai.alerts, sending stops to husai.control. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the live web UI (groups, curves, alerts, stop buttons) from the Kafka topics.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to bind (0.0.0.0 exposes the UI)")
    String host;
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port")
    int port;
    @Mixin
    KafkaOptions kafka = new KafkaOptions();
    @Option(names = "--allowed-origin", description = "extra Origin accepted on the live channel and actions")
    List<String> allowedOrigins = List.of();
    @Option(names = "--sweep", description = "a husai sweep output directory to show on the sweep page")
    java.nio.file.Path sweepDir;
    @Option(names = "--store-mib", defaultValue = "256",
            description = "memory bound of the live store in MiB; old steps are thinned, never dropped (default ${DEFAULT-VALUE})")
    long storeMib;
    @Option(names = "--recordings", description = "directory of recordings (husai record) offered on the replay page")
    String recordingsDir;

    @Override
    public Integer call() throws Exception {
        if (storeMib < 1 || storeMib > 65536) {
            throw new IllegalArgumentException("expected --store-mib in [1, 65536], found " + storeMib);
        }
        EmbeddedKafka broker = kafka.bootstrapServers() == null
                ? EmbeddedKafka.start(Files.createTempDirectory("husai-serve-"), true, 0) : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : kafka.bootstrapServers();
        HusaiTopics topics = kafka.topics();
        TopicSetup.ensure(bootstrap, topics, (short) 1);
        MetricStore store = new MetricStore(new MetricStore.Bound(MetricStore.Bound.DEFAULT.events(), storeMib << 20));
        Vertx vertx = Vertx.vertx();
        WebServerOptions options = new WebServerOptions(host, port, WebServerOptions.randomToken(), allowedOrigins, recordingsDir);
        LiveWeb web = LiveWeb.start(vertx, bootstrap, topics, options, store,
                sweepDir == null ? SweepResults.none() : SweepResults.of(sweepDir));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Shutdown.run("husai serve", vertx, web, broker, done)));
        System.out.println("husai serve: reading " + topics.metrics() + ", " + topics.alerts() + " on " + bootstrap
                + "; stops go to " + topics.control() + ". Ctrl-C to stop.");
        done.await();
        return 0;
    }
}
