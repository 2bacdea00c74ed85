package dev.husai.stream.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AlertPolicy;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.Snapshots;
import dev.husai.stream.kafka.ControlListener;
import dev.husai.stream.kafka.HusaiTopics;
import dev.husai.stream.kafka.KafkaSnapshotSink;
import dev.husai.stream.kafka.TopicReader;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop on the embedded broker with a SYNTHETIC trainer (4 seeds converging to a shared dictionary,
 * seed 2 turning NaN at step 5): snapshots -> KafkaSnapshotSink -> analyzer verticle -> metrics/alerts/control
 * -> ControlListener stops seed 2 while the others finish.
 */
class PipelineEndToEndTest {
    static final String G = "e2e-group";
    static final int STEPS = 8;
    @RegisterExtension
    final BrokerAndAnalyzer stack = BrokerAndAnalyzer.withTopics("e2e", 2);

    @Test
    void nanSeedIsStoppedByControlWhileOthersFinish() throws Exception {
        HusaiTopics topics = stack.topics();
        String bootstrap = stack.bootstrap();
        stack.deployAnalyzer(AnalyzerOptions.defaults().withPolicy(AlertPolicy.ALERT_AND_STOP));
        Set<Long> stopped = ConcurrentHashMap.newKeySet();
        Map<Long, Integer> lastStep = new ConcurrentHashMap<>();
        try (ControlListener control = new ControlListener(bootstrap, topics.control(), G,
                m -> stopped.add(m.seed())).start();
             KafkaSnapshotSink sink = KafkaSnapshotSink.create(bootstrap, topics.snapshots(), DType.F16)) {
            train(sink, stopped, lastStep);
        }
        assertEquals(Set.of(2L), stopped, "only the NaN seed is stopped");
        assertEquals(Map.of(0L, STEPS, 1L, STEPS, 2L, 5, 3L, STEPS), lastStep);
        int expected = 4 * (6 + 1 + 4) + (STEPS - 4) * (3 + 1 + 3) + 3 * (STEPS - 1) + 3;
        List<JsonObject> metrics = TopicReader.awaitRecords(bootstrap, topics.metrics(), 30_000,
                l -> l.size() >= expected).stream().map(r -> new JsonObject(new String(r.value(), StandardCharsets.UTF_8))).toList();
        assertEquals(expected, metrics.size());
        for (long step = 1; step <= STEPS; step++) {
            long s = step;
            long pairs = metrics.stream().filter(j -> j.getString("type").equals("pair") && j.getLong("step") == s).count();
            assertEquals(step <= 4 ? 6 : 3, pairs, "pairs at step " + step);
            JsonObject group = metrics.stream().filter(j -> j.getString("type").equals("group") && j.getLong("step") == s)
                    .findFirst().orElseThrow();
            assertEquals(step <= 4 ? 4 : 3, group.getInteger("seeds"));
        }
        JsonObject last = metrics.stream().filter(j -> j.getString("type").equals("group") && j.getLong("step") == STEPS)
                .findFirst().orElseThrow();
        assertTrue(last.getDouble("pw_mcc_dec_mean") > last.getDouble("baseline_pw_mcc_dec") + 0.3, last.encode());
        Set<String> kinds = new TreeSet<>();
        TopicReader.readAll(bootstrap, topics.alerts())
                .forEach(r -> kinds.add(new JsonObject(new String(r.value(), StandardCharsets.UTF_8)).getString("kind")));
        assertEquals(Set.of("non_finite"), kinds);
        assertTrue(TopicReader.readAll(bootstrap, topics.deadLetter()).size() >= 1);
    }

    /** Synthetic multi-seed training: each seed moves from random towards the shared base; seed 2 NaN at step 5. */
    private static void train(KafkaSnapshotSink sink, Set<Long> stopped, Map<Long, Integer> lastStep) throws Exception {
        FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 9);
        for (int step = 1; step <= STEPS; step++) {
            for (long seed = 0; seed < 4; seed++) {
                if (stopped.contains(seed)) {
                    continue;
                }
                SaeWeights w = Snapshots.stable(base, seed * 100 + step, 0.02);
                if (seed == 2 && step == 5) {
                    w.wDecFD().data()[0] = Float.NaN;
                }
                sink.accept(Snapshots.snapshot(G, seed, step, w, Map.of()));
                lastStep.put(seed, step);
            }
            if (step == 5) {
                sink.flush();
                long deadline = System.currentTimeMillis() + 20_000;
                while (!stopped.contains(2L) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
            }
        }
        sink.flush();
    }
}
