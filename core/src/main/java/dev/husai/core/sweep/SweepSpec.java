package dev.husai.core.sweep;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.config.Width;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sweep: every group of a grid trained with the same seeds. Expanded with {@link #configs(int)} into one
 * {@link SaeConfig} per grid point, in file order (block by block, then arch, width, sparsity, lr, steps), so a
 * resumed sweep walks the same sequence. A schedule setting left null is derived from each group's steps S:
 * snapshot every max(1, S / 16), warm-up min(50, S / 10), decay min(400, S / 5).
 *
 * @param name          label of the sweep (report title)
 * @param hook          where activations are read (the testbed's hook, or the token naming the user's data)
 * @param seeds         seeds of every group (at least 2; the study uses >= 5)
 * @param steps         training steps per group (its cap when the convergence rule may stop it early)
 * @param batchSize     rows per step per seed
 * @param snapshotEvery snapshot interval (null = derived); the temporal curves and the convergence rule use these steps
 * @param lr            Adam learning rate (grid blocks may sweep it)
 * @param warmupSteps   lr warm-up steps (null = derived)
 * @param decaySteps    lr decay steps at the end (null = derived)
 * @param tau           shared-fraction threshold
 * @param convergence   the convergence rule and whether it ends training early
 * @param data          the user's activations and known dictionary, or null for the testbed
 * @param grid          the blocks of the grid
 */
public record SweepSpec(String name, HookPoint hook, List<Long> seeds, int steps, int batchSize, Integer snapshotEvery,
                        double lr, Integer warmupSteps, Integer decaySteps, double tau, ConvergenceConfig convergence,
                        Data data, List<GridBlock> grid) {

    /**
     * The convergence rule of every group (see {@link ConvergenceRule}).
     *
     * @param stopEarly     end a group's training at the first snapshot where the rule says converged (else train to
     *                      the cap and only label the group)
     * @param maxSlopePer1k the rule's threshold
     * @param minSteps      the rule's earliest step (null = a fifth of each group's steps)
     */
    public record ConvergenceConfig(boolean stopEarly, double maxSlopePer1k, Integer minSteps) {
        /** Label every group by the default rule; never stop early. */
        public static final ConvergenceConfig LABEL_ONLY = new ConvergenceConfig(false, ConvergenceRule.DEFAULT_MAX_SLOPE, null);

        public ConvergenceConfig {
            new ConvergenceRule(maxSlopePer1k, minSteps == null ? 0 : minSteps);
        }

        /** The rule for a group of {@code capSteps} steps. */
        public ConvergenceRule rule(int capSteps) {
            return new ConvergenceRule(maxSlopePer1k, minSteps != null ? minSteps : capSteps / 5);
        }
    }

    /**
     * The user's own activations instead of the testbed's.
     *
     * @param activations an {@code [N, d]} .npy or .safetensors file
     * @param tensor      the tensor of a .safetensors file (null = its only 2-D tensor)
     * @param truth       a known dictionary {@code [T, d]} (e.g. {@code husai synth}'s), or null: adds recovery
     */
    public record Data(String activations, String tensor, String truth) {
        public Data {
            if (activations == null || activations.isBlank()) {
                throw new IllegalArgumentException("expected an activations file, found none");
            }
        }
    }

    public SweepSpec {
        seeds = List.copyOf(seeds);
        grid = List.copyOf(grid);
        convergence = convergence == null ? ConvergenceConfig.LABEL_ONLY : convergence;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected a sweep name, found none");
        }
        if (seeds.size() < 2 || new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("expected at least 2 distinct seeds, found " + seeds);
        }
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("expected at least one grid block, found none");
        }
        if (!(tau > -1 && tau <= 1)) {
            throw new IllegalArgumentException("expected tau in (-1, 1], found " + tau);
        }
    }

    /** One validated config per grid point; a grid point listed twice is an error naming its group. */
    public List<SaeConfig> configs(int dIn) {
        List<SaeConfig> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (GridBlock block : grid) {
            for (Arch arch : block.archs()) {
                for (Width width : block.widths()) {
                    for (Number sparsity : block.sparsities(arch)) {
                        for (double groupLr : block.lrsOr(lr)) {
                            for (int groupSteps : block.stepsOr(steps)) {
                                SaeConfig c = withArchOptions(withSparsity(schedule(dIn, groupSteps).lr(groupLr).arch(arch)
                                        .width(width), arch, sparsity), arch, block).build();
                                if (!seen.add(c.groupId())) {
                                    throw new IllegalArgumentException("expected each grid point once, found " + c.groupId() + " twice");
                                }
                                out.add(c);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Seeds, batch and the schedule of a group of {@code groupSteps} steps (null settings derived from them). */
    private SaeConfig.Builder schedule(int dIn, int groupSteps) {
        return SaeConfig.builder(hook, dIn).seeds(seeds).steps(groupSteps).batchSize(batchSize)
                .snapshotEvery(snapshotEvery != null ? snapshotEvery : Math.max(1, groupSteps / 16))
                .warmupSteps(warmupSteps != null ? warmupSteps : Math.min(50, groupSteps / 10))
                .decaySteps(decaySteps != null ? decaySteps : Math.min(400, groupSteps / 5));
    }

    /** The block's JumpReLU L0 coefficient or Matryoshka prefixes, on the groups of that arch only. */
    private static SaeConfig.Builder withArchOptions(SaeConfig.Builder b, Arch arch, GridBlock block) {
        if (arch == Arch.JUMPRELU && block.l0Coefficient() > 0) {
            b.l0Coefficient(block.l0Coefficient());
        }
        if (arch == Arch.MATRYOSHKA_BATCH_TOPK && !block.prefixes().isEmpty()) {
            b.prefixes(block.prefixes());
        }
        return b;
    }

    private static SaeConfig.Builder withSparsity(SaeConfig.Builder b, Arch arch, Number sparsity) {
        return arch.usesK() ? b.k(sparsity.intValue()) : b.l1(sparsity.doubleValue());
    }

    /** Number of SAEs the sweep trains: groups x seeds. */
    public int saeCount() {
        return grid.stream().mapToInt(GridBlock::size).sum() * seeds.size();
    }
}
