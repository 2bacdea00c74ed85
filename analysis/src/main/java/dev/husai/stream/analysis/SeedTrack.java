package dev.husai.stream.analysis;

import dev.husai.core.protocol.Alert;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.stability.CrystallizationTracker;
import dev.husai.core.stability.DriftTracker;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rolling state of one seed of a group: drift and crystallization trackers, rolling loss and dead-fraction
 * windows, the divergence counter, and whether the seed is still expected to report.
 */
final class SeedTrack {
    static final long NONE = Long.MIN_VALUE;

    final long seed;
    final DriftTracker drift = new DriftTracker();
    CrystallizationTracker crystallization;
    long lastStep = NONE;
    boolean active = true;
    String inactiveReason;
    int belowCount;
    private final Deque<Double> losses = new ArrayDeque<>();
    private final Deque<Double> deads = new ArrayDeque<>();

    SeedTrack(long seed) {
        this.seed = seed;
    }

    void deactivate(String reason) {
        if (active) {
            active = false;
            inactiveReason = reason;
        }
    }

    /** Applies the training-metric rules (non-finite loss, loss spike, dead spike) to this snapshot's metadata. */
    void trainingRules(SaeSnapshot s, long step, String group, AnalyzerOptions o, AnalysisOutput.Builder out) {
        boolean stop = o.policyOf(group) == AlertPolicy.ALERT_AND_STOP;
        for (String key : new String[] {"mse", "train_loss", "fvu"}) {
            double v = SnapshotMetadata.metric(s, key);
            if (s.metadata().containsKey(key) && !Double.isFinite(v)) {
                out.alert(new Alert("non_finite", group, seed, step, "expected a finite " + key + ", found " + v,
                        Map.of("metric", key, "value", String.valueOf(v)), stop));
                deactivate("non-finite " + key);
                return;
            }
        }
        double loss = SnapshotMetadata.metric(s, "mse");
        double avg = mean(losses);
        if (Double.isFinite(loss) && losses.size() == o.lossWindow() && avg > 0 && loss > o.lossSpikeFactor() * avg) {
            out.alert(new Alert("loss_spike", group, seed, step, "expected mse <= " + o.lossSpikeFactor()
                    + " x rolling mean " + avg + ", found " + loss, evidence("mse", loss, avg), false));
        }
        push(losses, loss, o.lossWindow());
        double dead = SnapshotMetadata.metric(s, "dead_fraction");
        double deadAvg = mean(deads);
        if (Double.isFinite(dead) && !deads.isEmpty() && dead - deadAvg > o.deadSpike()) {
            out.alert(new Alert("dead_spike", group, seed, step, "expected dead_fraction <= rolling mean " + deadAvg
                    + " + " + o.deadSpike() + ", found " + dead, evidence("dead_fraction", dead, deadAvg), false));
        }
        push(deads, dead, o.lossWindow());
    }

    private static Map<String, Object> evidence(String metric, double value, double rollingMean) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("metric", metric);
        e.put("value", value);
        e.put("rolling_mean", rollingMean);
        return e;
    }

    private static void push(Deque<Double> window, double v, int size) {
        if (Double.isFinite(v)) {
            window.addLast(v);
            while (window.size() > size) {
                window.removeFirst();
            }
        }
    }

    private static double mean(Deque<Double> window) {
        return window.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
