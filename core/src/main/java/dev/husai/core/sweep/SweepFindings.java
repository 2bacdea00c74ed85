package dev.husai.core.sweep;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Findings across a sweep's groups, all computed from {@link GroupResult}s: architecture ranking with
 * confidence intervals pooled over seed pairs, the factors that predict stability, the Goldilocks zone, and
 * the correlation of stability with Fourier ground-truth recovery.
 */
public final class SweepFindings {

    /** Shared fraction above which a configuration is in the Goldilocks zone. */
    public static final double GOLDILOCKS_SHARED = 0.6;

    private SweepFindings() {
    }

    /**
     * One architecture's pooled stability.
     *
     * @param arch   architecture
     * @param pooled the measure over every seed pair of every group of this architecture (CI over pairs)
     * @param groups number of groups pooled
     */
    public record ArchRank(Arch arch, Summary pooled, int groups) {
    }

    /**
     * How strongly one factor predicts a stability measure across groups.
     *
     * @param factor    e.g. {@code architecture}, {@code log2 d_sae}
     * @param statistic {@code eta^2} (categorical, share of variance) or {@code Spearman rho} (ordinal)
     * @param effect    the statistic's value
     */
    public record Predictor(String factor, String statistic, double effect) {
    }

    /**
     * The groups a ranking may use: the converged ones (by their recorded or the default convergence rule), or all of
     * them when none converged (the report then says that its ranking is over unconverged groups).
     */
    public static List<GroupResult> rankable(List<GroupResult> results) {
        List<GroupResult> converged = results.stream().filter(GroupResult::converged).toList();
        return converged.isEmpty() ? results : converged;
    }

    /** Architectures ranked by {@code measure}, best first; the CI is over all their seed pairs. */
    public static List<ArchRank> ranking(List<GroupResult> results, Measure measure) {
        List<ArchRank> out = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            List<GroupResult> of = results.stream().filter(g -> g.arch() == arch).toList();
            if (!of.isEmpty()) {
                double[] pooled = of.stream().flatMapToDouble(g -> Arrays.stream(measure.pairValues(g)))
                        .filter(Double::isFinite).toArray();
                if (pooled.length > 0) {
                    out.add(new ArchRank(arch, Summary.of(pooled), of.size()));
                }
            }
        }
        out.sort(Comparator.comparingDouble((ArchRank r) -> r.pooled().mean()).reversed());
        return out;
    }

    /** Factors ordered by the size of their effect on {@code measure} (largest first; NaN effects last). */
    public static List<Predictor> predictors(List<GroupResult> all, Measure measure) {
        List<GroupResult> results = defined(all, measure);
        double[] y = results.stream().mapToDouble(measure::of).toArray();
        String[] archs = results.stream().map(g -> g.arch().wireName()).toArray(String[]::new);
        List<Predictor> out = new ArrayList<>();
        out.add(new Predictor("architecture", "eta^2", Correlation.etaSquared(archs, y)));
        out.add(rho("log2 d_sae", results, g -> Math.log(g.dSae()) / Math.log(2), y));
        out.add(rho("sparsity setting (0 dense .. 1 sparse, within arch)", results, g -> sparsityLevel(g, results), y));
        out.add(rho("measured L0", results, g -> g.quality().l0(), y));
        out.add(rho("FVU", results, g -> g.quality().fvu(), y));
        out.add(rho("dead fraction", results, g -> g.quality().deadFraction(), y));
        out.sort(Comparator.comparingDouble((Predictor p) -> Double.isNaN(p.effect()) ? -1 : Math.abs(p.effect())).reversed());
        return out;
    }

    private static Predictor rho(String name, List<GroupResult> results, ToDoubleFunction<GroupResult> x, double[] y) {
        return new Predictor(name, "Spearman rho", Correlation.spearman(results.stream().mapToDouble(x).toArray(), y));
    }

    /**
     * Position of a group's sparsity setting among its architecture's settings in the sweep: 0 for the densest
     * (largest k, smallest L1 coefficient), 1 for the sparsest; 0.5 when the architecture has one setting.
     */
    public static double sparsityLevel(GroupResult g, List<GroupResult> results) {
        double[] settings = results.stream().filter(o -> o.arch() == g.arch()).mapToDouble(GroupResult::sparsity)
                .distinct().sorted().toArray();
        if (settings.length < 2) {
            return 0.5;
        }
        double pos = Arrays.binarySearch(settings, g.sparsity()) / (double) (settings.length - 1);
        return g.arch().usesK() ? 1 - pos : pos;
    }

    /** Groups whose {@code measure} (a shared fraction) exceeds {@link #GOLDILOCKS_SHARED}, best first. */
    public static List<GroupResult> goldilocks(List<GroupResult> results, Measure measure) {
        return results.stream().filter(g -> measure.of(g) > GOLDILOCKS_SHARED)
                .sorted(Comparator.comparingDouble(measure::of).reversed()).toList();
    }

    /** Spearman rho between Fourier recovery and {@code measure} across groups. */
    public static double recoveryCorrelation(List<GroupResult> all, Measure measure) {
        List<GroupResult> results = defined(all, measure);
        return Correlation.spearman(results.stream().mapToDouble(GroupResult::fourierRecovered).toArray(),
                results.stream().mapToDouble(measure::of).toArray());
    }

    /** The groups where {@code measure} is a finite number. */
    public static List<GroupResult> defined(List<GroupResult> results, Measure measure) {
        return results.stream().filter(g -> Double.isFinite(measure.of(g))).toList();
    }

    /** Median over groups of (decided step / steps) for {@code measure}'s curve; NaN without curves. */
    public static double medianDecidedFraction(List<GroupResult> results, ToDoubleFunction<CurvePoint> curve) {
        double[] f = results.stream().filter(g -> !g.curve().isEmpty())
                .mapToDouble(g -> g.decidedStep(curve) / (double) g.steps()).sorted().toArray();
        if (f.length == 0) {
            return Double.NaN;
        }
        return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
    }
}
