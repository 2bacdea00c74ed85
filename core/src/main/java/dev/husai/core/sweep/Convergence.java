package dev.husai.core.sweep;

/**
 * A {@link ConvergenceRule}'s verdict on one group's stability curve.
 *
 * @param converged      whether every stability series was flat over the window (see the rule)
 * @param lastStep       the curve's last snapshot step: where training ended
 * @param capSteps       the group's step cap; {@code lastStep < capSteps} means it stopped early, on convergence
 * @param steepestSlope  the largest |slope| per 1,000 steps over the window (NaN with too few snapshots)
 * @param steepestSeries the series with that slope ({@code pw_mcc, shared, span_pw_mcc, span_shared}; empty if none)
 * @param window         snapshots the slopes were fitted on
 * @param maxSlopePer1k  the rule's threshold
 * @param minSteps       the rule's earliest step for a verdict "converged"
 * @param windowL0       mean L0 over the window (NaN when not recorded)
 * @param targetL0       the L0 the group aims at (k), NaN for none
 */
public record Convergence(boolean converged, long lastStep, int capSteps, double steepestSlope, String steepestSeries,
                          int window, double maxSlopePer1k, int minSteps, double windowL0, double targetL0) {

    /** True when a target L0 was given, the window's L0 is known, and it is off the target by more than the tolerance. */
    public boolean offTargetL0() {
        return Double.isFinite(targetL0) && Double.isFinite(windowL0)
                && Math.abs(windowL0 / targetL0 - 1) > ConvergenceRule.L0_TOLERANCE;
    }

    /** True when training ended before the cap because the rule said converged. */
    public boolean stoppedEarly() {
        return converged && lastStep < capSteps;
    }

    /** A short label: {@code converged}, {@code converged at 1200 (cap 4000)} or {@code not converged (shared 0.081/1k)}. */
    public String label() {
        if (converged) {
            return stoppedEarly() ? "converged at " + lastStep + " (cap " + capSteps + ")" : "converged";
        }
        if (Double.isNaN(steepestSlope)) {
            return "not converged (too few snapshots)";
        }
        if (offTargetL0()) {
            return String.format(java.util.Locale.ROOT, "not converged (L0 %.1f, target %.0f)", windowL0, targetL0);
        }
        return steepestSlope > maxSlopePer1k || lastStep >= minSteps
                ? String.format(java.util.Locale.ROOT, "not converged (%s %.3f/1k steps)", steepestSeries, steepestSlope)
                : "not converged (before step " + minSteps + ")";
    }
}
