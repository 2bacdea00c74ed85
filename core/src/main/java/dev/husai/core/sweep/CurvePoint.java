package dev.husai.core.sweep;

/**
 * Cross-seed stability of a group at one snapshot step (means over the seed pairs present at that step).
 *
 * @param step       training step
 * @param pwMcc      raw decoder PW-MCC, mean over pairs
 * @param pwMccMin   smallest pair PW-MCC
 * @param pwMccMax   largest pair PW-MCC
 * @param shared     raw shared fraction, mean over pairs
 * @param spanPwMcc  PW-MCC of the dictionaries projected on the data subspace
 * @param spanShared shared fraction in the data subspace
 * @param n          seed pairs at this step
 * @param fvu        mean FVU of the seeds at this step (null when not recorded: older summaries)
 * @param l0         mean L0 of the seeds at this step (null when not recorded)
 * @param matcher    the matching behind this point's figures, {@code EXACT} or {@code GREEDY} (null in older
 *                   summaries: exact)
 */
public record CurvePoint(long step, double pwMcc, double pwMccMin, double pwMccMax, double shared, double spanPwMcc,
                         double spanShared, int n, Double fvu, Double l0, String matcher) {

    /** A point with reconstruction figures from the exact matching. */
    public CurvePoint(long step, double pwMcc, double pwMccMin, double pwMccMax, double shared, double spanPwMcc,
                      double spanShared, int n, Double fvu, Double l0) {
        this(step, pwMcc, pwMccMin, pwMccMax, shared, spanPwMcc, spanShared, n, fvu, l0, null);
    }

    /** A point without reconstruction figures. */
    public CurvePoint(long step, double pwMcc, double pwMccMin, double pwMccMax, double shared, double spanPwMcc,
                      double spanShared, int n) {
        this(step, pwMcc, pwMccMin, pwMccMax, shared, spanPwMcc, spanShared, n, null, null, null);
    }

    /** The mean FVU, NaN when not recorded. */
    public double fvuOrNaN() {
        return fvu == null ? Double.NaN : fvu;
    }

    /** The mean L0, NaN when not recorded. */
    public double l0OrNaN() {
        return l0 == null ? Double.NaN : l0;
    }
}
