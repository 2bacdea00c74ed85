package dev.husai.core.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class RecoveryTest {
    private static final FloatMatrix TRUTH = SynthGenerator.atoms(SynthSpec.song(1));

    @Test
    void permutedRescaledTruthRecoversEverything() {
        int t = TRUTH.rows();
        int d = TRUTH.cols();
        FloatMatrix dec = new FloatMatrix(t + 8, d, new float[(t + 8) * d]);
        for (int r = 0; r < t; r++) {
            int to = (r * 7 + 3) % t;
            for (int c = 0; c < d; c++) {
                dec.set(to, c, (r + 1) * 0.5f * TRUTH.get(r, c));
            }
        }
        FloatMatrix extra = Baselines.randomUnit(8, d, 9);
        System.arraycopy(extra.data(), 0, dec.data(), t * d, 8 * d);
        Recovery r = Recovery.of(dec, TRUTH, PairMetrics.DEFAULT_TAU);
        assertEquals(1.0, r.mccVsTruth(), 1e-6);
        assertEquals(1.0, r.recoveredFraction());
        assertEquals(40, r.latents());
    }

    @Test
    void randomDictionaryLandsNearItsBaseline() {
        Recovery base = Recovery.baseline(32, TRUTH, PairMetrics.DEFAULT_TAU, Baselines.DEFAULT_SEED);
        for (long seed = 100; seed < 105; seed++) {
            Recovery r = Recovery.of(Baselines.randomUnit(32, 16, seed), TRUTH, PairMetrics.DEFAULT_TAU);
            assertEquals(base.mccVsTruth(), r.mccVsTruth(), 0.08, "seed " + seed);
            assertEquals(base.recoveredFraction(), r.recoveredFraction(), 0.25, "seed " + seed);
        }
        assertTrue(base.mccVsTruth() > 0.3 && base.mccVsTruth() < 0.7, "d 16 chance MCC, found " + base.mccVsTruth());
    }

    @Test
    void unmatchedTrueAtomsCountAsZero() {
        FloatMatrix half = new FloatMatrix(16, 16, java.util.Arrays.copyOf(TRUTH.data(), 16 * 16));
        Recovery r = Recovery.of(half, TRUTH, 0.7);
        assertEquals(0.5, r.mccVsTruth(), 1e-6);
        assertEquals(0.5, r.recoveredFraction());
    }
}
