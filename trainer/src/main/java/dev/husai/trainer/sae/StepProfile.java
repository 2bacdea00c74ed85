package dev.husai.trainer.sae;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the training steps' time goes, phase by phase, summed since the last {@link #reset()}. Each phase is a block
 * of {@link MultiSeedTrainer}'s step that runs to completion before the next starts, so its wall time is measured
 * directly; selection and the sparse pass share one parallel block (one task per seed or row chunk), and that block's
 * wall time is split between them in proportion to the time their tasks spent in each. TopK's fused path computes its
 * dense product inside that block too (block by block, {@link BlasEngine}): its tasks' dense time counts as
 * {@code DENSE}, with the same proportional split. Measuring costs two
 * {@code System.nanoTime()} calls per phase and task; it never changes a result.
 */
public final class StepProfile {

    /** The phases of a step, in order. */
    public enum Phase {
        /** batch rows gathered, encoders copied, folded biases ({@code [A, N, D]}, {@code [A, F, D]}) */
        BATCH,
        /** the dense pre-activations {@code X W_enc + b} ({@link DenseKernel}), 2 N D F flops per seed */
        DENSE,
        /** per-seed terms over {@code pre [N, F]}: BatchTopK's cut, JumpReLU's L0, dead latents, decoder norms */
        PREPARE,
        /** choosing the active latents ({@link TrainingCodes}) */
        SELECT,
        /** sparse loss and gradients ({@link SparseStep}) */
        SPARSE,
        /** merging row chunks' gradients, per-step terms, loss bookkeeping */
        MERGE,
        /** the decoder gradient's parallel part removed, Adam over every parameter, each decoder row renormalised */
        ADAM,
        /** the seeds' stops on non-finite weights (the decoder rows are renormalised inside {@code ADAM}, row by row) */
        NORMALISE
    }

    private final Map<Phase, LongAdder> wallNanos = new EnumMap<>(Phase.class);
    private final LongAdder denseTaskNanos = new LongAdder();
    private final LongAdder selectTaskNanos = new LongAdder();
    private final LongAdder sparseTaskNanos = new LongAdder();
    private final LongAdder steps = new LongAdder();

    public StepProfile() {
        for (Phase p : Phase.values()) {
            wallNanos.put(p, new LongAdder());
        }
    }

    /** Adds a block's wall time; selection and the sparse pass record their shared block as {@code SELECT}. */
    void wall(Phase p, long nanos) {
        wallNanos.get(p).add(nanos);
    }

    /** Task time of the fused dense product, of selection and of the sparse pass inside their shared block. */
    void tasks(long denseNanos, long selectNanos, long sparseNanos) {
        denseTaskNanos.add(denseNanos);
        selectTaskNanos.add(selectNanos);
        sparseTaskNanos.add(sparseNanos);
    }

    void stepDone() {
        steps.increment();
    }

    /** Steps recorded. */
    public long steps() {
        return steps.sum();
    }

    /** Milliseconds per step spent in {@code p} (0 before any step). */
    public double msPerStep(Phase p) {
        long n = steps();
        if (n == 0) {
            return 0;
        }
        double block = wallNanos.get(Phase.SELECT).sum() / 1e6 / n;
        double all = denseTaskNanos.sum() + selectTaskNanos.sum() + sparseTaskNanos.sum();
        return switch (p) {
            case DENSE -> wallNanos.get(p).sum() / 1e6 / n + (all == 0 ? 0 : block * denseTaskNanos.sum() / all);
            case SELECT -> all == 0 ? block / 2 : block * selectTaskNanos.sum() / all;
            case SPARSE -> all == 0 ? block / 2 : block * sparseTaskNanos.sum() / all;
            default -> wallNanos.get(p).sum() / 1e6 / n;
        };
    }

    /** Sum of all phases, ms per step. */
    public double totalMsPerStep() {
        double sum = 0;
        for (Phase p : Phase.values()) {
            sum += msPerStep(p);
        }
        return sum;
    }

    /** Forgets everything recorded (e.g. after warm-up steps). */
    public void reset() {
        wallNanos.values().forEach(LongAdder::reset);
        denseTaskNanos.reset();
        selectTaskNanos.reset();
        sparseTaskNanos.reset();
        steps.reset();
    }

    /** One line per phase: ms/step and share of the total. */
    public String table() {
        StringBuilder b = new StringBuilder();
        double total = totalMsPerStep();
        for (Phase p : Phase.values()) {
            double ms = msPerStep(p);
            b.append(String.format(Locale.ROOT, "  %-9s %8.2f ms/step %5.1f%%%n", p.name().toLowerCase(Locale.ROOT), ms,
                    total == 0 ? 0 : 100 * ms / total));
        }
        return b.toString();
    }
}
