package dev.husai.app.report;

import dev.husai.core.sweep.GroupResult;
import java.util.List;

/** The report's method section: definitions of every figure and interval it states. */
final class ReportMethod {
    private ReportMethod() {
    }

    static void write(Study s, Doc doc) {
        doc.heading(2, "Method");
        doc.add(new Doc.Bullets(List.of(
                "PW-MCC: mean decoder cosine under the exact one-to-one matching (Jonker-Volgenant) of two seeds' "
                        + "row-normalised dictionaries (Song et al. 2025, arXiv 2505.20254); curve points above 1,024 "
                        + "latents use the greedy matching and say so (tables/curves.csv).",
                "Shared fraction: share of matched latents whose decoder AND encoder cosines are >= tau = "
                        + taus(s.results()) + " (Paulo & Belrose 2025, arXiv 2501.16615).",
                "Baselines: the same metric on two random unit dictionaries, and on two untrained tied initialisations "
                        + "(encoder = decoder transpose); excess = observed minus baseline (shared: minus the larger of the two).",
                "In-span: decoder and encoder rows projected on the principal subspace holding 99% of the activations' "
                        + "variance before matching; the baselines are then taken in that dimension.",
                "Intervals: a group's figure is a mean over its S(S-1)/2 seed pairs with a Student-t 95% interval "
                        + "(pairs share seeds: optimistic); pooled rankings pool the pairs of all groups in a cell; rank "
                        + "correlations across groups carry a Fisher-z interval with Spearman's variance factor 1.06 "
                        + "(Fieller, Hartley & Pearson 1957); geometry differences are paired per group, Student-t over "
                        + "groups. A difference is called resolved when its intervals are disjoint (or exclude 0).",
                "Matched L0: groups binned by their measured L0 (mean active latents per input) into log2 bins "
                        + "[2^b, 2^(b+1)); architectures compared within a bin on one data set.",
                "Goldilocks zone: raw shared fraction > 60% at tau; regions are runs of consecutive widths of one "
                        + "data set x architecture x sparsity.",
                "Fourier recovery: share of (seed, key frequency) pairs with a latent whose activation over all p^2 inputs "
                        + "has >= 50% of its 2-D Fourier power in that frequency (Nanda et al. 2023 key frequencies). "
                        + "Synthetic recovery: exact matching of unit decoder rows to the true atoms (MCC vs truth, and "
                        + "the share of atoms matched at >= tau).",
                "Definitions in docs/metrics.md; every figure per group in tables/groups.csv, each question's table in "
                        + "tables/q*.csv.")));
    }

    /** The tau(s) the summaries were computed at: {@code 0.6}, {@code 0.6, 0.7}, or {@code not recorded}. */
    static String taus(List<GroupResult> results) {
        List<String> taus = results.stream().map(GroupResult::tau).filter(java.util.Objects::nonNull).distinct().sorted()
                .map(t -> String.format(java.util.Locale.ROOT, "%.2f", t)).toList();
        String known = taus.isEmpty() ? "not recorded" : String.join(", ", taus);
        return results.stream().anyMatch(r -> r.tau() == null) && !taus.isEmpty() ? known + " (some groups: not recorded)"
                : known;
    }
}
