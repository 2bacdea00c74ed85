package dev.husai.core.fourier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FourierTest {
    private static final int P = 23;

    @Test
    void basisIsOrthonormal() {
        FloatMatrix b = new FourierBasis(P).matrix();
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) {
                double dot = 0;
                for (int x = 0; x < P; x++) {
                    dot += b.get(i, x) * b.get(j, x);
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-5, "rows " + i + "," + j);
            }
        }
        assertEquals(11, new FourierBasis(P).frequencies());
    }

    @Test
    void embeddingOfOneFrequencyIsRecovered() {
        int k = 7;
        FloatMatrix embed = FloatMatrix.zeros(P, 4);
        for (int x = 0; x < P; x++) {
            embed.set(x, 0, (float) Math.cos(2 * Math.PI * k * x / P));
            embed.set(x, 1, (float) Math.sin(2 * Math.PI * k * x / P));
        }
        double[] norms = EmbeddingFourier.frequencyNorms(new FourierBasis(P), embed);
        assertEquals(k, EmbeddingFourier.ranked(norms)[0]);
        // ||cos||^2 = ||sin||^2 = P/2, so the frequency-7 norm is sqrt(P).
        assertEquals(Math.sqrt(P), norms[k], 1e-4);
        assertEquals(1.0, EmbeddingFourier.topShare(norms, 1), 1e-6);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {k}, EmbeddingFourier.keyFrequencies(norms, 0.04));
        assertEquals(10.0 / 11, EmbeddingFourier.gini(java.util.Arrays.copyOfRange(norms, 1, norms.length)), 1e-6);
    }

    @Test
    void giniHandComputed() {
        assertEquals(0, EmbeddingFourier.gini(new double[] {2, 2, 2, 2}), 1e-12);
        // sorted 1,2,3: (-2*1 + 0*2 + 2*3) / (3 * 6) = 4/18
        assertEquals(4.0 / 18, EmbeddingFourier.gini(new double[] {3, 1, 2}), 1e-12);
    }

    @Test
    void neuronsOfCosAPlusBHaveTheirFrequencyWithFullPurity() {
        int[] freqs = {3, 3, 5, 9};
        FloatMatrix acts = FloatMatrix.zeros(P * P, freqs.length);
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                for (int m = 0; m < freqs.length; m++) {
                    acts.set(a * P + b, m, (float) (1 + Math.cos(2 * Math.PI * freqs[m] * (a + b) / P + m)));
                }
            }
        }
        MlpFourier f = MlpFourier.of(new FourierBasis(P), acts);
        assertArrayEquals(freqs, f.dominantFrequency());
        for (double purity : f.purity()) {
            assertEquals(1.0, purity, 1e-4);
        }
        assertArrayEquals(new int[] {3, 5, 9}, f.keyFrequencies(0.2));
        assertEquals(0.5, f.frequencyShare()[3], 1e-4);
        assertEquals(1.0, f.explainedBy(new int[] {3, 5, 9}), 1e-4);
        assertEquals(1.0, f.ownFrequencyExplained(), 1e-4);
    }

    @Test
    void noiseSpreadsOverFrequencies() {
        Random rng = new Random(1);
        FloatMatrix acts = FloatMatrix.zeros(P * P, 8);
        for (int i = 0; i < acts.data().length; i++) {
            acts.data()[i] = (float) rng.nextGaussian();
        }
        MlpFourier f = MlpFourier.of(new FourierBasis(P), acts);
        assertEquals(0, f.keyFrequencies(0.2).length);
        for (double purity : f.purity()) {
            assertTrue(purity < 0.3, "noise purity " + purity);
        }
    }

    @Test
    void restrictedLossKeepsAKeyFrequencyAlgorithmAndExcludedLossDestroysIt() {
        int k = 4;
        float[] logits = new float[P * P * P];
        for (int ab = 0; ab < P * P; ab++) {
            for (int c = 0; c < P; c++) {
                int s = ab / P + ab % P;
                logits[ab * P + c] = (float) (30 * Math.cos(2 * Math.PI * k * (s - c) / P));
            }
        }
        LogitFourier.Losses l = LogitFourier.losses(P, logits, new int[] {k}, LogitFourier.allPairs(P));
        assertEquals(l.original(), l.restricted(), 1e-4);
        assertEquals(Math.log(P), l.excluded(), 1e-4);
        assertTrue(l.original() < 1, "a pure key-frequency algorithm is accurate: " + l.original());
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FourierBasis(2));
        assertEquals("expected modulus p >= 3, found p = 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MlpFourier.of(new FourierBasis(P), FloatMatrix.zeros(10, 3)));
        assertTrue(e.getMessage().contains("expected activations over all 529 pairs"), e.getMessage());
    }

    @Test
    void latentRecoveryCountsPureLatentsPerKeyFrequencyAndTheirStability() {
        // latents: pure freq 3, pure freq 3, pure freq 5, noise, dead
        FloatMatrix acts = FloatMatrix.zeros(P * P, 5);
        Random rng = new Random(2);
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                int r = a * P + b;
                acts.set(r, 0, (float) Math.max(0, Math.cos(2 * Math.PI * 3 * (a + b) / P)));
                acts.set(r, 1, (float) (1 + Math.sin(2 * Math.PI * 3 * (a + b) / P)));
                acts.set(r, 2, (float) (1 + Math.cos(2 * Math.PI * 5 * (a + b) / P)));
                acts.set(r, 3, (float) rng.nextGaussian());
            }
        }
        LatentRecovery rec = LatentRecovery.analyse(new FourierBasis(P), acts, new int[] {3, 5, 9}, 0.5,
                new boolean[] {true, false, true, false, false});
        assertEquals(2, rec.frequencies().get(0).latents());
        assertEquals(1, rec.frequencies().get(0).universalLatents());
        assertEquals(1, rec.frequencies().get(1).latents());
        assertTrue(rec.frequencies().get(0).bestPurity() > 0.5);
        assertEquals(false, rec.frequencies().get(2).recovered());
        assertEquals(2.0 / 3, rec.recoveredShare(), 1e-12);
        assertEquals(4, rec.liveLatents());
    }

    @Test
    void columnBlocksGiveTheSameSpectraAsOneColumnAtATime() {
        int p = 13;
        int m = 2 * MlpFourier.COLUMN_BLOCK + 37;
        Random rnd = new Random(5);
        float[] x = new float[p * p * m];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                for (int c = 0; c < m; c++) {
                    int k = 1 + c % 6;
                    x[(a * p + b) * m + c] = (float) (Math.cos(2 * Math.PI * k * (a + b) / p) + 0.3 * rnd.nextGaussian());
                }
            }
        }
        FourierBasis basis = new FourierBasis(p);
        MlpFourier all = MlpFourier.of(basis, new FloatMatrix(p * p, m, x));
        for (int c : new int[] {0, 1, MlpFourier.COLUMN_BLOCK - 1, MlpFourier.COLUMN_BLOCK, m - 1}) {
            float[] col = new float[p * p];
            for (int r = 0; r < p * p; r++) {
                col[r] = x[r * m + c];
            }
            MlpFourier one = MlpFourier.of(basis, new FloatMatrix(p * p, 1, col));
            assertEquals(one.dominantFrequency()[0], all.dominantFrequency()[c], "column " + c);
            assertEquals(1 + c % 6, all.dominantFrequency()[c], "column " + c + " is cos(w_k (a+b)) plus noise");
            assertEquals(one.purity()[0], all.purity()[c], 1e-5);
            assertEquals(one.variance()[0], all.variance()[c], 1e-3 * one.variance()[0]);
        }
    }

    @Test
    void deadColumnsHaveNoPowerAndLeaveTheLiveOnesAsTheyWere() {
        int p = 13;
        Random rnd = new Random(9);
        int live = 40;
        float[] liveX = new float[p * p * live];
        for (int i = 0; i < liveX.length; i++) {
            liveX[i] = rnd.nextInt(4) == 0 ? (float) rnd.nextGaussian() : 0f;
        }
        // the live columns spread among 3x as many zero columns (a dead latent is zero on every input)
        int m = 4 * live;
        float[] x = new float[p * p * m];
        for (int r = 0; r < p * p; r++) {
            for (int c = 0; c < live; c++) {
                x[r * m + 4 * c + 1] = liveX[r * live + c];
            }
        }
        FourierBasis basis = new FourierBasis(p);
        MlpFourier alone = MlpFourier.of(basis, new FloatMatrix(p * p, live, liveX));
        MlpFourier mixed = MlpFourier.of(basis, new FloatMatrix(p * p, m, x));
        for (int c = 0; c < m; c++) {
            boolean isLive = c % 4 == 1;
            assertEquals(isLive ? alone.variance()[c / 4] : 0, mixed.variance()[c], 0, "column " + c);
            assertEquals(isLive ? alone.purity()[c / 4] : 0, mixed.purity()[c], 0, "column " + c);
            assertEquals(isLive ? alone.dominantFrequency()[c / 4] : 0, mixed.dominantFrequency()[c], "column " + c);
        }
        assertArrayEquals(alone.frequencyShare(), mixed.frequencyShare(), 1e-12);
    }

    @Test
    void oneInputAtTheOriginPutsItsPowerWhereTheBasisSaysHandComputed() {
        // x = v at (a, b) = (0, 0): C[i, j] = v B[i, 0] B[j, 0], B[0, 0]^2 = 1/p, B[cos, 0]^2 = 2/p, B[sin, 0] = 0.
        // p = 5 (K = 2): group 0 = v^2/25; group k = (i,0) + (0,j) + (cos,cos) = v^2 (2/25 + 2/25 + 4/25) = 8v^2/25;
        // the mixed (cos1, cos2) and (cos2, cos1) terms (8v^2/25) belong to no group; the total is v^2.
        int p = 5;
        float v = 3f;
        double[] group = new double[3];
        double total = FourierSpectra.sparseGroupPower(p, FourierSpectra.transposed(new FourierBasis(p)), new int[] {0},
                new float[] {v}, 0, 1, group);
        assertEquals(v * v, total, 1e-9);
        assertArrayEquals(new double[] {v * v / 25.0, 8 * v * v / 25.0, 8 * v * v / 25.0}, group, 1e-5);
        FloatMatrix x = FloatMatrix.zeros(p * p, 1);
        x.set(0, 0, v);
        MlpFourier f = MlpFourier.of(new FourierBasis(p), x);
        // variance = total - constant = v^2 (1 - 1/25); each frequency holds 8/25 of v^2: a tie, the first wins
        assertEquals(v * v * 24 / 25.0, f.variance()[0], 1e-5);
        assertEquals(1, f.dominantFrequency()[0]);
        assertEquals(8 / 24.0, f.purity()[0], 1e-6);
    }

    @Test
    void sparseColumnsGetTheFullTransformsGroupPowers() {
        Random rnd = new Random(4);
        for (int p : new int[] {7, 8, 23, 24}) {
            FourierBasis basis = new FourierBasis(p);
            double[] bt = FourierSpectra.transposed(basis);
            for (int trial = 0; trial < 20; trial++) {
                int nnz = 1 + rnd.nextInt(Math.max(1, MlpFourier.sparseLimit(p)));
                float[] col = new float[p * p];
                for (int e = 0; e < nnz; e++) {
                    col[rnd.nextInt(p * p)] = (float) rnd.nextGaussian();
                }
                int[] rows = java.util.stream.IntStream.range(0, p * p).filter(r -> col[r] != 0f).toArray();
                float[] values = new float[rows.length];
                for (int e = 0; e < rows.length; e++) {
                    values[e] = col[rows[e]];
                }
                FloatMatrix coeffs = FourierSpectra.coefficients(basis, new FloatMatrix(p * p, 1, col));
                double[] expected = FourierSpectra.groupPower(basis, coeffs)[0];
                double[] group = new double[basis.frequencies() + 1];
                double total = FourierSpectra.sparseGroupPower(p, bt, rows, values, 0, rows.length, group);
                assertEquals(FourierSpectra.totalPower(coeffs)[0], total, 1e-5 * total, "p " + p + ", trial " + trial);
                for (int k = 0; k < group.length; k++) {
                    assertEquals(expected[k], group[k], 1e-5 * total, "p " + p + ", trial " + trial + ", group " + k);
                }
            }
        }
    }

    @Test
    void aMatrixOfSparseAndDenseColumnsGivesEachColumnItsOwnSpectrum() {
        int p = 13;
        Random rnd = new Random(6);
        int m = 30;
        float[] x = new float[p * p * m];
        for (int r = 0; r < p * p; r++) {
            for (int c = 0; c < m; c++) {
                // every third column dense, the others with about 1 to 10 of 169 inputs
                boolean on = c % 3 == 0 || rnd.nextInt(169) < c % 10 + 1;
                x[r * m + c] = on ? (float) rnd.nextGaussian() : 0f;
            }
        }
        FourierBasis basis = new FourierBasis(p);
        MlpFourier all = MlpFourier.of(basis, new FloatMatrix(p * p, m, x));
        for (int c = 0; c < m; c++) {
            float[] col = new float[p * p];
            for (int r = 0; r < p * p; r++) {
                col[r] = x[r * m + c];
            }
            FloatMatrix coeffs = FourierSpectra.coefficients(basis, new FloatMatrix(p * p, 1, col));
            double[] power = FourierSpectra.groupPower(basis, coeffs)[0];
            double variance = FourierSpectra.totalPower(coeffs)[0] - power[0];
            assertEquals(variance, all.variance()[c], 1e-5 * variance, "column " + c);
            if (variance <= 1e-12) {
                assertEquals(0, all.dominantFrequency()[c], "a dead column " + c);
                continue;
            }
            int best = 1;
            for (int k = 2; k < power.length; k++) {
                best = power[k] > power[best] ? k : best;
            }
            // a column on one or two inputs can tie frequencies exactly: then rounding picks among the tied ones
            int dominant = all.dominantFrequency()[c];
            assertEquals(power[best], power[dominant], 1e-5 * variance, "column " + c + ": frequency " + dominant);
            assertEquals(power[best] / variance, all.purity()[c], 1e-5, "column " + c);
        }
    }
}
