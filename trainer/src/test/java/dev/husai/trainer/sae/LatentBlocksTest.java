package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The sparse pass a block of rows at a time ({@link SparseStep#runBlocked}, gradient rows summed latent by latent)
 * gives the row-by-row pass's gradients and loss bit for bit: TopK codes, ReLU-L1's decoder-norm terms and
 * JumpReLU's threshold terms, on widths that are no multiple of the lanes and over several blocks.
 */
class LatentBlocksTest {

    @Test
    void blocksGiveTheRowByRowGradientsBitForBit() {
        for (int d : new int[] {5, 16, 37, 128, 200}) {
            int f = 24;
            int n = LatentBlocks.rowsPerBlock(d) * 2 + 7;
            SeedState s = state(d, f, n);
            float[] x = rows(n, d, 31);
            Codes codes = codes(n, f, 6, 32);
            assertTrue(LatentBlocks.pays(codes, d, f), "d " + d + ": the blocks are taken");
            assertSame(run(s, x, codes, 0, null, null, null, false), run(s, x, codes, 0, null, null, null, true), "TopK d " + d);
            float[] norms = s.decoderNorms();
            assertSame(run(s, x, codes, 0.3, norms, null, null, false), run(s, x, codes, 0.3, norms, null, null, true),
                    "ReLU-L1 d " + d);
            float[] theta = new float[f];
            for (int j = 0; j < f; j++) {
                theta[j] = 0.2f + 0.1f * (j % 3);
            }
            JumpTerms jump = new JumpTerms(theta, 0.3f, 0.05, 0);
            Codes near = codes(n, f, 3, 33);
            assertSame(run(s, x, codes, 0, null, near, jump, false), run(s, x, codes, 0, null, near, jump, true),
                    "JumpReLU d " + d);
        }
    }

    @Test
    void blocksAreTakenOnlyWhereLatentsRecurWithinABlock() {
        assertTrue(LatentBlocks.pays(codes(4096, 1024, 32, 1), 128, 1024), "bench shape: 8 entries a latent a block");
        assertFalse(LatentBlocks.pays(codes(128, 4096, 4, 2), 128, 4096), "study shape: 512 entries over 4,096 latents");
        assertFalse(LatentBlocks.pays(new Codes(0, new int[1], new int[0], new float[0]), 128, 1024), "no rows");
    }

    private static Gradients run(SeedState s, float[] x, Codes codes, double l1, float[] norms, Codes near, JumpTerms jump,
                                 boolean blocked) {
        Gradients g = new Gradients(s.d, s.f);
        int n = codes.rows();
        if (blocked) {
            SparseStep.runBlocked(s, x, 0, codes, n, l1, norms, near, jump, g);
        } else {
            SparseStep.runRows(s, x, 0, codes, null, n, l1, norms, 0, null, near, jump, g);
        }
        return g;
    }

    private static void assertSame(Gradients want, Gradients got, String what) {
        assertEquals(Double.doubleToLongBits(want.lossSum), Double.doubleToLongBits(got.lossSum), what + ": loss");
        assertEquals(Double.doubleToLongBits(want.l1Sum), Double.doubleToLongBits(got.l1Sum), what + ": l1");
        for (int j = 0; j < want.dWdec.length; j++) {
            assertArrayEquals(want.dWdec[j], got.dWdec[j], what + ": dW_dec " + j);
            assertArrayEquals(want.dWenc[j], got.dWenc[j], what + ": dW_enc " + j);
        }
        assertArrayEquals(want.dBencF, got.dBencF, what + ": db_enc");
        assertArrayEquals(want.dBdecD, got.dBdecD, what + ": db_dec");
        assertArrayEquals(want.codeSumF, got.codeSumF, what + ": code sums");
        assertArrayEquals(want.dLogThetaF, got.dLogThetaF, what + ": dlog theta");
        assertArrayEquals(want.touched, got.touched, what + ": touched");
    }

    private static SeedState state(int d, int f, int n) {
        SaeConfig config = SaeConfig.builder(HookPoint.RESID_POST, d).arch(SaeConfig.Arch.TOPK).dSae(f).k(6).batchSize(n)
                .steps(10).seeds(List.of(1L)).build();
        Random rng = new Random(d);
        float[] median = new float[d];
        for (int c = 0; c < d; c++) {
            median[c] = (float) rng.nextGaussian() * 0.1f;
        }
        return SeedState.init(config, 1L, median, n, 1f);
    }

    private static float[] rows(int n, int d, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /** k distinct latents a row in ascending order, positive values. */
    private static Codes codes(int n, int f, int k, long seed) {
        Random rng = new Random(seed);
        Codes.Builder b = new Codes.Builder(n, n * k);
        for (int r = 0; r < n; r++) {
            TreeSet<Integer> latents = new TreeSet<>();
            while (latents.size() < k) {
                latents.add(rng.nextInt(f));
            }
            for (int j : latents) {
                b.add(j, 0.05f + rng.nextFloat());
            }
            b.endRow();
        }
        return b.build();
    }
}
