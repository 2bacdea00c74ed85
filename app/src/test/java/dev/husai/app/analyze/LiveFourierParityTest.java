package dev.husai.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierRecovery;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.analysis.AnalysisOutput;
import dev.husai.stream.analysis.Analyzer;
import dev.husai.stream.analysis.AnalyzerOptions;
import dev.husai.stream.analysis.MatcherChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On the shipped p = 113 testbed: the live analyzer's {@code fourier} points carry the numbers {@code husai analyze
 * --testbed shipped} computes ({@link GroupAnalysis}) for the same snapshots, and the cost of one computation.
 */
class LiveFourierParityTest {
    private static final int F = 1024;
    private static final String G = "parity";

    @Test
    void liveFourierPointsEqualHusaiAnalyzeOnTheShippedTestbed() {
        long t0 = System.nanoTime();
        GroundTruth truth = TestbedInputs.groundTruth(TestbedInputs.checkpoint("shipped"));
        System.out.printf("ground truth (both hooks, key frequencies %s) loaded in %.1f s%n",
                java.util.Arrays.toString(truth.keyFrequencies()), (System.nanoTime() - t0) / 1e9);
        FloatMatrix acts = truth.at("resid_post");
        FloatMatrix baseFD = SyntheticSaes.uniform(F, acts.cols(), 11);
        Analyzer live = new Analyzer(AnalyzerOptions.defaults().withMatcher(MatcherChoice.EXACT), truth, System::currentTimeMillis);
        Map<Integer, SaeSnapshot> last = new LinkedHashMap<>();
        List<MetricPoint> fourier = new ArrayList<>();
        for (int step = 100; step <= 200; step += 100) {
            for (int seed = 0; seed < 3; seed++) {
                SaeSnapshot s = snapshot(seed, step, seedWeights(baseFD, seed, step));
                AnalysisOutput o = live.accept(G, s.encode(DType.F32));
                assertNull(o.rejection());
                o.metrics().stream().filter(p -> p.type().equals("fourier")).forEach(fourier::add);
                last.put(seed, s);
            }
        }
        List<MetricPoint> atEnd = fourier.stream().filter(p -> p.step() == 200).toList();
        assertEquals(3, atEnd.size(), "the final step is always analysed");
        GroupAnalysis expected = GroupAnalysis.of(new SnapshotSet(G, last, Map.of()), 0.7,
                new GroupAnalysis.Testbed(truth.p(), acts, truth.keyFrequencies()));
        int recovered = 0;
        for (int s = 0; s < 3; s++) {
            LatentRecovery want = expected.seeds().get(s).recovery();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) atEnd.get(s).fields().get("frequencies");
            assertEquals(want.frequencies().size(), rows.size());
            for (int k = 0; k < rows.size(); k++) {
                LatentRecovery.Frequency w = want.frequencies().get(k);
                Map<String, Object> got = rows.get(k);
                assertEquals(List.of(w.frequency(), w.latents(), w.stableLatents()),
                        List.of(got.get("frequency"), got.get("latents"), got.get("stable")), "seed " + s + " row " + k);
                assertEquals(w.bestPurity(), (double) got.get("best_purity"), 1e-12);
                recovered += w.latents();
            }
            assertEquals(Math.round(expected.seeds().get(s).universalFraction() * F),
                    ((Number) atEnd.get(s).fields().get("stable_latents")).longValue());
        }
        double[] ms = fourier.stream().mapToDouble(p -> p.number("compute_ms")).sorted().toArray();
        System.out.printf("fourier points: %d (steps %s), %d latents recovering a key frequency at step 200; "
                        + "compute per seed (F = %d, 3 seeds in parallel on this machine): min %.0f ms, max %.0f ms%n",
                fourier.size(), fourier.stream().map(MetricPoint::step).distinct().toList(), recovered, F, ms[0], ms[ms.length - 1]);
        assertTrue(ms[0] > 0);
        long t1 = System.nanoTime();
        FourierRecovery.of(last.get(0), new FourierBasis(truth.p()), acts, truth.keyFrequencies(), null);
        System.out.printf("one computation alone (encode 12769 inputs through F = %d + spectra): %.0f ms%n", F,
                (System.nanoTime() - t1) / 1e6);
    }

    /** Seed s: the base dictionary with its latents rotated by 37 s and 2% noise (most latents shared across seeds). */
    private static SaeWeights seedWeights(FloatMatrix baseFD, int seed, int step) {
        return SyntheticSaes.permutedCopy(baseFD, seed, 0.01, seed * 1000L + step);
    }

    private static SaeSnapshot snapshot(int seed, int step, SaeWeights w) {
        Map<String, String> m = SnapshotMetadata.required(G, seed, step, "topk", HookPoint.RESID_POST.wireName());
        m.put("k", "32");
        if (step == 200) {
            m.put("final", "true");
        }
        return new SaeSnapshot(m, w);
    }
}
