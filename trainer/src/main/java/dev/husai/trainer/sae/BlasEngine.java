package dev.husai.trainer.sae;

import dev.husai.core.align.BlasThreads;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.tensor.Activations;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * The BLAS engine of {@link MultiSeedTrainer}: per step, the encoder pre-activations of every seed in one dense product
 * ({@link DenseKernel}, sgemm), then the architecture's selection ({@link TrainingCodes}), the sparse loss and gradients
 * ({@link SparseStep}, or {@link DenseStep} for ReLU-L1's dense codes on BLAS), the merge, Adam and the decoder's
 * renormalisation, each a parallel block over seeds (or row chunks of a lone seed). Deterministic for a given seed and
 * thread count. Buffers are reused from step to step.
 *
 * <p><b>TopK's fused path.</b> TopK needs nothing of {@code pre [A, N, F]} but each row's own top k (and AuxK's top
 * k_aux among the dead latents), so its dense product runs inside the selection tasks, {@link #fusedRows} rows at a
 * time into a per-thread block that stays in L2 ({@code 2^18} floats, 1 MiB), each block selected as soon as it is
 * written, OpenBLAS on one thread per call ({@link BlasThreads}) since the tasks already run in parallel. The whole
 * {@code [A, N, F]} buffer (128 MiB for 8 seeds at 4,096 x 1,024) is never written nor read back from memory. Each
 * element is the same sgemm dot product as in one call per seed, and a row's selection does not depend on its
 * neighbours, so the codes are the same bits as the unfused path ({@code -Dhusai.sae.fused=false} keeps that one).
 *
 * <p><b>BatchTopK's (and Matryoshka's) fused path.</b> Their cut {@code tau} is the (kN+1)-th largest value of the
 * seed's whole {@code pre [N, F]} ({@link Selection#batchThreshold}), so the blocks keep, as each row's candidates,
 * its values above a lower cut, 0.9 x the seed's cut at the previous step (about 1.5 kN values), and AuxK's codes.
 * When at least kN+1 values pass, the kN+1 largest of the batch are all among them, so {@code tau} is their (kN+1)-th
 * largest and the codes are the candidates above it: the same bits as the unfused path. Otherwise (the first step, or
 * a cut that rose by more than a tenth) that seed's {@code pre} is computed whole and cut as before.
 */
final class BlasEngine {
    private final SaeConfig config;
    private final Activations trainRD;
    private final DenseKernel kernel;
    /**
     * The dense loss and gradients on BLAS of ReLU-L1 (its codes are dense) and of JumpReLU while its batch L0 is above
     * {@link DenseStep#DENSE_SHARE} of the latents; null for the other archs, without BLAS, or with
     * {@code -Dhusai.sae.sparseRelu=true} (the sparse pass for both).
     */
    private final DenseStep denseStep;
    /** JumpReLU's theta_0, epsilon and lambda_0 (null for the other archs). */
    private final JumpReluSchedule jump;
    private final StepProfile profile;
    private final int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /**
     * Floats in one fused block of pre-activations ({@code 2^18}: 1 MiB, within a core's 2 MiB L2; {@code 2^17} measured
     * the same at 1 seed and 3-7% slower at 8 seeds, its sgemm packing W_enc twice as often).
     */
    static final int FUSED_BLOCK_FLOATS = 1 << 18;
    /** TopK on BLAS: dense product and selection fused block by block (see the class comment). */
    private final boolean fused;
    /** BatchTopK and Matryoshka on BLAS: candidates above a lower cut gathered block by block (see the class comment). */
    private final boolean fusedBatch;
    /** The lower cut of {@link #fusedBatch} as a share of the seed's cut at the previous step. */
    static final float BATCH_CUT_SHARE = 0.9f;
    /** The fused path's block {@code [rows, F]}, one per thread, kept between steps. */
    private final ThreadLocal<float[]> fusedBlock = new ThreadLocal<>();
    private float[] xBuf = new float[0];
    /** This step's seeds' encoders ({@link SeedState#wEncFD}), read in place by the dense product. */
    private float[][] encoders = new float[0][];
    private float[] biasBuf = new float[0];
    private float[] preBuf = new float[0];
    private int step;

    BlasEngine(SaeConfig config, Activations trainRD, DenseKernel kernel, JumpReluSchedule jump, StepProfile profile) {
        this.config = config;
        this.trainRD = trainRD;
        this.kernel = kernel;
        this.jump = jump;
        this.profile = profile;
        this.denseStep = (config.arch() == Arch.RELU_L1 || config.arch() == Arch.JUMPRELU)
                && kernel instanceof DenseKernel.BlasKernel && !Boolean.getBoolean("husai.sae.sparseRelu") ? new DenseStep() : null;
        boolean fusable = kernel instanceof DenseKernel.BlasKernel && !"false".equals(System.getProperty("husai.sae.fused"));
        this.fused = config.arch() == Arch.TOPK && fusable;
        this.fusedBatch = config.arch().batchTopK() && fusable;
    }

    /** Rows of one fused block of {@code f} latents: {@link #FUSED_BLOCK_FLOATS} / F, within 16..256. */
    static int fusedRows(int f) {
        return Math.max(16, Math.min(256, FUSED_BLOCK_FLOATS / f));
    }

    /** One training step of every seed in {@code act} at the 1-based {@code step}. */
    void step(SeedState[] act, int step) {
        this.step = step;
        int a = act.length;
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        long t0 = System.nanoTime();
        xBuf = sized(xBuf, a * n * d);
        encoders = new float[a][];
        biasBuf = sized(biasBuf, a * f);
        preBuf = fused || fusedBatch ? preBuf : sized(preBuf, a * n * f);
        // each seed draws from its own order and writes its own slices (Activations are safe for concurrent reads)
        IntStream.range(0, a).parallel().forEach(i -> {
            act[i].nextBatch(trainRD, n, xBuf, i * n * d);
            encoders[i] = act[i].wEncFD;
            act[i].foldedBias(biasBuf, i * f);
        });
        long t1 = System.nanoTime();
        profile.wall(StepProfile.Phase.BATCH, t1 - t0);
        if (!fused && !fusedBatch) {
            kernel.preActivations(xBuf, encoders, biasBuf, a, n, d, f, preBuf);
        }
        long t2 = System.nanoTime();
        profile.wall(StepProfile.Phase.DENSE, t2 - t1);
        double l1 = config.arch() == Arch.RELU_L1 ? config.l1At(step) : 0;
        float[][] norms = new float[a][];
        float[] tau = new float[a];
        int[][] dead = new int[a][];
        JumpTerms[] jumps = new JumpTerms[a];
        IntStream.range(0, a).parallel().forEach(i -> {
            norms[i] = l1 > 0 ? act[i].decoderNorms() : null;
            tau[i] = config.arch().batchTopK() && !fusedBatch ? Selection.batchThreshold(preBuf, i * n * f, n, f, config.k(), a == 1 ? threads : 1) : 0f;
            dead[i] = deadLatents(act[i]);
            jumps[i] = jump == null ? null : jump.terms(config, step, act[i], preBuf, i * n * f, n);
        });
        // (fused: no batch cut computed above from preBuf, no JumpReLU terms: the only users of preBuf there)
        profile.wall(StepProfile.Phase.PREPARE, System.nanoTime() - t2);
        Codes[][][] given = fusedBatch ? batchCodes(act, dead) : null;   // records its DENSE and PREPARE time itself
        long t3 = System.nanoTime();
        Codes[][] codes = fused ? BlasThreads.singleThreaded(() -> sparsePass(act, tau, dead, jumps, l1, norms, null))
                : sparsePass(act, tau, dead, jumps, l1, norms, given);
        long t4 = System.nanoTime();
        profile.wall(StepProfile.Phase.SELECT, t4 - t3);
        updateSeeds(act, codes, n, l1, norms, t4);
        profile.stepDone();
    }

    /**
     * Selection and sparse loss/gradients, one task per seed (or per row chunk of a lone seed); returns the codes.
     * {@code given}: each seed's and chunk's {codes, AuxK codes} already selected ({@link #batchCodes}), else null.
     */
    private Codes[][] sparsePass(SeedState[] act, float[] tau, int[][] dead, JumpTerms[] jumps, double l1, float[][] norms,
                                 Codes[][][] given) {
        int a = act.length;
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        int[] prefixes = config.prefixSizes().isEmpty() ? null
                : config.prefixSizes().stream().mapToInt(Integer::intValue).toArray();
        int chunks = config.arch() == Arch.RELU_L1 && denseStep != null ? 1 : chunks(a);
        Codes[][] codes = new Codes[a][chunks];
        boolean[] dense = new boolean[a];
        for (int i = 0; i < a; i++) {
            dense[i] = denseStep != null && (jumps[i] == null || jumps[i].batchL0() > DenseStep.DENSE_SHARE * f);
        }
        allocateScratch(act, chunks);
        densePass(act, dense, jumps, l1, norms);
        IntStream.range(0, a * chunks).parallel().forEach(t -> {
            int i = t / chunks;
            int c = t % chunks;
            if (dense[i]) {
                return;
            }
            long s0 = System.nanoTime();
            int r0 = n * c / chunks;
            int r1 = n * (c + 1) / chunks;
            Codes near = null;
            Codes aux;
            long denseNanos = 0;
            if (given != null) {
                codes[i][c] = given[i][c][0];
                aux = given[i][c][1];
            } else if (fused) {
                Fused both = fusedCodes(i, r0, r1, dead[i], 0f, act[i].cuts[c]);
                codes[i][c] = both.codes();
                aux = both.aux();
                denseNanos = both.denseNanos();
            } else {
                if (jumps[i] != null) {
                    Codes[] both = TrainingCodes.jump(config, preBuf, (i * n + r0) * f, r1 - r0, jumps[i]);
                    codes[i][c] = both[0];
                    near = both[1];
                } else {
                    codes[i][c] = TrainingCodes.select(config, preBuf, (i * n + r0) * f, r1 - r0, tau[i], null, 0,
                            act[i].cuts[c][0]);
                }
                aux = dead[i] == null ? null : TrainingCodes.select(config, preBuf, (i * n + r0) * f, r1 - r0, 0f, dead[i],
                        config.kAux(), act[i].cuts[c][1]);
            }
            long s1 = System.nanoTime();
            SeedState s = act[i];
            Gradients g = s.scratch[c];
            g.clear();
            SparseStep.run(s, xBuf, (i * n + r0) * d, codes[i][c], aux, n, l1, norms[i],
                    config.arch().usesAuxK() ? config.auxkCoefficient() : 0, prefixes, near, jumps[i], g);
            profile.tasks(denseNanos, s1 - s0 - denseNanos, System.nanoTime() - s1);
        });
        return codes;
    }

    /**
     * Each seed's per-chunk gradients and selection scratch, (re)made when the chunk count changed: here, not inside the
     * parallel loops (two chunks of one seed racing to create the scratch array lost one chunk's gradient now and then).
     */
    private void allocateScratch(SeedState[] act, int chunks) {
        int d = config.dIn();
        int f = config.dSae();
        for (SeedState s : act) {
            if (s.scratch == null || s.scratch.length != chunks) {
                s.scratch = IntStream.range(0, chunks).mapToObj(j -> new Gradients(d, f)).toArray(Gradients[]::new);
            }
            if (s.cuts == null || s.cuts.length != chunks) {
                s.cuts = new Selection.Scratch[chunks][];
                for (int c = 0; c < chunks; c++) {
                    s.cuts[c] = new Selection.Scratch[] {new Selection.Scratch(f), new Selection.Scratch(f)};
                }
            }
        }
    }

    /** Row chunks per seed: one task per seed, or {@code threads} chunks of a lone seed. */
    private int chunks(int seeds) {
        return seeds >= threads ? 1 : threads;
    }

    /**
     * BatchTopK's codes and AuxK's of every seed and chunk ({@code [A][chunks]{codes, aux}}), on the fused path: the
     * blocks gather the values above {@link #BATCH_CUT_SHARE} x the seed's last cut ({@link #fusedCodes}), then per
     * seed the cut of the batch from those candidates when at least kN+1 passed, else from the seed's whole
     * pre-activations (see the class comment). The sgemm's share of the time counts as {@code DENSE}.
     */
    private Codes[][][] batchCodes(SeedState[] act, int[][] dead) {
        int a = act.length;
        int n = config.batchSize();
        int chunks = chunks(a);
        Codes[][][] out = new Codes[a][chunks][];
        allocateScratch(act, chunks);
        float[] lower = new float[a];
        for (int i = 0; i < a; i++) {
            lower[i] = act[i].lastBatchCut > 0f ? BATCH_CUT_SHARE * act[i].lastBatchCut : Float.NaN;
        }
        LongAdder dense = new LongAdder();
        LongAdder all = new LongAdder();
        long t0 = System.nanoTime();
        BlasThreads.singleThreaded(() -> {
            IntStream.range(0, a * chunks).parallel().forEach(t -> {
                int i = t / chunks;
                int c = t % chunks;
                if (!Float.isNaN(lower[i])) {
                    long s0 = System.nanoTime();
                    Fused both = fusedCodes(i, n * c / chunks, n * (c + 1) / chunks, dead[i], lower[i], act[i].cuts[c]);
                    out[i][c] = new Codes[] {both.codes(), both.aux()};
                    dense.add(both.denseNanos());
                    all.add(System.nanoTime() - s0);
                }
            });
            return null;
        });
        long fusedWall = System.nanoTime() - t0;
        IntStream.range(0, a).parallel().forEach(i -> act[i].lastBatchCut = cutFromCandidates(i, out[i], n, dead[i],
                !Float.isNaN(lower[i]), chunks, a == 1 ? threads : 1));
        long denseWall = all.sum() == 0 ? 0 : (long) ((double) fusedWall * dense.sum() / all.sum());
        profile.wall(StepProfile.Phase.DENSE, denseWall);
        profile.wall(StepProfile.Phase.PREPARE, System.nanoTime() - t0 - denseWall);
        return out;
    }

    /**
     * Seed {@code i}'s batch cut, with its chunks' candidates in {@code chunkCodes} turned into codes in place; when too
     * few passed (or none were {@code gathered}) the seed's whole {@code pre} is computed and cut as on the unfused
     * path ({@code parts} parallel ranges), AuxK's codes with it.
     */
    private float cutFromCandidates(int i, Codes[][] chunkCodes, int n, int[] dead, boolean gathered, int chunks, int parts) {
        int keep = (int) Math.min((long) config.k() * n, (long) n * config.dSae());
        int count = 0;
        for (int c = 0; gathered && c < chunks; c++) {
            count += chunkCodes[c][0].nnz();
        }
        if (gathered && count >= keep + 1) {
            float[] v = new float[count];
            int at = 0;
            for (int c = 0; c < chunks; c++) {
                System.arraycopy(chunkCodes[c][0].val(), 0, v, at, chunkCodes[c][0].nnz());
                at += chunkCodes[c][0].nnz();
            }
            float tau = Selection.largestPositive(v, count, keep + 1);
            for (int c = 0; c < chunks; c++) {
                chunkCodes[c][0] = TrainingCodes.above(chunkCodes[c][0], tau);
            }
            return tau;
        }
        int d = config.dIn();
        int f = config.dSae();
        float[] pre = new float[n * f];
        ((DenseKernel.BlasKernel) kernel).preActivationRows(xBuf, i * n * d, encoders[i], 0, biasBuf, i * f, n, d, f, pre, 0);
        float tau = Selection.batchThreshold(pre, 0, n, f, config.k(), parts);
        for (int c = 0; c < chunks; c++) {
            int r0 = n * c / chunks;
            int r1 = n * (c + 1) / chunks;
            Codes codes = TrainingCodes.select(config, pre, r0 * f, r1 - r0, tau, null, 0);
            Codes aux = dead == null ? null : TrainingCodes.select(config, pre, r0 * f, r1 - r0, 0f, dead, config.kAux());
            chunkCodes[c] = new Codes[] {codes, aux};
        }
        return tau;
    }

    /** A fused run of rows' codes, AuxK's codes (or null) and the nanoseconds its sgemm took. */
    private record Fused(Codes codes, Codes aux, long denseNanos) {
    }

    /**
     * TopK's codes, or BatchTopK's candidates above {@code cut} (and AuxK's codes among {@code dead}, or null) of seed
     * {@code i}'s rows {@code [r0, r1)}: per block of {@link #fusedRows} rows, {@code block = X W_enc + b} by one
     * single-threaded sgemm into this thread's block, then each row's selection while the block is in cache
     * ({@code cuts}: the chunk's scratch for the codes and AuxK's).
     */
    private Fused fusedCodes(int i, int r0, int r1, int[] dead, float cut, Selection.Scratch[] cuts) {
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        int rows = fusedRows(f);
        float[] block = fusedBlock.get();
        if (block == null || block.length != rows * f) {
            block = new float[rows * f];
            fusedBlock.set(block);
        }
        DenseKernel.BlasKernel blasKernel = (DenseKernel.BlasKernel) kernel;
        Codes.Builder out = TrainingCodes.builder(config, r1 - r0, null, 0);
        Codes.Builder aux = dead == null ? null : TrainingCodes.builder(config, r1 - r0, dead, config.kAux());
        Selection.Scratch scratch = cuts[0];
        Selection.Scratch auxScratch = cuts[1];
        long denseNanos = 0;
        for (int b0 = r0; b0 < r1; b0 += rows) {
            int m = Math.min(rows, r1 - b0);
            long t0 = System.nanoTime();
            blasKernel.preActivationRows(xBuf, (i * n + b0) * d, encoders[i], 0, biasBuf, i * f, m, d, f, block, 0);
            denseNanos += System.nanoTime() - t0;
            TrainingCodes.selectInto(config, block, 0, m, cut, null, 0, scratch, out);
            if (aux != null) {
                TrainingCodes.selectInto(config, block, 0, m, 0f, dead, config.kAux(), auxScratch, aux);
            }
        }
        return new Fused(out.build(), aux == null ? null : aux.build(), denseNanos);
    }

    /**
     * The seeds marked {@code dense}, one after another through {@link DenseStep} (BLAS threads inside, its element-wise
     * passes in {@code threads} row ranges): it keeps no {@link Codes} (the codes are dense) and counts them in the
     * gradients instead, so their codes stay null; their other chunks' scratch is cleared.
     */
    private void densePass(SeedState[] act, boolean[] dense, JumpTerms[] jumps, double l1, float[][] norms) {
        int n = config.batchSize();
        int d = config.dIn();
        int f = config.dSae();
        long s0 = System.nanoTime();
        for (int i = 0; i < act.length; i++) {
            if (!dense[i]) {
                continue;
            }
            for (Gradients g : act[i].scratch) {
                g.clear();
            }
            denseStep.run(act[i], xBuf, i * n * d, preBuf, i * n * f, n, l1, norms[i], jumps[i], act[i].scratch[0], threads);
        }
        profile.tasks(0, 0, System.nanoTime() - s0);
    }

    /** Merge, bookkeeping, Adam and the decoder's renormalisation of every seed, each a parallel block over seeds. */
    private void updateSeeds(SeedState[] act, Codes[][] codes, int n, double l1, float[][] norms, long t0) {
        int a = act.length;
        boolean[] update = new boolean[a];
        boolean[] finite = new boolean[a];
        boolean rowsMerged = a == 1 && act[0].scratch.length > 1;
        if (rowsMerged) {
            mergeRowsInParallel(act[0].scratch);
        }
        IntStream.range(0, a).parallel().forEach(i -> update[i] = finishSeed(act[i], codes[i], n, l1, norms[i], rowsMerged));
        long t1 = System.nanoTime();
        profile.wall(StepProfile.Phase.MERGE, t1 - t0);
        boolean unitNorm = config.arch().unitNormDecoder();
        double lr = config.lrAt(step);
        IntStream.range(0, a).parallel().forEach(i -> finite[i] = !update[i] || act[i].adam(act[i].scratch[0], lr, unitNorm, a == 1 ? threads : 1));
        long t2 = System.nanoTime();
        profile.wall(StepProfile.Phase.ADAM, t2 - t1);
        for (int i = 0; i < a; i++) {
            if (!finite[i]) {
                act[i].pendingStop = "non-finite weights after the update at step " + step + ": "
                        + act[i].weights(false).firstNonFinite();
            }
        }
        profile.wall(StepProfile.Phase.NORMALISE, System.nanoTime() - t2);
    }

    /** A lone seed's chunks' latent rows added into chunk 0's, in {@code threads} parallel ranges of rows, chunks in order. */
    private void mergeRowsInParallel(Gradients[] chunks) {
        int f = config.dSae();
        IntStream.range(0, threads).parallel().forEach(p -> {
            for (int c = 1; c < chunks.length; c++) {
                chunks[0].addRows(chunks[c], f * p / threads, f * (p + 1) / threads);
            }
        });
    }

    /**
     * Merges a seed's chunks ({@code rowsMerged}: their latent rows already, {@link #mergeRowsInParallel}) and records its
     * step's loss, L0 and threshold; false when its loss is not finite.
     */
    private boolean finishSeed(SeedState s, Codes[] codes, int n, double l1, float[] norms, boolean rowsMerged) {
        Gradients g = s.scratch[0];
        for (int c = 1; c < s.scratch.length; c++) {
            if (rowsMerged) {
                g.addSums(s.scratch[c]);
            } else {
                g.add(s.scratch[c]);
            }
        }
        SparseStep.finish(s, g, l1, norms, n);
        s.lastAuxLoss = g.auxLossSum / n;
        long nnz = g.nnz;
        float min = g.minCode;
        if (codes[0] == null) {
            for (int j = 0; j < s.f; j++) {
                s.lastFired[j] = g.touched[j] ? step : s.lastFired[j];
            }
        }
        for (Codes c : codes[0] == null ? new Codes[0] : codes) {
            nnz += c.nnz();
            for (int i = 0; i < c.nnz(); i++) {
                s.lastFired[c.col()[i]] = step;
            }
            if (config.arch().batchTopK()) {   // only BatchTopK's threshold needs it
                float cm = c.minValue();
                min = Float.isNaN(min) ? cm : Float.isNaN(cm) ? min : Math.min(min, cm);
            }
        }
        s.lastL0 = nnz / (double) n;
        s.lastLoss = (g.lossSum + l1 * g.l1Sum) / n + s.lastPenalty;
        if (config.arch().batchTopK() && !Float.isNaN(min)) {
            s.threshold = Float.isNaN(s.threshold) ? min : 0.99f * s.threshold + 0.01f * min;
        }
        if (!Double.isFinite(s.lastLoss)) {
            s.pendingStop = "non-finite loss (" + s.lastLoss + ") at step " + step;
            return false;
        }
        return true;
    }

    /** The latents of a seed that have not fired within the dead window, or null when AuxK is off or none is dead. */
    private int[] deadLatents(SeedState s) {
        if (!config.arch().usesAuxK() || config.auxkCoefficient() == 0) {
            return null;
        }
        int[] dead = IntStream.range(0, config.dSae()).filter(j -> step - s.lastFired[j] > config.deadWindow()).toArray();
        return dead.length == 0 ? null : dead;
    }

    private static float[] sized(float[] buf, int len) {
        return buf.length == len ? buf : new float[len];
    }
}
