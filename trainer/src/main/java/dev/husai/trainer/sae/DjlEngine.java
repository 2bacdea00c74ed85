package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.tensor.Activations;

/**
 * The DJL SAE engine: every architecture as dense PyTorch tensors with the seeds of the group batched along a
 * leading axis, so each product is one batched matmul for all seeds ({@link DjlStep}), and Adam on the stacked
 * parameters ({@link DjlAdam}); on the CPU or a GPU. The parameters live on the device ({@link DjlState}) and reach
 * the seeds' {@link SeedState} only when the trainer needs them ({@link #pull}: snapshots, stops, results). Same
 * init, batches (each seed's own order) and schedules as the BLAS engine of {@link MultiSeedTrainer}, which it
 * matches within 1e-4 relative after 100 steps ({@code EngineParityTest}). A step makes its arrays in a sub-manager
 * closed at its end; the live arrays stay constant ({@link #liveArrays}).
 */
final class DjlEngine implements AutoCloseable {
    private final SaeConfig config;
    private final Activations trainRD;
    private final JumpReluSchedule jump;
    private final NDManager base;
    private final String name;
    private final DirectStaging staging = new DirectStaging();
    private DjlState state;
    private float[] xBuf = new float[0];
    /** Whether the device holds updates the seeds' {@link SeedState} has not seen. */
    private boolean dirty;
    /** Whether some seed has a dead latent at the next step (AuxK needed). */
    private boolean anyDead;
    /** The seeds of the last step, in the state's row order. */
    private SeedState[] held = new SeedState[0];

    DjlEngine(SaeConfig config, Activations trainRD, JumpReluSchedule jump, EngineChoice choice) {
        this.config = config;
        this.trainRD = trainRD;
        this.jump = jump;
        this.base = NDManager.newBaseManager(choice.device());
        this.name = choice.label();
        this.anyDead = config.arch().usesAuxK() && config.auxkCoefficient() > 0 && 1 > config.deadWindow();
    }

    /** One training step of the active seeds at the 1-based {@code step}; sets their last metrics, as the BLAS engine. */
    void step(SeedState[] act, int step) {
        if (state == null) {
            state = DjlState.load(base.newSubManager(), act);
        } else if (!state.holds(act)) {
            state.keep(act);
        }
        int a = act.length;
        int n = config.batchSize();
        int d = config.dIn();
        xBuf = xBuf.length == a * n * d ? xBuf : new float[a * n * d];
        for (int i = 0; i < a; i++) {
            act[i].nextBatch(trainRD, n, xBuf, i * n * d);
        }
        float[] stats;
        try (NDManager sub = state.manager.newSubManager()) {
            sub.tempAttachAll(state.all());
            NDArray x = sub.create(staging.stage(xBuf, a * n * d), new Shape(a, n, d), DataType.FLOAT32);
            stats = compute(x, step);
        }
        dirty = true;
        held = act.clone();
        boolean dead = false;
        for (int i = 0; i < a; i++) {
            record(act[i], stats, i * STATS, step);
            dead |= stats[i * STATS + 8] > 0;
        }
        anyDead = dead && config.arch().usesAuxK() && config.auxkCoefficient() > 0;
    }

    /** Stats per seed: loss sum, L1 sum, AuxK loss sum, codes, penalty, lambda, smallest code, parameter sum, dead. */
    private static final int STATS = 9;

    private float[] compute(NDArray x, int step) {
        NDManager m = x.getManager();
        long s = x.getShape().get(0);
        int n = config.batchSize();
        DjlStep st = new DjlStep(config, state, x);
        NDArray nnzS = st.mask.sum(new int[] {1, 2});
        NDArray zeroS = m.zeros(new Shape(s));
        NDArray lambdaS = zeroS;
        NDArray penaltyS = zeroS;
        if (jump != null) {
            NDArray rel = nnzS.div((float) n * config.k()).sub(1f);
            boolean fixed = config.l0Coefficient() > 0;
            float fixedL = (float) config.l0At(step);
            lambdaS = fixed ? zeroS.add(fixedL) : rel.mul((float) (2 * jump.targetWeight() / config.k()));
            penaltyS = fixed ? nnzS.div((float) n).mul(fixedL) : rel.square().mul((float) jump.targetWeight());
        }
        double l1 = config.arch() == Arch.RELU_L1 ? config.l1At(step) : 0;
        st.backward(l1, lambdaS.reshape(s, 1, 1), jump == null ? 0f : jump.bandwidth());
        if (anyDead) {
            NDArray dead = state.lastFired.sub(step).neg().gt(config.deadWindow()).toType(DataType.FLOAT32, false);
            st.auxK(dead.reshape(s, 1, config.dSae()), config.auxkCoefficient());
        }
        NDArray[] grads = st.gradients(config.arch().unitNormDecoder());
        NDArray l1S = st.l1S == null ? zeroS : st.l1S;
        NDArray lossS = st.lossS.add(l1S.mul((float) l1)).div((float) n).add(penaltyS);
        NDArray okS = lossS.isNaN().logicalOr(lossS.isInfinite()).logicalNot();
        state.updates++;
        NDArray sumS = DjlAdam.step(state, grads, okS.reshape(s, 1, 1), config.lrAt(step),
                jump == null ? Adam.BETA1 : 0, config.arch().unitNormDecoder());
        NDArray fired = st.mask.sum(new int[] {1}).gt(0).toType(DataType.FLOAT32, false);
        state.lastFired.muli(fired.neg().add(1f)).addi(fired.mul((float) step));
        NDArray deadNext = state.lastFired.sub(step + 1).neg().gt(config.deadWindow()).sum(new int[] {1})
                .toType(DataType.FLOAT32, false);
        NDArray auxS = st.auxS == null ? zeroS : st.auxS;
        return NDArrays.stack(new NDList(st.lossS, l1S, auxS, nnzS, penaltyS, lambdaS, st.minKept(), sumS, deadNext), 1)
                .toFloatArray();
    }

    /** A seed's last metrics, threshold EMA and stop reason from its stats row, as {@code MultiSeedTrainer.finishSeed}. */
    private void record(SeedState s, float[] stats, int at, int step) {
        int n = config.batchSize();
        double l1 = config.arch() == Arch.RELU_L1 ? config.l1At(step) : 0;
        s.lastAuxLoss = stats[at + 2] / n;
        s.lastL0 = stats[at + 3] / n;
        if (jump != null) {
            s.lastPenalty = stats[at + 4];
            s.l0Coefficient = stats[at + 5];
        }
        s.lastLoss = (stats[at] + l1 * stats[at + 1]) / n + s.lastPenalty;
        float min = stats[at + 6];
        if (config.arch().batchTopK() && min < 1e29f) {
            s.threshold = Float.isNaN(s.threshold) ? min : 0.99f * s.threshold + 0.01f * min;
        }
        if (!Double.isFinite(s.lastLoss)) {
            s.pendingStop = "non-finite loss (" + s.lastLoss + ") at step " + step;
        } else if (!Float.isFinite(stats[at + 7])) {
            pull();
            s.pendingStop = "non-finite weights after the update at step " + step + ": " + s.weights(false).firstNonFinite();
        }
    }

    /** Copies the device's parameters into the last step's {@link SeedState}s when they changed since the last copy. */
    void pull() {
        if (dirty && state != null) {
            state.copyTo(held);
            dirty = false;
        }
    }

    /** Fault injection for tests: a NaN into the seed's {@code b_dec} on the device (after the first step). */
    void poison(long seed) {
        if (state != null) {
            for (int i = 0; i < state.seeds.length; i++) {
                if (state.seeds[i] == seed) {
                    state.bDec().set(new NDIndex(i, 0, 0), Float.NaN);
                }
            }
        }
    }

    /** Live arrays of the engine's long-lived manager (0 before the first step). */
    int liveArrays() {
        return state == null ? 0 : state.liveArrays();
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        base.close();
    }
}
