package dev.husai.core.sweep;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.config.Width;
import java.util.List;

/**
 * One block of a sweep grid: the cartesian product {@code archs x widths x sparsities x lrs x steps}, where the
 * sparsity axis is {@code ks} for the k-based architectures and {@code l1s} for ReLU-L1, and an empty lr or steps
 * axis means the sweep's one value.
 *
 * @param archs      architectures of the block
 * @param widths     dictionary widths, each a number of latents d_sae or an expansion d_sae / d_in
 * @param ks         k values (required when a block holds a k-based architecture)
 * @param l1s        L1 coefficients (required when a block holds ReLU-L1)
 * @param lrs        learning rates (empty = the sweep's {@code lr})
 * @param steps      step counts, each a group's cap (empty = the sweep's {@code steps})
 * @param l0Coefficient JumpReLU's fixed L0 coefficient lambda for the block's JumpReLU groups (0 = the default
 *                   target-k penalty); only in a block with {@code jumprelu}
 * @param prefixes   Matryoshka's nested prefix sizes for the block's Matryoshka groups (empty = the defaults d_sae/16,
 *                   /8, /4, /2); only in a block with {@code matryoshka_batch_topk}
 */
public record GridBlock(List<Arch> archs, List<Width> widths, List<Integer> ks, List<Double> l1s, List<Double> lrs,
                        List<Integer> steps, double l0Coefficient, List<Integer> prefixes) {

    /** A block with the arch options at their defaults. */
    public GridBlock(List<Arch> archs, List<Width> widths, List<Integer> ks, List<Double> l1s, List<Double> lrs,
                     List<Integer> steps) {
        this(archs, widths, ks, l1s, lrs, steps, 0, List.of());
    }

    /** A block without lr or steps axes. */
    public GridBlock(List<Arch> archs, List<Width> widths, List<Integer> ks, List<Double> l1s) {
        this(archs, widths, ks, l1s, List.of(), List.of());
    }

    public GridBlock {
        archs = List.copyOf(archs);
        widths = List.copyOf(widths);
        ks = List.copyOf(ks);
        l1s = List.copyOf(l1s);
        lrs = List.copyOf(lrs);
        steps = List.copyOf(steps);
        prefixes = List.copyOf(prefixes);
        if (!(l0Coefficient >= 0) || !Double.isFinite(l0Coefficient)) {
            throw new IllegalArgumentException("expected l0_coefficient >= 0, found " + l0Coefficient);
        }
        if (l0Coefficient > 0 && !archs.contains(Arch.JUMPRELU)) {
            throw new IllegalArgumentException("expected l0_coefficient only in a block with jumprelu, found archs "
                    + archs.stream().map(Arch::wireName).toList());
        }
        if (!prefixes.isEmpty() && !archs.contains(Arch.MATRYOSHKA_BATCH_TOPK)) {
            throw new IllegalArgumentException("expected prefixes only in a block with matryoshka_batch_topk, found archs "
                    + archs.stream().map(Arch::wireName).toList());
        }
        for (double lr : lrs) {
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("expected lr > 0, found " + lr);
            }
        }
        for (int s : steps) {
            if (s < 1) {
                throw new IllegalArgumentException("expected steps >= 1, found " + s);
            }
        }
        if (archs.isEmpty() || widths.isEmpty()) {
            throw new IllegalArgumentException("expected a grid block with at least one arch and one width (d_sae or expansion),"
                    + " found archs " + archs + ", widths " + widths);
        }
        for (Arch a : archs) {
            if (sparsities(a, ks, l1s).isEmpty()) {
                throw new IllegalArgumentException("expected " + (a.usesK() ? "k" : "l1") + " values for arch "
                        + a.wireName() + ", found none");
            }
        }
    }

    /** The sparsity values of {@code arch} in this block: k values or L1 coefficients. */
    public List<? extends Number> sparsities(Arch arch) {
        return sparsities(arch, ks, l1s);
    }

    private static List<? extends Number> sparsities(Arch arch, List<Integer> ks, List<Double> l1s) {
        return arch.usesK() ? ks : l1s;
    }

    /** The block's learning rates, or {@code fallback} alone when it has no lr axis. */
    public List<Double> lrsOr(double fallback) {
        return lrs.isEmpty() ? List.of(fallback) : lrs;
    }

    /** The block's step counts, or {@code fallback} alone when it has no steps axis. */
    public List<Integer> stepsOr(int fallback) {
        return steps.isEmpty() ? List.of(fallback) : steps;
    }

    /** Number of groups the block expands to. */
    public int size() {
        int schedules = Math.max(1, lrs.size()) * Math.max(1, steps.size());
        return archs.stream().mapToInt(a -> widths.size() * sparsities(a).size() * schedules).sum();
    }
}
