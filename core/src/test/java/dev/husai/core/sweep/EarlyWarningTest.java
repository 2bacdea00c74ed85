package dev.husai.core.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyWarningTest {
    private static final int CAP = 1000;

    @Test
    void theCutKeepsStepsUpToTwentyPercentOfTheCapAndNeverLaterOnes() {
        assertEquals(200, EarlyFeatures.seenUntil(CAP));
        assertEquals(1, EarlyFeatures.seenUntil(9));
        List<CurvePoint> curve = List.of(point(100, 0.3, 0.1), point(200, 0.4, 0.2), point(201, 0.9, 0.9),
                point(1000, 0.95, 0.95));
        assertEquals(List.of(100L, 200L), EarlyFeatures.seen(curve, CAP).stream().map(CurvePoint::step).toList());
        // slope over t = 0.1, 0.2: (0.4 - 0.3) / 0.1 = 1.0 for PW-MCC, 1.0 for shared; log2 64 = 6
        assertArrayEquals(new double[] {0.4, 0.2, 1.0, 1.0, 6.0}, EarlyFeatures.of(EarlyFeatures.seen(curve, CAP), 64, CAP),
                1e-12);
        EarlyWarning m = EarlyWarning.fit(linearGroups());
        assertEquals(m.forecast(curve.subList(0, 2), 64, CAP), m.forecast(curve, 64, CAP));
    }

    @Test
    void groupsWithTheSameFirstTwentyPercentGetTheSameFeaturesWhateverFollows() {
        GroupResult a = group("a", 64, List.of(point(100, 0.3, 0.1), point(200, 0.4, 0.2), point(600, 0.1, 0.0)), 0.5, 0.3);
        GroupResult b = group("b", 64, List.of(point(100, 0.3, 0.1), point(200, 0.4, 0.2), point(600, 0.9, 0.8)), 0.9, 0.8);
        assertArrayEquals(EarlyWarning.features(a), EarlyWarning.features(b), 0);
    }

    @Test
    void aFinalValueLinearInTheFeaturesIsRecovered() {
        EarlyWarning m = EarlyWarning.fit(linearGroups());
        assertEquals(10, m.trainingGroups().size());
        assertEquals(1e-4, m.pwMcc().lambda());
        // an unseen group: last PW-MCC 0.55, last shared 0.25, d_sae 32
        List<CurvePoint> seen = List.of(point(100, 0.50, 0.20), point(200, 0.55, 0.25));
        EarlyWarning.Forecast f = m.forecast(seen, 32, CAP);
        assertEquals(0.1 + 0.8 * 0.55, f.pwMcc(), 1e-3);
        assertEquals(0.05 * 5 + 0.5 * 0.25, f.shared(), 1e-3);
    }

    @Test
    void leaveOneGroupOutOnLinearDataBeatsTheBaselines() {
        EarlyWarningEvaluation e = EarlyWarningEvaluation.leaveOneGroupOut(linearGroups());
        assertEquals(10, e.scores().groups());
        assertTrue(e.scores().pwMcc().modelMae() < 1e-3, e.scores().toString());
        assertTrue(e.scores().shared().modelMae() < 1e-3, e.scores().toString());
        // constant: |y_g - mean of the other 9| = (10/9) |y_g - ybar| = (10/9) 0.8 |pw_g - 0.475|, summing to 1/9 over 10
        assertEquals(1.0 / 9, e.scores().pwMcc().constantMae(), 1e-12);
        // last value: |0.1 + 0.8 pw - pw| = |0.1 - 0.2 pw|, summing to 0.25 over the ten groups
        assertEquals(0.025, e.scores().pwMcc().lastMae(), 1e-12);
    }

    @Test
    void leaveOneGroupOutOnConstantDataHasNoErrorAndCountsSkippedGroups() {
        List<GroupResult> gs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // varied early curves and widths, identical final figures 0.6 / 0.4; the last seen values 0.5 / 0.4
            gs.add(group("g" + i, 16 << i, List.of(point(100, 0.3 + 0.05 * i, 0.1), point(200, 0.5, 0.4),
                    point(900, 0.6, 0.4)), 0.6, 0.4));
        }
        gs.add(group("late", 64, List.of(point(200, 0.5, 0.4), point(900, 0.6, 0.4)), 0.6, 0.4));
        EarlyWarningEvaluation e = EarlyWarningEvaluation.leaveOneGroupOut(gs);
        assertEquals(new EarlyWarningEvaluation.Scores(4, 1, new EarlyWarningEvaluation.Errors(0, 0, 0, 0, 0.1, 0.1),
                new EarlyWarningEvaluation.Errors(0, 0, 0, 0, 0, 0)), rounded(e.scores()));
        assertEquals(List.of("g0", "g1", "g2", "g3"), e.predictions().stream().map(EarlyWarningEvaluation.Prediction::group)
                .toList());
    }

    @Test
    void tooFewUsableGroupsIsAClearError() {
        List<GroupResult> gs = List.of(group("one", 64, List.of(point(100, 0.3, 0.1), point(200, 0.4, 0.2)), 0.5, 0.3),
                group("short", 64, List.of(point(200, 0.4, 0.2)), 0.5, 0.3));
        assertEquals("expected >= 2 groups with >= 2 curve points in the first 20% of their step cap, found 1 of 2",
                assertThrows(IllegalArgumentException.class, () -> EarlyWarning.fit(gs)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyWarningEvaluation.leaveOneGroupOut(gs));
    }

    @Test
    void theModelRoundTripsThroughJson() {
        EarlyWarning m = EarlyWarning.fitEvaluated(linearGroups());
        EarlyWarning back = EarlyWarning.fromJson(m.toJson());
        List<CurvePoint> seen = List.of(point(100, 0.45, 0.15), point(200, 0.6, 0.3));
        assertEquals(m.forecast(seen, 128, CAP), back.forecast(seen, 128, CAP));
        assertEquals(m.logo(), back.logo());
        assertEquals(m.trainingGroups(), back.trainingGroups());
        assertTrue(m.toJson().contains("\"features\" : [ \"last_pw_mcc\""), m.toJson());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EarlyWarning.fromJson("{\"features\": [\"x\"]}"))
                .getMessage().startsWith("expected"));
    }

    /** Ten groups whose final PW-MCC is 0.1 + 0.8 last_pw_mcc and final shared 0.05 log2 F + 0.5 last_shared. */
    private static List<GroupResult> linearGroups() {
        double[][] rows = {{0.30, 0.10, 16}, {0.45, 0.05, 64}, {0.60, 0.30, 32}, {0.35, 0.20, 128}, {0.70, 0.15, 8},
            {0.50, 0.40, 256}, {0.40, 0.35, 8}, {0.65, 0.05, 512}, {0.55, 0.25, 16}, {0.25, 0.30, 64}};
        List<GroupResult> gs = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            double pw = rows[i][0];
            double sh = rows[i][1];
            int f = (int) rows[i][2];
            List<CurvePoint> curve = List.of(point(100, pw - 0.02 * (i % 3), sh - 0.01 * (i % 4)), point(200, pw, sh),
                    point(800, 0.99, 0.99));
            gs.add(group("g" + i, f, curve, 0.1 + 0.8 * pw, 0.05 * Math.log(f) / Math.log(2) + 0.5 * sh));
        }
        return gs;
    }

    private static EarlyWarningEvaluation.Scores rounded(EarlyWarningEvaluation.Scores s) {
        return new EarlyWarningEvaluation.Scores(s.groups(), s.skipped(), rounded(s.pwMcc()), rounded(s.shared()));
    }

    private static EarlyWarningEvaluation.Errors rounded(EarlyWarningEvaluation.Errors e) {
        return new EarlyWarningEvaluation.Errors(r(e.modelMae()), r(e.modelRmse()), r(e.constantMae()), r(e.constantRmse()),
                r(e.lastMae()), r(e.lastRmse()));
    }

    private static double r(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    private static CurvePoint point(long step, double pwMcc, double shared) {
        return new CurvePoint(step, pwMcc, pwMcc, pwMcc, shared, pwMcc, shared, 3);
    }

    /** A 3-seed group with the given curve and final raw PW-MCC / shared fraction, step cap {@link #CAP}. */
    static GroupResult group(String name, int dSae, List<CurvePoint> curve, double pwMcc, double shared) {
        double[] pw = {pwMcc, pwMcc, pwMcc};
        double[] sh = {shared, shared, shared};
        StabilityFigures raw = new StabilityFigures(Summary.of(pw), Summary.of(sh), 0.3, 0.0, 0.3, 0.0, pw, sh);
        return new GroupResult(name, Arch.TOPK, dSae, dSae / 128.0, 8, 3, CAP, raw, raw, 8, new Quality(0.01, 8, 0, 1),
                Double.NaN, Double.NaN, null, curve, "resid_post", 1e-3, null, null, 0.7, null);
    }
}
