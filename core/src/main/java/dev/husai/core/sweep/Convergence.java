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
 */
public record Convergence(boolean converged, long lastStep, int capSteps, double steepestSlope, String steepestSeries,
                          int window, double maxSlopePer1k, int minSteps) {

    /** True when training ended before the cap because the rule said converged. */
    public boolean stoppedEarly() {
        return converged && lastStep < capSteps;
    }

    /** A short label: {@code converged}, {@code converged at 1200 (cap 4000)} or {@code not converged (shared 0.081/1k)}. */
    public String label() {
        if (converged) {
            return stoppedEarly() ? "converged at " + lastStep + " (cap " + capSteps + ")" : "converged";
        }
        return Double.isNaN(steepestSlope) ? "not converged (too few snapshots)"
                : String.format(java.util.Locale.ROOT, "not converged (%s %.3f/1k steps)", steepestSeries, steepestSlope);
    }
}
