package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live analyzer told a known dictionary publishes a {@code recovery} point per seed snapshot. */
class TruthProbeTest {
    private static final FloatMatrix TRUTH = SynthGenerator.atoms(SynthSpec.song(2));

    private static List<MetricPoint> recoveryPoints(Analyzer a, long seed, long step, SaeWeights w) {
        return a.accept("g", Snapshots.bytes(Snapshots.snapshot("g", seed, step, w, Map.of()))).metrics().stream()
                .filter(p -> p.type().equals("recovery")).toList();
    }

    @Test
    void everySnapshotGetsItsRecoveryBesideTheBaseline() {
        Analyzer a = new Analyzer(AnalyzerOptions.defaults(), null, TRUTH, () -> 0L);
        List<MetricPoint> perfect = recoveryPoints(a, 0, 10, SyntheticSaes.permutedCopy(TRUTH, 3, 0, 4));
        List<MetricPoint> random = recoveryPoints(a, 1, 10, Snapshots.random(32, 16, 5));
        assertEquals(1, perfect.size());
        assertEquals(1.0, perfect.get(0).number("mcc_vs_truth"), 1e-6);
        assertEquals(1.0, perfect.get(0).number("recovered_fraction"), 1e-9);
        assertEquals(0L, perfect.get(0).fields().get("seed"));
        double base = random.get(0).number("baseline_mcc_vs_truth");
        assertEquals(base, random.get(0).number("mcc_vs_truth"), 0.08);
        assertEquals(32, random.get(0).number("true_atoms"));
    }

    @Test
    void noPointWithoutTruthOrForAnotherDimension() {
        Analyzer plain = new Analyzer(AnalyzerOptions.defaults());
        assertTrue(recoveryPoints(plain, 0, 10, Snapshots.random(32, 16, 5)).isEmpty());
        Analyzer told = new Analyzer(AnalyzerOptions.defaults(), null, TRUTH, () -> 0L);
        assertTrue(recoveryPoints(told, 0, 10, Snapshots.random(32, 8, 5)).isEmpty());
    }
}
