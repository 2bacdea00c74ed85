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
 */
public record CurvePoint(long step, double pwMcc, double pwMccMin, double pwMccMax, double shared, double spanPwMcc,
                         double spanShared, int n) {
}
