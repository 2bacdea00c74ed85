package dev.husai.core.sweep;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * When a group's training has stopped moving (DESIGN.md "Convergence"). Over the last quarter of its snapshots (at
 * least {@link #MIN_WINDOW}), fit a least-squares line to each series against the step and take its slope per 1,000
 * steps; the group is converged when every series' |slope| is at most {@code maxSlopePer1k}, its mean L0 over the
 * window is within {@link #L0_TOLERANCE} of the target L0 (k-based architectures), and it has trained at least
 * {@code minSteps} steps with at least {@code 2 x MIN_WINDOW} snapshots. The series are the stability curves of
 * {@link CurvePoint} (raw PW-MCC, raw shared fraction, both inside the data subspace) and the mean FVU; NaN series
 * are skipped. A flat stability curve alone is not enough: a JumpReLU whose threshold has not yet climbed has flat,
 * chance-level stability while its L0 is still 10x its target.
 *
 * <pre>
 *   window W = the last max(4, ceil(n / 4)) of the n snapshots
 *   slope_m  = sum_W (t - mean t)(m - mean m) / sum_W (t - mean t)^2 * 1000        (per 1,000 steps)
 *   converged  iff  n >= 8, last step >= minSteps, max_m |slope_m| <= maxSlopePer1k,
 *                   and |mean_W L0 / k - 1| <= 0.25 when a target k is given
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
    /** Largest relative distance of the window's mean L0 from its target k. */
    public static final double L0_TOLERANCE = 0.25;

    private static final List<Series> SERIES = List.of(new Series("pw_mcc", CurvePoint::pwMcc),
            new Series("shared", CurvePoint::shared), new Series("span_pw_mcc", CurvePoint::spanPwMcc),
            new Series("span_shared", CurvePoint::spanShared), new Series("fvu", CurvePoint::fvuOrNaN));

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

    /** The verdict on a curve (ascending steps) of a group whose step cap is {@code capSteps}, without an L0 target. */
    public Convergence judge(List<CurvePoint> curve, int capSteps) {
        return judge(curve, capSteps, Double.NaN);
    }

    /**
     * The verdict on a curve (ascending steps) of a group whose step cap is {@code capSteps} and whose target L0 is
     * {@code targetL0} (k of a k-based architecture; NaN = none, e.g. ReLU-L1).
     */
    public Convergence judge(List<CurvePoint> curve, int capSteps, double targetL0) {
        int n = curve.size();
        long last = n == 0 ? 0 : curve.get(n - 1).step();
        int window = Math.max(MIN_WINDOW, (n + 3) / 4);
        if (n < 2 * MIN_WINDOW) {
            return new Convergence(false, last, capSteps, Double.NaN, "", Math.min(n, window), maxSlopePer1k, minSteps,
                    Double.NaN, targetL0);
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
        double l0 = tail.stream().mapToDouble(CurvePoint::l0OrNaN).average().orElse(Double.NaN);
        boolean onTarget = !Double.isFinite(targetL0) || !Double.isFinite(l0) || Math.abs(l0 / targetL0 - 1) <= L0_TOLERANCE;
        boolean converged = !steepestName.isEmpty() && steepest <= maxSlopePer1k && last >= minSteps && onTarget;
        return new Convergence(converged, last, capSteps, steepestName.isEmpty() ? Double.NaN : steepest, steepestName,
                window, maxSlopePer1k, minSteps, l0, targetL0);
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
