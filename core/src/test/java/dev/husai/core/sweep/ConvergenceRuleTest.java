package dev.husai.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The convergence rule on hand-made curves: slopes by hand, the window, the guards. */
class ConvergenceRuleTest {

    /** n points at steps 100, 200, ...; every series = f(i) except the shared fraction = g(i). */
    private static List<CurvePoint> curve(int n, IntToDoubleFunction pw, IntToDoubleFunction shared) {
        List<CurvePoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double p = pw.applyAsDouble(i);
            out.add(new CurvePoint(100L * (i + 1), p, p, p, shared.applyAsDouble(i), p, shared.applyAsDouble(i), 3));
        }
        return out;
    }

    @Test
    void slopeIsTheLeastSquaresLinePer1000Steps() {
        // m = 0.5 + 0.0002 * step: 0.2 per 1k steps
        List<CurvePoint> line = curve(4, i -> 0.5 + 0.02 * (i + 1), i -> 0.1);
        assertEquals(0.2, ConvergenceRule.slopePer1k(line, CurvePoint::pwMcc), 1e-12);
        // steps 100..400, values 0, 1, 0, 1: mean t 250, sum dt*dm = (-150)(-.5)+(-50)(.5)+(50)(-.5)+(150)(.5) = 100,
        // sum dt^2 = 50000 -> slope 0.002 per step = 2 per 1k steps
        List<CurvePoint> zigzag = curve(4, i -> i % 2, i -> 0);
        assertEquals(2.0, ConvergenceRule.slopePer1k(zigzag, CurvePoint::pwMcc), 1e-12);
        assertEquals(0.0, ConvergenceRule.slopePer1k(zigzag, CurvePoint::shared), 1e-12);
    }

    @Test
    void aCurveThatRisesThenPlateausConvergesOnlyOnItsPlateau() {
        ConvergenceRule rule = new ConvergenceRule(0.02, 0);
        // rises 0.05 per snapshot (0.5 per 1k steps) for 8 snapshots, then flat
        IntToDoubleFunction risingThenFlat = i -> 0.3 + 0.05 * Math.min(i, 8);
        Convergence rising = rule.judge(curve(8, risingThenFlat, i -> 0.2), 4000);
        assertFalse(rising.converged());
        assertEquals("pw_mcc", rising.steepestSeries());
        assertEquals(0.5, rising.steepestSlope(), 1e-9);
        assertEquals("not converged (pw_mcc 0.500/1k steps)", rising.label());
        // 16 snapshots: the window is the last 4 (steps 1300..1600), all on the plateau
        Convergence flat = rule.judge(curve(16, risingThenFlat, i -> 0.2), 4000);
        assertTrue(flat.converged());
        assertEquals(4, flat.window());
        assertEquals(1600, flat.lastStep());
        assertTrue(flat.stoppedEarly());
        assertEquals("converged at 1600 (cap 4000)", flat.label());
        assertEquals("converged", rule.judge(curve(40, risingThenFlat, i -> 0.2), 4000).label(), "40 snapshots reach the cap");
    }

    @Test
    void everySeriesMustBeFlatAndNaNSeriesAreSkipped() {
        ConvergenceRule rule = new ConvergenceRule(0.02, 0);
        // PW-MCC flat but the shared fraction still climbs 0.01 per snapshot = 0.1 per 1k steps
        Convergence c = rule.judge(curve(12, i -> 0.6, i -> 0.1 + 0.01 * i), 1200);
        assertFalse(c.converged());
        assertEquals("shared", c.steepestSeries());
        assertEquals(0.1, c.steepestSlope(), 1e-9);
        // a curve without in-span figures (NaN) is judged on the raw ones
        List<CurvePoint> noSpan = new ArrayList<>();
        for (CurvePoint p : curve(12, i -> 0.6, i -> 0.1)) {
            noSpan.add(new CurvePoint(p.step(), p.pwMcc(), p.pwMccMin(), p.pwMccMax(), p.shared(), Double.NaN, Double.NaN, 3));
        }
        assertTrue(rule.judge(noSpan, 1200).converged());
    }

    @Test
    void reconstructionMustSettleAndL0ReachItsTarget() {
        ConvergenceRule rule = new ConvergenceRule(0.02, 0);
        // stability flat at chance, FVU still falling 0.05 per snapshot = 0.5 per 1k steps
        List<CurvePoint> falling = new ArrayList<>();
        List<CurvePoint> denseFlat = new ArrayList<>();
        List<CurvePoint> onTarget = new ArrayList<>();
        for (CurvePoint p : curve(12, i -> 0.33, i -> 0.0)) {
            falling.add(new CurvePoint(p.step(), 0.33, 0.33, 0.33, 0, 0.33, 0, 3, 0.9 - 0.05 * p.step() / 100, 8.0));
            denseFlat.add(new CurvePoint(p.step(), 0.33, 0.33, 0.33, 0, 0.33, 0, 3, 0.04, 99.3));
            onTarget.add(new CurvePoint(p.step(), 0.33, 0.33, 0.33, 0, 0.33, 0, 3, 0.04, 9.5));
        }
        Convergence f = rule.judge(falling, 6000, 8);
        assertFalse(f.converged());
        assertEquals("fvu", f.steepestSeries());
        assertEquals(0.5, f.steepestSlope(), 1e-9);
        // a JumpReLU whose threshold has not climbed: everything flat, L0 12x its target
        Convergence dense = rule.judge(denseFlat, 6000, 8);
        assertFalse(dense.converged());
        assertEquals("not converged (L0 99.3, target 8)", dense.label());
        assertTrue(rule.judge(denseFlat, 6000, Double.NaN).converged(), "no target (ReLU-L1): L0 is not judged");
        assertTrue(rule.judge(onTarget, 6000, 8).converged(), "9.5 is within 25% of 8");
    }

    @Test
    void tooFewSnapshotsOrTooEarlyIsNeverConverged() {
        ConvergenceRule rule = new ConvergenceRule(0.02, 1000);
        Convergence few = rule.judge(curve(7, i -> 0.6, i -> 0.1), 700);
        assertFalse(few.converged());
        assertEquals("not converged (too few snapshots)", few.label());
        Convergence early = rule.judge(curve(9, i -> 0.6, i -> 0.1), 5000);
        assertFalse(early.converged(), "flat, but before min_steps 1000");
        assertEquals("not converged (before step 1000)", early.label());
        assertTrue(rule.judge(curve(10, i -> 0.6, i -> 0.1), 5000).converged(), "flat at step 1000");
        assertEquals(new ConvergenceRule(0.02, 400), ConvergenceRule.defaults(2000));
        assertEquals("expected a largest slope per 1k steps > 0, found 0.0",
                assertThrows(IllegalArgumentException.class, () -> new ConvergenceRule(0, 0)).getMessage());
    }
}
