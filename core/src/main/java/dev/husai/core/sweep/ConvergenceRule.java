package dev.husai.core.sweep;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * When a group's stability has stopped moving (DESIGN.md "Convergence"). Over the last quarter of its snapshots (at
 * least {@link #MIN_WINDOW}), fit a least-squares line to each stability series against the step and take its slope
 * per 1,000 steps; the group is converged when every series' |slope| is at most {@code maxSlopePer1k} and it has
 * trained at least {@code minSteps} steps with at least {@code 2 x MIN_WINDOW} snapshots. The series are the four
 * curves of {@link CurvePoint}: raw PW-MCC, raw shared fraction, and both inside the data subspace (NaN series are
 * skipped).
 *
 * <pre>
 *   window W = the last max(4, ceil(n / 4)) of the n snapshots
 *   slope_m  = sum_W (t - mean t)(m - mean m) / sum_W (t - mean t)^2 * 1000        (per 1,000 steps)
 *   converged  iff  n >= 8, last step >= minSteps, max_m |slope_m| <= maxSlopePer1k
 * </pre>
 *
 * @param maxSlopePer1k largest |slope| per 1,000 steps of a converged curve (default {@value #DEFAULT_MAX_SLOPE})
 * @param minSteps      no verdict "converged" before this step (guards the flat start of a warm-up)
 */
public record ConvergenceRule(double maxSlopePer1k, int minSteps) {
    /** Default largest |slope| per 1,000 steps: PW-MCC or shared fraction moving less than 0.02 per 1k steps. */
    public static final double DEFAULT_MAX_SLOPE = 0.02;
    /** The smallest window of snapshots a slope is fitted on. */
    public static final int MIN_WINDOW = 4;

    private static final List<Series> SERIES = List.of(new Series("pw_mcc", CurvePoint::pwMcc),
            new Series("shared", CurvePoint::shared), new Series("span_pw_mcc", CurvePoint::spanPwMcc),
            new Series("span_shared", CurvePoint::spanShared));

    public ConvergenceRule {
        if (!(maxSlopePer1k > 0) || !Double.isFinite(maxSlopePer1k)) {
            throw new IllegalArgumentException("expected a largest slope per 1k steps > 0, found " + maxSlopePer1k);
        }
        if (minSteps < 0) {
            throw new IllegalArgumentException("expected min_steps >= 0, found " + minSteps);
        }
    }

    /** The default rule for a group of {@code capSteps} steps: slope 0.02 per 1k steps, after a fifth of the cap. */
    public static ConvergenceRule defaults(int capSteps) {
        return new ConvergenceRule(DEFAULT_MAX_SLOPE, capSteps / 5);
    }

    /**
     * The verdict on a stability curve (ascending steps) of a group whose step cap is {@code capSteps}.
     */
    public Convergence judge(List<CurvePoint> curve, int capSteps) {
        int n = curve.size();
        long last = n == 0 ? 0 : curve.get(n - 1).step();
        int window = Math.max(MIN_WINDOW, (n + 3) / 4);
        if (n < 2 * MIN_WINDOW) {
            return new Convergence(false, last, capSteps, Double.NaN, "", Math.min(n, window), maxSlopePer1k, minSteps);
        }
        List<CurvePoint> tail = curve.subList(n - window, n);
        double steepest = 0;
        String steepestName = "";
        for (Series s : SERIES) {
            double slope = Math.abs(slopePer1k(tail, s.value()));
            if (Double.isFinite(slope) && (steepestName.isEmpty() || slope > steepest)) {
                steepest = slope;
                steepestName = s.name();
            }
        }
        boolean converged = !steepestName.isEmpty() && steepest <= maxSlopePer1k && last >= minSteps;
        return new Convergence(converged, last, capSteps, steepestName.isEmpty() ? Double.NaN : steepest, steepestName,
                window, maxSlopePer1k, minSteps);
    }

    /** Least-squares slope of {@code metric} against the step, per 1,000 steps; NaN when the metric is NaN anywhere. */
    static double slopePer1k(List<CurvePoint> points, ToDoubleFunction<CurvePoint> metric) {
        double meanT = points.stream().mapToDouble(CurvePoint::step).average().orElse(Double.NaN);
        double meanM = points.stream().mapToDouble(metric).average().orElse(Double.NaN);
        double num = 0;
        double den = 0;
        for (CurvePoint p : points) {
            double dt = p.step() - meanT;
            num += dt * (metric.applyAsDouble(p) - meanM);
            den += dt * dt;
        }
        return den == 0 ? Double.NaN : 1000 * num / den;
    }

    private record Series(String name, ToDoubleFunction<CurvePoint> value) {
    }
}
