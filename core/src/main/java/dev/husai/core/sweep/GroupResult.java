package dev.husai.core.sweep;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.husai.core.config.SaeConfig.Arch;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Everything the sweep report needs about one finished group.
 *
 * @param group            group id
 * @param arch             architecture
 * @param dSae             latents F (the width)
 * @param expansion        d_sae / d_in, derived from the width (kept in summary.json for older readers)
 * @param sparsity         k (TopK, BatchTopK) or the L1 coefficient (ReLU-L1)
 * @param seeds            seeds S
 * @param steps            training steps
 * @param raw              stability of the raw dictionaries
 * @param span             stability inside the data subspace (see {@link dev.husai.core.geometry.DataSubspace})
 * @param spanRank         rank r of that subspace
 * @param quality          reconstruction quality
 * @param fourierRecovered share of (seed, key frequency) pairs with at least one pure latent
 * @param fourierUniversal share of key frequencies recovered by a latent that every seed shares
 * @param families         stability of the key frequencies' latent families (subspaces, not single latents)
 * @param curve            stability at every snapshot step, ascending
 * @param hook             the hook token: {@code resid_post}, {@code mlp_post} or the name of the user's data (null in
 *                         summaries written before it was recorded)
 * @param lr               Adam learning rate (0 in summaries written before it was recorded)
 * @param convergence      the convergence rule's verdict on {@code curve} (null in older summaries: see
 *                         {@link #convergenceOr(ConvergenceRule)})
 * @param truth            recovery of a known dictionary (synthetic data), or null when none was given
 * @param tau              the shared-fraction threshold the figures were computed at; null in a summary written
 *                         before it was recorded
 * @param geometry         shared vs orphan latents' geometry (null in a summary written before it was recorded)
 */
public record GroupResult(String group, Arch arch, int dSae, double expansion, double sparsity, int seeds, int steps,
                          StabilityFigures raw, StabilityFigures span, int spanRank, Quality quality,
                          double fourierRecovered, @JsonAlias("fourierStable") double fourierUniversal,
                          FamilyFigures families, List<CurvePoint> curve, String hook, double lr, Convergence convergence,
                          TruthFigures truth, Double tau, GeometryFigures geometry) {

    public GroupResult {
        curve = List.copyOf(curve);
    }

    /** This result with width {@code dSae} (a summary written before widths were latents states only the expansion). */
    public GroupResult withDSae(int dSae) {
        return new GroupResult(group, arch, dSae, expansion, sparsity, seeds, steps, raw, span, spanRank, quality,
                fourierRecovered, fourierUniversal, families, curve, hook, lr, convergence, truth, tau, geometry);
    }

    /** The recorded verdict, or {@code rule}'s verdict on the curve for a summary written before verdicts were. */
    public Convergence convergenceOr(ConvergenceRule rule) {
        return convergence != null ? convergence : rule.judge(curve, steps, targetL0());
    }

    /** The L0 the group aims at: k for the k-based architectures, NaN for ReLU-L1. */
    public double targetL0() {
        return arch.usesK() ? sparsity : Double.NaN;
    }

    /** The recorded verdict, or the default rule's ({@link ConvergenceRule#defaults}) for an older summary. */
    public Convergence verdict() {
        return convergenceOr(ConvergenceRule.defaults(steps));
    }

    /** Whether the group's numbers may be ranked: its curve converged (by the recorded or the default rule). */
    public boolean converged() {
        return verdict().converged();
    }

    /** The sparsity axis label: {@code k} or {@code l1}. */
    public String sparsityName() {
        return arch.usesK() ? "k" : "l1";
    }

    /**
     * First snapshot step after which a curve stays within {@code max(0.01, 10% of its total change)} of its
     * final value: when the seeds' agreement is decided. The last step when the curve never settles earlier.
     */
    public long decidedStep(ToDoubleFunction<CurvePoint> metric) {
        if (curve.isEmpty()) {
            return -1;
        }
        double last = metric.applyAsDouble(curve.get(curve.size() - 1));
        double first = metric.applyAsDouble(curve.get(0));
        double band = Math.max(0.01, 0.1 * Math.abs(last - first));
        long decided = curve.get(curve.size() - 1).step();
        for (int i = curve.size() - 1; i >= 0; i--) {
            if (Math.abs(metric.applyAsDouble(curve.get(i)) - last) > band) {
                break;
            }
            decided = curve.get(i).step();
        }
        return decided;
    }
}
