package dev.husai.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class SynthGeneratorTest {
    private static final SynthSpec SONG = SynthSpec.song(3).withSizes(16, 32, 5_000);
    private static final SynthSpec BENCH = SynthSpec.synthbench(4).withSizes(64, 256, 20_000);

    @Test
    void songRowsHaveExactlyThreeNonNegativeCoefficients() {
        FloatMatrix z = SynthGenerator.codes(SONG);
        for (int r = 0; r < z.rows(); r++) {
            int active = 0;
            for (float v : z.row(r)) {
                assertTrue(v >= 0 && v <= 1, "coefficient in [0, 1], found " + v);
                active += v > 0 ? 1 : 0;
            }
            assertEquals(3, active, "row " + r);
        }
    }

    @Test
    void atomsAreUnitAndActivationsAreZTimesAtoms() {
        SynthData data = SynthGenerator.generate(SONG);
        for (int t = 0; t < 32; t++) {
            assertEquals(1.0, norm(data.atomsTD().row(t)), 1e-5);
        }
        FloatMatrix z = SynthGenerator.codes(SONG);
        int r = 4_321;
        for (int c = 0; c < 16; c++) {
            double x = 0;
            for (int t = 0; t < 32; t++) {
                x += z.get(r, t) * data.atomsTD().get(t, c);
            }
            assertEquals(x, data.activationsND().get(r, c), 1e-5);
        }
    }

    @Test
    void deterministicBySeed() {
        SynthData a = SynthGenerator.generate(SONG);
        SynthData b = SynthGenerator.generate(SONG);
        assertArrayEquals(a.activationsND().data(), b.activationsND().data());
        SynthData c = SynthGenerator.generate(SynthSpec.song(4).withSizes(16, 32, 5_000));
        assertTrue(a.atomsTD().data()[0] != c.atomsTD().data()[0], "another seed, other atoms");
    }

    @Test
    void synthbenchFiresZipfianAndChildrenOnlyWithParents() {
        FloatMatrix z = SynthGenerator.codes(BENCH);
        float[] p = SynthGenerator.firingProbabilities(BENCH);
        double sumP = 0;
        for (float v : p) {
            sumP += v;
        }
        assertEquals(8.0, sumP, 1e-3, "probabilities sum to the mean L0");
        int[] fired = new int[256];
        double l0 = 0;
        for (int r = 0; r < z.rows(); r++) {
            for (int t = 0; t < 256; t++) {
                if (z.get(r, t) > 0) {
                    fired[t]++;
                    l0++;
                    int parent = SynthGenerator.parentOf(BENCH, t);
                    assertTrue(parent < 0 || z.get(r, parent) > 0, "child " + t + " fired without parent " + parent);
                }
            }
        }
        assertEquals(8.0, l0 / z.rows(), 0.1, "mean L0");
        for (int t : new int[] {0, 9, 99, 200, 250}) {
            double freq = fired[t] / (double) z.rows();
            assertEquals(p[t], freq, 4 * Math.sqrt(p[t] * (1 - p[t]) / z.rows()) + 1e-3, "atom " + t);
        }
        assertEquals(Math.sqrt(10), p[0] / p[9], 1e-4, "p_i ~ (i+1)^-0.5");
    }

    @Test
    void childrenHaveTheSetCosineWithTheirParents() {
        FloatMatrix t = SynthGenerator.atoms(BENCH);
        for (int j = 0; j < BENCH.children(); j++) {
            int child = 256 - BENCH.children() + j;
            double dot = 0;
            for (int c = 0; c < 64; c++) {
                dot += t.get(child, c) * t.get(j, c);
            }
            assertEquals(0.4, dot, 1e-5);
            assertEquals(1.0, norm(t.row(child)), 1e-5);
        }
    }

    @Test
    void invalidSpecsSayExpectedAndFound() {
        var e = assertThrows(IllegalArgumentException.class, () -> SynthSpec.song(1).withSizes(16, 32, 0));
        assertTrue(e.getMessage().startsWith("expected rows >= 1, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SynthSpec.song(1).withSizes(16, 2, 10));
        assertEquals("expected active atoms per row in [1, 2], found 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SynthSpec.Domain.parse("mnist"));
    }

    @Test
    void truthRoundTripsAndRejectsWrongD() {
        SynthData data = SynthGenerator.generate(SONG);
        TruthDictionary truth = TruthDictionary.of(data);
        TruthDictionary back = TruthDictionary.decode(truth.encode(), "truth", 16);
        assertArrayEquals(data.atomsTD().data(), back.atomsTD().data());
        assertEquals("song", back.metadata().get("domain"));
        assertEquals("3", back.metadata().get("seed"));
        var e = assertThrows(IllegalArgumentException.class, () -> TruthDictionary.decode(truth.encode(), "t.st", 64));
        assertEquals("t.st: expected W_dec [T, 64] (the SAEs' d_in), found [32,16]", e.getMessage());
    }

    private static double norm(float[] v) {
        double ss = 0;
        for (float x : v) {
            ss += x * x;
        }
        return Math.sqrt(ss);
    }
}
