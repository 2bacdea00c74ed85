package dev.husai.app.stream;

import dev.husai.app.cli.KafkaOptions;
import dev.husai.app.cli.Shutdown;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.io.InputFiles;
import dev.husai.core.synth.TruthDictionary;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AlertPolicy;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.MatcherChoice;
import dev.husai.stream.influx.InfluxOptions;
import dev.husai.stream.influx.InfluxSink;
import dev.husai.stream.kafka.EmbeddedKafka;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.TopicSetup;
import dev.husai.stream.verticle.AnalyzerVerticle;
import dev.husai.stream.verticle.AnalyzerVerticleOptions;
import dev.husai.trainer.testbed.TestbedInputs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code husai analyzer}: the live stream analyzer (one instance of the consumer group) until Ctrl-C. */
@Command(name = "analyzer", mixinStandardHelpOptions = true,
        description = "Consume SAE snapshots from Kafka, publish cross-seed metrics, alerts and stop commands.")
public final class AnalyzerCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka = new KafkaOptions();
    @Option(names = "--consumer-group", defaultValue = "husai-analyzer", description = "shared by all analyzer instances")
    String consumerGroup;
    @Option(names = "--policy", defaultValue = "alert", description = "alert or stop (send stop on husai.control)")
    String policy;
    @Option(names = "--matcher", defaultValue = "auto", description = "exact, greedy (approximation) or auto")
    String matcher;
    @Option(names = "--options", description = "JSON file with AnalyzerOptions (overrides --policy/--matcher)")
    Path optionsFile;
    @Option(names = "--testbed", description = "shipped or a checkpoint path: also publish Fourier recovery per seed "
            + "(fourier points, sampled: at most every fourierIntervalMs, default 20 s, per group, and at each seed's last snapshot)")
    String testbed;
    @Option(names = "--truth", paramLabel = "DICT", description = "known dictionary (safetensors with W_dec [T, d], e.g. "
            + "husai synth's truth.safetensors): also publish each seed snapshot's recovery of it (recovery points)")
    Path truthFile;
    @Option(names = "--influx-url", description = "also write the metrics to InfluxDB 1.x at this URL (e.g. http://127.0.0.1:8086)")
    String influxUrl;
    @Option(names = "--influx-db", defaultValue = "husai", description = "InfluxDB database (created if missing)")
    String influxDb;

    @Override
    public Integer call() throws Exception {
        AnalyzerOptions options = optionsFile != null
                ? AnalyzerOptions.fromJson(new JsonObject(InputFiles.readString(optionsFile, "an analyzer options file (JSON)")))
                : AnalyzerOptions.defaults().withPolicy(AlertPolicy.parse(policy)).withMatcher(MatcherChoice.parse(matcher));
        EmbeddedKafka broker = kafka.bootstrapServers() == null
                ? EmbeddedKafka.start(Files.createTempDirectory("husai-analyzer-"), true, 0) : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : kafka.bootstrapServers();
        Vertx vertx = Vertx.vertx();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Shutdown.run("husai analyzer", vertx, null, broker, done)));
        GroundTruth truth = testbed == null ? null : TestbedInputs.groundTruth(TestbedInputs.checkpoint(testbed));
        HusaiTopics topics = kafka.topics();
        TopicSetup.ensure(bootstrap, topics, (short) 1);
        FloatMatrix known = truthFile == null ? null : TruthDictionary.decode(InputFiles.readBytes(truthFile,
                "a --truth dictionary (.safetensors with W_dec [T, d])"), truthFile.toString(), 0).atomsTD();
        vertx.deployVerticle(new AnalyzerVerticle(new AnalyzerVerticleOptions(bootstrap, topics, consumerGroup, options, true),
                        truth, known))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        InfluxSink influx = influxUrl == null ? null : new InfluxSink(bootstrap, topics.metrics(), consumerGroup + "-influx",
                new InfluxOptions(influxUrl, influxDb, 500, 1000)).start();
        if (influx != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(influx::close));
            System.out.println("husai analyzer: writing metrics to " + influxUrl + " database " + influxDb);
        }
        System.out.println("husai analyzer: consuming " + topics.snapshots() + " on " + bootstrap + ", policy "
                + options.defaultPolicy() + ", matcher " + options.matcher() + (truth == null ? "" : ", Fourier recovery on the testbed "
                + testbed + " (p = " + truth.p() + ", key frequencies " + java.util.Arrays.toString(truth.keyFrequencies()) + ")")
                + (known == null ? "" : ", recovery of " + known.rows() + " true atoms from " + truthFile) + ". Ctrl-C to stop.");
        done.await();
        return 0;
    }
}
