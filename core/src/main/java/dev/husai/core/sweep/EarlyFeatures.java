package dev.husai.core.sweep;

import java.util.List;

/**
 * What the early-warning predictor sees of a group: its curve points at or before {@link #SEEN_FRACTION} of the step
 * cap, reduced to {@link #NAMES}. Only figures the live stream also carries are used (raw decoder PW-MCC and raw
 * shared fraction per step, the width, the cap), so the forecast shown in the web UI is the one evaluated offline.
 *
 * <p>With the seen points {@code (s_i, m_i, f_i)}, i = 1..n (n >= 2), step cap C and {@code t_i = s_i / C}:
 * <pre>
 *   last_pw_mcc   = m_n                              (raw PW-MCC at the last seen step)
 *   last_shared   = f_n                              (raw shared fraction there)
 *   slope_pw_mcc  = sum (t_i - tbar)(m_i - mbar) / sum (t_i - tbar)^2   (least squares, per whole run)
 *   slope_shared  = the same for f
 *   log2_d_sae    = log2 F
 * </pre>
 */
public final class EarlyFeatures {
    /** The share of the step cap the predictor may see (20%). */
    public static final double SEEN_FRACTION = 0.2;
    /** Feature names, in the order of {@link #of}. */
    public static final List<String> NAMES = List.of("last_pw_mcc", "last_shared", "slope_pw_mcc", "slope_shared",
            "log2_d_sae");
    /** Fewest seen points a group needs (a slope needs two). */
    public static final int MIN_SEEN = 2;

    private EarlyFeatures() {
    }

    /** The last step the predictor may see: {@code floor(SEEN_FRACTION * cap)}. */
    public static long seenUntil(int capSteps) {
        if (capSteps < 1) {
            throw new IllegalArgumentException("expected a step cap >= 1, found " + capSteps);
        }
        return (long) Math.floor(SEEN_FRACTION * capSteps);
    }

    /** The points of an ascending curve with step <= {@link #seenUntil}; later points are never seen. */
    public static List<CurvePoint> seen(List<CurvePoint> curve, int capSteps) {
        long until = seenUntil(capSteps);
        return curve.stream().filter(p -> p.step() <= until).toList();
    }

    /** Whether these seen points are enough: at least {@link #MIN_SEEN}, every value finite. */
    public static boolean enough(List<CurvePoint> seen) {
        return seen.size() >= MIN_SEEN && seen.stream().allMatch(p -> Double.isFinite(p.pwMcc()) && Double.isFinite(p.shared()));
    }

    /**
     * The features {@code [K]} of {@link #NAMES} from the seen points (ascending, >= 2 of them, see {@link #seen}).
     */
    public static double[] of(List<CurvePoint> seen, int dSae, int capSteps) {
        if (!enough(seen)) {
            throw new IllegalArgumentException("expected >= " + MIN_SEEN + " seen curve points with finite PW-MCC and "
                    + "shared fraction, found " + seen.size() + " points");
        }
        if (dSae < 1) {
            throw new IllegalArgumentException("expected d_sae >= 1, found " + dSae);
        }
        CurvePoint last = seen.get(seen.size() - 1);
        double[] t = seen.stream().mapToDouble(p -> p.step() / (double) capSteps).toArray();
        return new double[] {last.pwMcc(), last.shared(), slope(t, seen.stream().mapToDouble(CurvePoint::pwMcc).toArray()),
            slope(t, seen.stream().mapToDouble(CurvePoint::shared).toArray()), Math.log(dSae) / Math.log(2)};
    }

    /** Least-squares slope of y on t ({@code [n]} each); 0 when every t is equal. */
    static double slope(double[] t, double[] y) {
        double tm = 0;
        double ym = 0;
        for (int i = 0; i < t.length; i++) {
            tm += t[i] / t.length;
            ym += y[i] / t.length;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < t.length; i++) {
            num += (t[i] - tm) * (y[i] - ym);
            den += (t[i] - tm) * (t[i] - tm);
        }
        return den == 0 ? 0 : num / den;
    }
}
