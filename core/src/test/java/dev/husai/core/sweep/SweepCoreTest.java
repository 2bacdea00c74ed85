package dev.husai.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.config.Width;
import dev.husai.core.stability.Summary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepCoreTest {

    static SweepSpec grid() {
        return new SweepSpec("g", HookPoint.RESID_POST, List.of(0L, 1L, 2L, 3L, 4L), 500, 1024, 100, 1e-3, 50, 100, 0.7, null, null,
                List.of(new GridBlock(List.of(Arch.TOPK, Arch.BATCH_TOPK), expansions(4, 8, 16, 32), List.of(8, 16, 32), List.of()),
                        new GridBlock(List.of(Arch.RELU_L1), expansions(4, 8, 16, 32), List.of(), List.of(3.0, 10.0, 30.0))));
    }

    @Test
    void theStudyGridExpandsTo36GroupsAnd180Saes() {
        List<SaeConfig> configs = grid().configs(128);
        assertEquals(36, configs.size());
        assertEquals(180, grid().saeCount());
        assertEquals("resid_post.topk.f512.k8.lr0.001.b1024.s500.w50d100", configs.get(0).groupId());
        assertEquals("resid_post.relu_l1.f4096.l1_30.lr0.001.b1024.s500.w50d100", configs.get(35).groupId());
        assertEquals(36, configs.stream().map(SaeConfig::groupId).distinct().count());
    }

    @Test
    void badGridsAreRejectedWithTheCulprit() {
        var dup = new SweepSpec("d", HookPoint.RESID_POST, List.of(0L, 1L), 100, 64, 10, 1e-3, 0, 0, 0.7, null, null,
                List.of(new GridBlock(List.of(Arch.TOPK), List.of(Width.latents(512), Width.expansion(4)), List.of(8), List.of())));
        assertEquals("expected each grid point once, found resid_post.topk.f512.k8.lr0.001.b64.s100 twice",
                assertThrows(IllegalArgumentException.class, () -> dup.configs(128)).getMessage());
        assertEquals("expected l1 values for arch relu_l1, found none", assertThrows(IllegalArgumentException.class,
                () -> new GridBlock(List.of(Arch.RELU_L1), expansions(4), List.of(8), List.of())).getMessage());
        assertEquals("expected at least 2 distinct seeds, found [3]", assertThrows(IllegalArgumentException.class,
                () -> new SweepSpec("s", HookPoint.RESID_POST, List.of(3L), 10, 8, 5, 1e-3, 0, 0, 0.7, null, null, grid().grid())).getMessage());
    }

    @Test
    void correlationsByHand() {
        double[] x = {1, 2, 3, 4};
        assertEquals(1.0, Correlation.pearson(x, new double[] {2, 4, 6, 8}), 1e-12);
        assertEquals(-1.0, Correlation.spearman(x, new double[] {10, 5, 1, 0}), 1e-12);
        // ranks of {3, 1, 4, 1}: 3 -> 3, 1 -> 1.5 (tie), 4 -> 4
        assertEquals(List.of(3.0, 1.5, 4.0, 1.5), boxed(Correlation.ranks(new double[] {3, 1, 4, 1})));
        // eta^2 of y = {1, 1, 3, 3} by {a, a, b, b}: all variance between groups
        assertEquals(1.0, Correlation.etaSquared(new String[] {"a", "a", "b", "b"}, new double[] {1, 1, 3, 3}), 1e-12);
        // {1, 3, 1, 3} by {a, a, b, b}: group means equal -> 0
        assertEquals(0.0, Correlation.etaSquared(new String[] {"a", "a", "b", "b"}, new double[] {1, 3, 1, 3}), 1e-12);
        assertTrue(Double.isNaN(Correlation.pearson(x, new double[] {1, 1, 1, 1})));
    }

    @Test
    void decidedStepIsWhereTheCurveEntersItsFinalBand() {
        // pwMcc 0.30, 0.40, 0.58, 0.60, 0.60: change 0.30, band max(0.01, 0.03) = 0.03 -> decided at step 300
        GroupResult g = result(Arch.TOPK, 8, 16, 0.1, 0.0, List.of(0.30, 0.40, 0.58, 0.60, 0.60));
        assertEquals(300, g.decidedStep(CurvePoint::pwMcc));
        assertEquals(0.6, SweepFindings.medianDecidedFraction(List.of(g), CurvePoint::pwMcc), 1e-12);
    }

    @Test
    void rankingPoolsSeedPairsAndTheGoldilocksZoneNeedsSixtyPercent() {
        List<GroupResult> rs = new ArrayList<>();
        rs.add(result(Arch.TOPK, 8, 16, 0.20, 0.70, List.of()));
        rs.add(result(Arch.TOPK, 16, 16, 0.10, 0.50, List.of()));
        rs.add(result(Arch.RELU_L1, 8, 10, 0.01, 0.10, List.of()));
        List<SweepFindings.ArchRank> rank = SweepFindings.ranking(rs, Measure.RAW_PW_MCC_EXCESS);
        assertEquals(Arch.TOPK, rank.get(0).arch());
        assertEquals(0.15, rank.get(0).pooled().mean(), 1e-9);
        assertEquals(6, rank.get(0).pooled().n());
        assertEquals(List.of(rs.get(0)), SweepFindings.goldilocks(rs, Measure.RAW_SHARED));
        assertEquals(0.5, SweepFindings.sparsityLevel(rs.get(2), rs));
        List<String> advice = Recommendations.of(rs);
        assertTrue(advice.get(0).startsWith("Architecture: topk is the most seed-stable"), advice.get(0));
        assertTrue(advice.get(3).contains("1 configuration(s) share > 60%"), advice.get(3));
    }

    /** A group with 3 identical seed pairs at the given excess PW-MCC (baseline 0.3) and shared fraction. */
    static GroupResult result(Arch arch, int expansion, double sparsity, double excess, double shared, List<Double> curve) {
        double pw = 0.3 + excess;
        StabilityFigures raw = new StabilityFigures(Summary.of(new double[] {pw, pw, pw}),
                Summary.of(new double[] {shared, shared, shared}), 0.3, 0.0, 0.3, 0.0, new double[] {pw, pw, pw},
                new double[] {shared, shared, shared});
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < curve.size(); i++) {
            points.add(new CurvePoint(100L * (i + 1), curve.get(i), curve.get(i), curve.get(i), shared, 0.8, 0.5, 3));
        }
        return new GroupResult(arch.wireName() + ".f" + 128 * expansion, arch, 128 * expansion, expansion, sparsity, 3, 500, raw, raw, 8,
                new Quality(0.01, 16, 0, 1), 0.4, 0.2, new FamilyFigures(0.9, 2 / 128.0, 30, new double[] {0.9, 0.9, 0.9}), points,
                "resid_post", 1e-3, null, null, 0.7, null);
    }

    private static List<Width> expansions(double... values) {
        return java.util.Arrays.stream(values).mapToObj(Width::expansion).toList();
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double d : v) {
            out.add(d);
        }
        return out;
    }
}
