package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeEncoder;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JumpReLU reaches its target L0 at inference, Matryoshka's first prefix is a dictionary on its own, and both save
 * what SAELens / dictionary_learning readers expect (the planted data of {@link ArchitectureRecoveryTest}).
 */
class NewArchTrainingTest {
    private static PlantedFeatures planted;

    @BeforeAll
    static void data() {
        planted = PlantedFeatures.generate(32, 64, 8192, 4, 7);
    }

    private static SaeSnapshot last(SaeConfig c) {
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        try (MultiSeedTrainer t = new MultiSeedTrainer(c, planted.dataND(), null, null, sink, List.of())) {
            t.run();
        }
        return sink.snapshots().get(sink.snapshots().size() - 1);
    }

    /** Target k = 4; measured inference L0 4.23 on the 8192 rows (tolerance: within 25% of k). */
    @Test
    void jumpReluInferenceL0IsNearItsTargetAndTheThresholdTravels() {
        SaeSnapshot s = last(ArchitectureRecoveryTest.config(Arch.JUMPRELU));
        double l0 = Double.parseDouble(s.meta("l0", "NaN"));
        assertEquals(4.0, l0, 1.0, "inference L0 vs target k = 4");
        float[] theta = s.weights().thresholdF();
        assertEquals(128, theta.length, "threshold [d_sae] as SAELens saves it");
        for (float t : theta) {
            assertTrue(t > 0, "thresholds stay positive (log-parametrised)");
        }
        assertEquals("target_k", s.meta("l0_mode", "?"));
        assertTrue(Double.parseDouble(s.meta("bandwidth", "NaN")) > 0);
        // the same L0 from the snapshot alone, through core's encoder (what the analyzer and husai analyze use)
        SaeSnapshot back = SaeSnapshot.decode(s.encode(DType.F32));
        assertArrayEquals(theta, back.weights().thresholdF());
        assertEquals(l0, meanL0(SaeEncoder.encode(back, planted.dataND())), 0.05);
    }

    /**
     * Default prefixes 8, 16, 32, 64, 128: the first 8 latents alone (codes at the inference threshold, the others
     * zeroed) explain more variance than any of 20 random sets of 8 latents of the same dictionary.
     */
    @Test
    void matryoshkaFirstPrefixReconstructsBetterThanRandomSubsets() {
        SaeConfig c = ArchitectureRecoveryTest.config(Arch.MATRYOSHKA_BATCH_TOPK).toBuilder().prefixes(List.of()).build();
        assertEquals(List.of(8, 16, 32, 64, 128), c.prefixSizes());
        SaeSnapshot s = SaeSnapshot.decode(last(c).encode(DType.F32));
        assertEquals("8,16,32,64,128", s.meta("prefixes", "?"));
        assertTrue(Double.parseDouble(s.meta("threshold", "0")) > 0, "a learned inference threshold");
        FloatMatrix z = SaeEncoder.encode(s, planted.dataND());
        int[] first = new int[8];
        for (int j = 0; j < 8; j++) {
            first[j] = j;
        }
        double prefixFvu = fvu(s.weights(), z, first);
        Random rng = new Random(11);
        double bestRandom = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 20; t++) {
            bestRandom = Math.min(bestRandom, fvu(s.weights(), z, rng.ints(0, 128).distinct().limit(8).toArray()));
        }
        System.out.printf("matryoshka: FVU of prefix 8 %.3f, best of 20 random 8-subsets %.3f, all latents %s%n",
                prefixFvu, bestRandom, s.meta("fvu", "?"));
        assertTrue(prefixFvu < bestRandom, "expected prefix FVU " + prefixFvu + " < random subsets' best " + bestRandom);
    }

    private static double meanL0(FloatMatrix z) {
        long nnz = 0;
        for (float v : z.data()) {
            nnz += v != 0 ? 1 : 0;
        }
        return nnz / (double) z.rows();
    }

    /** FVU of {@code xhat = b_dec + sum_{f in latents} z_f W_dec[f]} on the planted rows. */
    private static double fvu(SaeWeights w, FloatMatrix zNF, int[] latents) {
        FloatMatrix x = planted.dataND();
        int d = x.cols();
        double sse = 0;
        double[] mean = new double[d];
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x.data()[r * d + c] / x.rows();
            }
        }
        double total = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < d; c++) {
                double xhat = w.bDecD()[c];
                for (int j : latents) {
                    xhat += zNF.data()[r * zNF.cols() + j] * w.wDecFD().data()[j * d + c];
                }
                double e = xhat - x.data()[r * d + c];
                sse += e * e;
                double m = x.data()[r * d + c] - mean[c];
                total += m * m;
            }
        }
        return sse / total;
    }
}
