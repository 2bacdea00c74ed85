package dev.husai.core.sweep;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.config.Width;
import java.util.List;

/**
 * One block of a sweep grid: the cartesian product {@code archs x widths x sparsities}, where the
 * sparsity axis is {@code ks} for TopK/BatchTopK and {@code l1s} for ReLU-L1.
 *
 * @param archs      architectures of the block
 * @param widths     dictionary widths, each a number of latents d_sae or an expansion d_sae / d_in
 * @param ks         k values (required when a block holds TopK or BatchTopK)
 * @param l1s        L1 coefficients (required when a block holds ReLU-L1)
 */
public record GridBlock(List<Arch> archs, List<Width> widths, List<Integer> ks, List<Double> l1s) {

    public GridBlock {
        archs = List.copyOf(archs);
        widths = List.copyOf(widths);
        ks = List.copyOf(ks);
        l1s = List.copyOf(l1s);
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

    /** Number of groups the block expands to. */
    public int size() {
        return archs.stream().mapToInt(a -> widths.size() * sparsities(a).size()).sum();
    }
}
