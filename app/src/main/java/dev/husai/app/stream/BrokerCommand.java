package dev.husai.app.stream;

import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.TopicSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import dev.husai.app.cli.TopicOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code husai broker}: a single-node Kafka (KRaft) in this process on 127.0.0.1 with the HUSAI topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run an embedded single-node Kafka broker on 127.0.0.1 with the HUSAI topics until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "client port on 127.0.0.1 (0 = any free port)")
    int port;
    @Option(names = "--data", description = "data directory (kept; default: a temporary directory, deleted on exit)")
    Path data;
    @Mixin
    TopicOptions topicOptions = new TopicOptions();

    @Override
    public Integer call() throws Exception {
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("husai-broker-") : Files.createDirectories(data);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, temporary, port);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            done.countDown();
        }));
        try {
            HusaiTopics topics = topicOptions.topics();
            TopicSetup.ensure(kafka.bootstrapServers(), topics, (short) 1);
            System.out.println("husai broker: bootstrap servers " + kafka.bootstrapServers() + ", topics " + topics.all()
                    + ", data " + dir + (temporary ? " (temporary)" : ""));
            System.out.println("Ctrl-C to stop.");
            done.await();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return 0;
    }
}
