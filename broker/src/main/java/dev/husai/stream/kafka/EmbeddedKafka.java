package dev.husai.stream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka 4 broker (combined broker + KRaft controller) inside this JVM, bound to 127.0.0.1:
 * the default transport of {@code husai broker}, {@code demo} and the tests. Storage is formatted once in
 * {@code dataDir}; {@link #stop()} and {@link #start()} restart on the same ports and data (fault tests).
 * Always {@link #close()} it in a finally block: a running broker keeps the JVM alive.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int brokerPort, int controllerPort) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on free ports with a temporary data directory deleted on close. */
    public static EmbeddedKafka start(Path parentDir) {
        try {
            Path dir = Files.createTempDirectory(parentDir, "husai-kafka-");
            return start(dir, true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker with its data in {@code dataDir} (formatted if new).
     *
     * @param brokerPort client port on 127.0.0.1, 0 = a free one
     */
    public static EmbeddedKafka start(Path dataDir, boolean deleteOnClose, int brokerPort) {
        EmbeddedKafka k = new EmbeddedKafka(dataDir, deleteOnClose, brokerPort == 0 ? freePort() : brokerPort, freePort());
        k.format();
        k.start();
        return k;
    }

    /** {@code 127.0.0.1:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** (Re)starts the server on the same ports and data. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("expected a stopped broker, found it running on " + bootstrapServers());
        }
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(properties(), false), Time.SYSTEM);
        s.startup();
        server = s;
    }

    /** Stops the server (data kept); a no-op when stopped. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteTree(dataDir);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(HusaiTopics.MAX_MESSAGE_BYTES));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        return p;
    }

    private void format() {
        Path logs = dataDir.resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logs);
            Path config = dataDir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                properties().store(out, "husai embedded broker");
            }
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "--cluster-id", clusterId, "--config",
                config.toString(), "--ignore-formatted"}, new PrintStream(msg, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("expected storage format exit 0, found " + rc + ": " + msg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free TCP port on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
