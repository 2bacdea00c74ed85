package dev.husai.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.FamilyFigures;
import dev.husai.core.sweep.GeometryFigures;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.MatchedComparison;
import dev.husai.core.sweep.Measure;
import dev.husai.core.sweep.Quality;
import dev.husai.core.sweep.StabilityFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study report's answers on hand-built groups with known outcomes. */
class StudyReportTest {

    @TempDir
    Path tmp;

    @Test
    void aRegionOverSixtyPercentIsNamedAsRunsOfWidths() {
        Study s = study(group("a", Arch.TOPK, 8, 8, 8.0, 0.90), group("b", Arch.TOPK, 16, 8, 8.0, 0.80),
                group("c", Arch.TOPK, 32, 8, 8.0, 0.50), group("d", Arch.TOPK, 64, 8, 8.0, 0.70),
                group("e", Arch.RELU_L1, 8, 3, 5.0, 0.40));
        assertEquals(List.of("resid_post topk k=8: d_sae 8-16, 64 (best 0.900)"), Q1Goldilocks.regions(s));
        assertEquals(List.of("resid_post topk k=8: d_sae 8-16, 64 (best 0.900)"),
                Q1Goldilocks.regions(s, Q1Goldilocks::inSpanZone, g -> g.span().shared().mean()),
                "in span the same figures beat the chance level 0.05 by more than 0.05");
        assertTrue(Q1Goldilocks.answer(s).startsWith("Yes: 3 of 5 groups share more than 60% of their latents at tau"),
                Q1Goldilocks.answer(s));
        assertTrue(Q1Goldilocks.answer(s).contains("the best is resid_post topk d_sae 8 k=8 at 0.900 ["), Q1Goldilocks.answer(s));
    }

    @Test
    void withNoneOverSixtyPercentTheBestRegionAndItsGapAreStated() {
        Study s = study(group("a", Arch.TOPK, 8, 8, 8.0, 0.30), group("b", Arch.TOPK, 16, 8, 8.0, 0.45),
                group("c", Arch.RELU_L1, 8, 3, 5.0, 0.20));
        assertEquals(List.of(), Q1Goldilocks.regions(s));
        String a = Q1Goldilocks.answer(s);
        assertTrue(a.startsWith("No: no group shares more than 60% of its latents at tau; the best region is "
                + "resid_post topk d_sae 16 k=8 with a raw shared fraction of 0.450 ["), a);
        assertTrue(a.contains(", 0.150 short of 60% (chance level 0.050)."), a);
    }

    @Test
    void matchedL0BinsCompareArchitecturesAndSayWhichLeadsAreResolved() {
        // L0 3.9 -> [2, 4); 5 and 7 -> [4, 8); the [4, 8) cell: topk 0.80 +- 0.025 vs relu_l1 0.50 +- 0.025 (disjoint);
        // matched width 16: topk 0.7 +- 0.25 vs relu_l1 0.65 +- 0.25 (overlap, not resolved)
        Study s = study(group("a", Arch.TOPK, 8, 8, 5.0, 0.80), group("b", Arch.RELU_L1, 8, 3, 7.0, 0.50),
                group("c", Arch.TOPK, 16, 4, 3.9, 0.70, 0.1), group("d", Arch.RELU_L1, 16, 3, 12.0, 0.65, 0.1));
        List<MatchedComparison.Cell> l0 = Q2Ranking.l0Cells(s, s.results(), Measure.RAW_SHARED);
        assertEquals(List.of("resid_post L0 [2, 4)", "resid_post L0 [4, 8)", "resid_post L0 [8, 16)"),
                l0.stream().map(MatchedComparison.Cell::key).toList());
        assertEquals(Arch.TOPK, l0.get(1).ranks().get(0).arch());
        assertTrue(l0.get(1).resolved());
        List<MatchedComparison.Cell> width = Q2Ranking.widthCells(s, s.results(), Measure.RAW_SHARED);
        assertEquals(List.of("resid_post d_sae 8", "resid_post d_sae 16"), width.stream().map(MatchedComparison.Cell::key).toList());
        assertFalse(width.get(1).resolved());
        assertEquals("On the raw shared fraction at matched-width, the leader of each of the 2 cells with >= 2 architectures "
                + "is: topk 2; 1 leads are resolved (95% CIs disjoint), not resolved in resid_post d_sae 16.",
                Q2Ranking.answer(width, "matched-width"));
    }

    @Test
    void widerIsLessStableReadsAsAHandComputedSpearmanRho() {
        // widths 8, 16, 32, 64 with shared 0.9, 0.8, 0.5, 0.7: rank differences -3, -1, 2, 2 -> rho = 1 - 6 * 18 / 60 = -0.8;
        // Fisher z: tanh(atanh(-0.8) -+ 1.96 sqrt(1.06 / 1)) = tanh(-1.0986 -+ 2.0179) = [-0.9961, +0.7256]
        Study s = study(group("a", Arch.TOPK, 8, 8, 8.0, 0.90), group("b", Arch.TOPK, 16, 8, 8.0, 0.80),
                group("c", Arch.TOPK, 32, 8, 8.0, 0.50), group("d", Arch.TOPK, 64, 8, 8.0, 0.70));
        assertEquals("-0.80 [-1.00, +0.73] (n 4)", Q3GroundTruth.text(Literature.widthRho(s.results())));
        assertTrue(Literature.width(s).startsWith("Paulo & Belrose 2025, wider SAEs share fewer latents across seeds: we "
                + "agree in sign, not resolved. The shared fraction falls with width (Spearman rho < 0) in 1 of 1"), Literature.width(s));
    }

    @Test
    void severalSweepDirectoriesMakeOneReportAndKeepTheirDataApart() throws Exception {
        for (String sweep : List.of("song", "bench")) {
            for (int d : List.of(16, 32)) {
                GroupResult g = group("activations.topk.f" + d, Arch.TOPK, d, 3, 3.0, sweep.equals("song") ? 0.9 : 0.4);
                g = new GroupResult(g.group(), g.arch(), g.dSae(), g.expansion(), g.sparsity(), g.seeds(), g.steps(), g.raw(),
                        g.span(), g.spanRank(), g.quality(), g.fourierRecovered(), g.fourierUniversal(), g.families(),
                        g.curve(), "activations", g.lr(), g.convergence(), g.truth(), g.tau(), g.geometry());
                Path dir = Files.createDirectories(tmp.resolve(sweep).resolve(g.group()));
                new SummaryFile(SummaryFile.FORMAT_VERSION, List.of(0L, 1L, 2L), 10.0 + d, g, 1.5).write(dir);
            }
        }
        List<Path> dirs = List.of(tmp.resolve("song"), tmp.resolve("bench"));
        List<GroupRun> runs = ReportCommand.loadRuns(dirs);
        assertEquals(4, runs.size());
        assertEquals(tmp.resolve("report"), ReportCommand.defaultOut(dirs));
        assertEquals("song + bench", ReportCommand.defaultTitle(dirs));
        new ReportWriter(runs, "two", tmp.resolve("report")).write();
        String md = Files.readString(tmp.resolve("report/report.md"));
        assertTrue(md.contains("- song/activations topk k=3: d_sae 16-32 (best 0.900)"), md);
        assertFalse(md.contains("- bench/activations topk"), "bench shares 40%");
        List<String> csv = Files.readAllLines(tmp.resolve("report/tables/groups.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(1).startsWith("activations.topk.f16,topk,16,"), csv.get(1));
        assertTrue(csv.get(1).contains(",bench/activations,bench,k,3,"), csv.get(1));
        assertTrue(csv.get(1).endsWith(",26.00000,1.50000"), "wall and summary seconds: " + csv.get(1));
        assertTrue(Files.isRegularFile(tmp.resolve("report/tables/q1_goldilocks.csv")));
        assertTrue(Files.readString(tmp.resolve("report/tables/q1_goldilocks.csv")).contains("\"0.900 [0.875, 0.925]\""),
                "cells with commas are quoted (0.9 -+ 4.303 * 0.01 / sqrt 3)");
    }

    @Test
    void oldSummariesWithoutGeometryStillRenderAndGeometrySkipsEmptyClasses() throws Exception {
        GeometryFigures full = new GeometryFigures(0.5, 0.2, 0.5, 4, 2, 0.1, 0.3, Double.NaN, Double.NaN);
        GeometryFigures allShared = new GeometryFigures(1, 0.3, Double.NaN, 5, Double.NaN, 0.2, Double.NaN, Double.NaN,
                Double.NaN);
        GeometryFigures second = new GeometryFigures(0.6, 0.1, 0.3, 6, 3, 0.0, 0.1, Double.NaN, Double.NaN);
        List<GroupResult> gs = new ArrayList<>();
        gs.add(withGeometry(group("a", Arch.TOPK, 8, 8, 8.0, 0.9), full));
        gs.add(withGeometry(group("b", Arch.TOPK, 16, 8, 8.0, 0.9), allShared));
        gs.add(withGeometry(group("c", Arch.TOPK, 32, 8, 8.0, 0.9), second));
        // interference: 0.2 - 0.5 = -0.3, 0.1 - 0.3 = -0.2 (b skipped: no orphans) -> mean -0.25 over 2 groups
        assertEquals(-0.25, Q4Geometry.difference(gs, Q4Geometry.PAIRS.get(0)).mean(), 1e-12);
        assertEquals(2, Q4Geometry.difference(gs, Q4Geometry.PAIRS.get(0)).n());
        assertEquals(null, Q4Geometry.difference(gs, Q4Geometry.PAIRS.get(3)), "no testbed: no family figures");
        new ReportWriter("geo", gs, tmp.resolve("g")).write();
        assertTrue(Files.readString(tmp.resolve("g/report.md")).contains("Over the 3 of 3 groups with geometry, shared "
                + "latents compared with orphans have: interference lower, -0.250 ["));

        List<GroupResult> old = List.of(group("x", Arch.TOPK, 8, 8, 8.0, 0.5), group("y", Arch.RELU_L1, 8, 3, 8.0, 0.4));
        new ReportWriter("old", old, tmp.resolve("o")).write();
        String md = Files.readString(tmp.resolve("o/report.md"));
        assertTrue(md.contains("No summary records the geometry of shared vs orphan latents"), md);
        assertTrue(md.contains("## Q5. When is stability decided?") && md.contains("## The literature side by side"), md);
        List<String> csv = Files.readAllLines(tmp.resolve("o/tables/groups.csv"));
        assertTrue(csv.get(1).endsWith(",,,,,,,,,,,"), "9 empty geometry cells and no timings: " + csv.get(1));
    }

    @Test
    void aSweepWithAScheduleAxisIsItsOwnDataSetAndItsTableReadsLrTimesSteps() {
        GroupResult grid = group("g", Arch.TOPK, 64, 4, 4.0, 0.30);
        GroupResult shortRun = scheduled(group("s", Arch.TOPK, 64, 4, 4.0, 0.20), 1e-3, 400);
        GroupResult longRun = scheduled(group("l", Arch.TOPK, 64, 4, 4.0, 0.50), 1e-3, 6400);
        Study s = new Study(List.of(new GroupRun(grid, "study-resid", null, null),
                new GroupRun(shortRun, "study-lr-steps", null, null), new GroupRun(longRun, "study-lr-steps", null, null)));
        assertEquals("resid_post", s.data(grid), "a sweep without a schedule axis keeps the hook as its data token");
        assertEquals("study-lr-steps/resid_post", s.data(shortRun));
        assertFalse(s.schedules("resid_post"));
        assertTrue(s.schedules("study-lr-steps/resid_post"));
        Doc doc = new Doc();
        LrSteps.write(s, doc);
        String md = doc.markdown();
        assertTrue(md.contains("topk (lr 1e-03: in-span shared 0.200 at 400 steps -> 0.500 at 6400 (raw shared 0.200 -> "
                + "0.500))"), md);
        assertEquals(3, s.tables().get("lr_steps_" + ReportFigures.file("study-lr-steps/resid_post")).rows().size() + 1);
    }

    private static GroupResult scheduled(GroupResult g, double lr, int steps) {
        return new GroupResult(g.group(), g.arch(), g.dSae(), g.expansion(), g.sparsity(), g.seeds(), steps, g.raw(),
                g.span(), g.spanRank(), g.quality(), g.fourierRecovered(), g.fourierUniversal(), g.families(), g.curve(),
                g.hook(), lr, g.convergence(), g.truth(), g.tau(), g.geometry());
    }

    private static Study study(GroupResult... groups) {
        return new Study(List.of(groups).stream().map(GroupRun::of).toList());
    }

    private static GroupResult withGeometry(GroupResult g, GeometryFigures x) {
        return new GroupResult(g.group(), g.arch(), g.dSae(), g.expansion(), g.sparsity(), g.seeds(), g.steps(), g.raw(),
                g.span(), g.spanRank(), g.quality(), g.fourierRecovered(), g.fourierUniversal(), g.families(), g.curve(),
                g.hook(), g.lr(), g.convergence(), g.truth(), g.tau(), x);
    }

    private static GroupResult group(String name, Arch arch, int dSae, double sparsity, double l0, double shared) {
        return group(name, arch, dSae, sparsity, l0, shared, 0.01);
    }

    /** Three seed pairs with shared fractions {@code shared -+ spread}; random shared 0.0, init shared 0.05. */
    private static GroupResult group(String name, Arch arch, int dSae, double sparsity, double l0, double shared,
                                     double spread) {
        double[] pw = {0.6, 0.61, 0.59};
        double[] sh = {shared - spread, shared, shared + spread};
        StabilityFigures f = new StabilityFigures(Summary.of(pw), Summary.of(sh), 0.3, 0.0, 0.3, 0.05, pw, sh);
        List<CurvePoint> curve = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            curve.add(new CurvePoint(100L * i, 0.6, 0.59, 0.61, i < 4 ? shared / 2 : shared, 0.6, shared, 3));
        }
        return new GroupResult(name, arch, dSae, dSae / 128.0, sparsity, 3, 800, f, f, 8, new Quality(0.05, l0, 0, 1),
                Double.NaN, Double.NaN, new FamilyFigures(Double.NaN, Double.NaN, Double.NaN, new double[0]), curve,
                "resid_post", 1e-3, null, null, 0.7, null);
    }
}
