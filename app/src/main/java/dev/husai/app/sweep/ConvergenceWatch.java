package dev.husai.app.sweep;

import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.stability.SaeDictionaries;
import dev.husai.core.sweep.Convergence;
import dev.husai.core.sweep.ConvergenceRule;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.trainer.sae.FinishRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a group's stability curve while it trains (one {@link CurvePoint} per snapshot step, from the seeds' weights
 * before they are written) and applies the convergence rule to it: with {@code stopEarly}, training ends at the first
 * snapshot where the rule says converged. The summary then reuses this curve instead of recomputing it from disk.
 * The final step (the cap) is not seen here: {@link #curve()} holds the steps before it.
 */
final class ConvergenceWatch implements FinishRule {
    private final GroupSummarizer summarizer;
    private final ConvergenceRule rule;
    private final int capSteps;
    private final boolean stopEarly;
    private final double targetL0;
    private final List<CurvePoint> curve = new ArrayList<>();
    private Convergence verdict;
    private long curveNanos;

    /** @param targetL0 the group's target L0 (k), NaN for none */
    ConvergenceWatch(GroupSummarizer summarizer, ConvergenceRule rule, int capSteps, boolean stopEarly, double targetL0) {
        this.summarizer = summarizer;
        this.rule = rule;
        this.capSteps = capSteps;
        this.stopEarly = stopEarly;
        this.targetL0 = targetL0;
    }

    @Override
    public boolean finishAt(int step, Map<Long, SaeWeights> weightsBySeed, Map<Long, Map<String, Double>> metricsBySeed) {
        if (weightsBySeed.size() < 2) {
            return false;
        }
        List<SaeDictionaries> dicts = weightsBySeed.values().stream()
                .map(w -> SaeDictionaries.fromWeights(w.wDecFD(), w.wEncDF())).toList();
        long start = System.nanoTime();
        curve.add(summarizer.point(step, dicts, mean(metricsBySeed, "fvu"), mean(metricsBySeed, "l0")));
        curveNanos += System.nanoTime() - start;
        verdict = rule.judge(curve, capSteps, targetL0);
        return stopEarly && verdict.converged();
    }

    /** Mean over seeds of one snapshot metric; NaN when none reports it. */
    private static double mean(Map<Long, Map<String, Double>> metricsBySeed, String metric) {
        return metricsBySeed.values().stream().map(m -> m.get(metric)).filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The curve so far, ascending (snapshot steps before the cap where at least two seeds were training). */
    List<CurvePoint> curve() {
        return List.copyOf(curve);
    }

    /** Time spent computing the curve's points so far, nanoseconds. */
    long curveNanos() {
        return curveNanos;
    }

    /** The last verdict, or null before the first snapshot. */
    Convergence verdict() {
        return verdict;
    }
}
