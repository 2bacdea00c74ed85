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
 * A sweep: every group of a grid trained with the same seeds and schedule. Expanded with
 * {@link #configs(int)} into one {@link SaeConfig} per grid point, in file order (block by block, then
 * arch, width, sparsity), so a resumed sweep walks the same sequence.
 *
 * @param name          label of the sweep (report title)
 * @param hook          where activations are read
 * @param seeds         seeds of every group (at least 2; the study uses >= 5)
 * @param steps         training steps per group
 * @param batchSize     rows per step per seed
 * @param snapshotEvery snapshot interval (the report's temporal curves use these steps)
 * @param lr            Adam learning rate
 * @param warmupSteps   lr warm-up steps
 * @param decaySteps    lr decay steps at the end
 * @param tau           shared-fraction threshold
 * @param grid          the blocks of the grid
 */
public record SweepSpec(String name, HookPoint hook, List<Long> seeds, int steps, int batchSize, int snapshotEvery,
                        double lr, int warmupSteps, int decaySteps, double tau, List<GridBlock> grid) {

    public SweepSpec {
        seeds = List.copyOf(seeds);
        grid = List.copyOf(grid);
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
        SaeConfig.Builder base = SaeConfig.builder(hook, dIn).seeds(seeds).steps(steps).batchSize(batchSize)
                .snapshotEvery(snapshotEvery).lr(lr).warmupSteps(warmupSteps).decaySteps(decaySteps);
        List<SaeConfig> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (GridBlock block : grid) {
            for (Arch arch : block.archs()) {
                for (Width width : block.widths()) {
                    for (Number sparsity : block.sparsities(arch)) {
                        SaeConfig c = withSparsity(base.arch(arch).width(width), arch, sparsity).build();
                        if (!seen.add(c.groupId())) {
                            throw new IllegalArgumentException("expected each grid point once, found " + c.groupId() + " twice");
                        }
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static SaeConfig.Builder withSparsity(SaeConfig.Builder b, Arch arch, Number sparsity) {
        return arch.usesK() ? b.k(sparsity.intValue()) : b.l1(sparsity.doubleValue());
    }

    /** Number of SAEs the sweep trains: groups x seeds. */
    public int saeCount() {
        return grid.stream().mapToInt(GridBlock::size).sum() * seeds.size();
    }
}
