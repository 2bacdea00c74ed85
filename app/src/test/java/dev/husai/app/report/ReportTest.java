package dev.husai.app.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.Convergence;
import dev.husai.core.sweep.ConvergenceRule;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.FamilyFigures;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Quality;
import dev.husai.core.sweep.StabilityFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from summaries on disk: every artefact written, figures are real PNG/SVG, strings escaped. */
class ReportTest {

    @TempDir
    Path sweep;

    @Test
    void writesHtmlMarkdownFiguresAndTables() throws Exception {
        List<GroupResult> groups = new ArrayList<>();
        for (Arch arch : List.of(Arch.TOPK, Arch.RELU_L1)) {
            for (int d : List.of(8, 1024)) {
                for (double s : arch.usesK() ? List.of(8.0, 16.0) : List.of(3.0, 10.0)) {
                    groups.add(group(arch.wireName() + ".f" + d + "." + s, arch, d, s, arch == Arch.TOPK ? (d == 8 ? 0.08 : 0.16) : 0.01));
                }
            }
        }
        groups.set(0, group("<img src=x onerror=alert(1)>", Arch.TOPK, 8, 8, 0.08));
        for (GroupResult g : groups) {
            Path dir = Files.createDirectories(sweep.resolve("g" + groups.indexOf(g)));
            new SummaryFile(SummaryFile.FORMAT_VERSION, List.of(0L, 1L, 2L), 12.5, g).write(dir);
        }
        List<GroupResult> loaded = ReportCommand.load(sweep);
        assertEquals(8, loaded.size());
        assertEquals(groups.get(3).raw().pwMcc(), loaded.stream().filter(g -> g.group().equals(groups.get(3).group()))
                .findFirst().orElseThrow().raw().pwMcc(), "summary.json round trip");

        Path html = new ReportWriter("t", loaded, sweep.resolve("report")).write();
        String page = Files.readString(html);
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertFalse(page.contains("<img src=x"));
        assertTrue(page.contains("Architecture: topk is the most seed-stable"), "recommendation derived from the data");
        String md = Files.readString(sweep.resolve("report/report.md"));
        assertTrue(md.contains("| raw PW-MCC excess | topk |"));
        assertTrue(md.contains("cosines are >= tau = 0.60 "), "the report prints the tau the summaries were computed at");
        assertEquals(0.6, loaded.get(0).tau(), "tau travels in summary.json");
        Path old = sweep.resolve("g1").resolve(SummaryFile.NAME);
        Files.writeString(old, Files.readString(old).replace("\"fourierUniversal\"", "\"fourierStable\""));
        assertEquals(groups.get(1).fourierUniversal(), SummaryFile.read(old).result().fourierUniversal(),
                "a summary written before the rename (fourierStable) still reads");
        assertTrue(md.contains("0 of 8 groups converged") && md.contains("No group converged"),
                "3 snapshots are too few to judge, and the report says so");
        assertTrue(md.contains("(not converged)"), "unconverged groups are labelled where they are named");
        List<String> csv = Files.readAllLines(sweep.resolve("report/tables/groups.csv"));
        assertEquals(9, csv.size(), "header + one row per group");
        assertTrue(csv.get(0).startsWith("group,arch,d_sae,expansion,sparsity,"), csv.get(0));
        assertTrue(csv.stream().anyMatch(r -> r.startsWith("topk.f8.16.0,topk,8,0.0625,k=16,")), "width in latents: " + csv);
        assertTrue(md.contains("| group | data | arch | d_sae | expansion | sparsity |"), "the report's group table names the width");
        assertEquals(1 + 8 * 3, Files.readAllLines(sweep.resolve("report/tables/curves.csv")).size(),
                "header + 3 curve points per group");
        try (Stream<Path> figs = Files.list(sweep.resolve("report/figures"))) {
            List<Path> all = figs.toList();
            long pngs = all.stream().filter(p -> p.toString().endsWith(".png")).count();
            assertEquals(pngs, all.stream().filter(p -> p.toString().endsWith(".svg")).count());
            assertEquals(2, all.stream().filter(p -> p.getFileName().toString().startsWith("heatmap-resid-post-raw_shared-")
                    && p.toString().endsWith(".png")).count(), "the raw shared fraction per data set x 2 architectures");
            assertEquals(4, all.stream().filter(p -> p.getFileName().toString().startsWith("width-resid-post-")
                    && p.toString().endsWith(".png")).count(), "raw / in-span PW-MCC and shared fraction against width");
            for (Path p : all) {
                byte[] head = Arrays.copyOf(Files.readAllBytes(p), 4);
                if (p.toString().endsWith(".png")) {
                    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, p.toString());
                } else {
                    assertTrue(Files.readString(p).contains("<svg"), p.toString());
                }
            }
        }
    }

    @Test
    void ownActivationsWithATruthGetRecoveryAndNoFourierSections() throws Exception {
        List<GroupResult> groups = new ArrayList<>();
        for (int d : List.of(16, 32, 64)) {
            GroupResult g = group("acts.topk.f" + d, Arch.TOPK, d, 3, 0.1);
            List<CurvePoint> flat = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                flat.add(new CurvePoint(100L * i, 0.8, 0.79, 0.81, 0.6, 0.8, 0.6, 3));
            }
            var truth = new dev.husai.core.sweep.TruthFigures(d == 16 ? 0.45 : 0.95, d == 16 ? 0.5 : 0.97, 0.46, 0.05, 32,
                    new double[] {0.9, 0.95, 1.0});
            Convergence verdict = d == 64 ? new ConvergenceRule(0.02, 0).judge(flat.subList(0, 7), 8000)
                    : new ConvergenceRule(0.02, 0).judge(flat, 8000);
            groups.add(new GroupResult(g.group(), g.arch(), d, d / 16.0, 3, 3, 8000, g.raw(), g.span(), 15, g.quality(),
                    Double.NaN, Double.NaN, new FamilyFigures(Double.NaN, Double.NaN, Double.NaN, new double[0]), flat,
                    "acts", 4e-3, verdict, truth, 0.7, null));
        }
        new ReportWriter("own", groups, sweep.resolve("r")).write();
        String md = Files.readString(sweep.resolve("r/report.md"));
        assertTrue(md.contains("on acts (synthetic activations with a known dictionary, 3 groups, d_sae 16-64)"), md);
        assertFalse(md.contains("Fourier recovery vs stability") || md.contains("Feature families"), "no testbed sections");
        assertTrue(md.contains("### Positive controls: synthetic data with a known dictionary"));
        assertTrue(md.contains("| acts.topk.f32 | acts | 32 | 0.950 | 0.460 | 0.970 |"), md);
        assertTrue(md.contains("| acts.topk.f64 (not converged) | acts | 32 | 0.950 |"), md);
        assertTrue(md.contains("2 of 3 groups converged"), md);
        assertTrue(md.contains("acts.topk.f64 not converged (too few snapshots)"), md);
        List<String> csv = Files.readAllLines(sweep.resolve("r/tables/groups.csv"));
        assertTrue(csv.get(0).contains("hook,lr,converged,convergence,last_step,steepest_slope_per_1k,truth_mcc,"
                + "truth_recovered,truth_baseline_mcc,truth_baseline_recovered,data,sweep,"), csv.get(0));
        assertTrue(csv.get(0).endsWith(",geometry_orphan_in_family,wall_seconds,summary_seconds"), csv.get(0));
        assertTrue(csv.get(1).contains(",acts,0.004,true,converged at 800 (cap 8000),800,"), csv.get(1));
    }

    @Test
    void anEmptyOrMissingSweepIsAClearError() {
        assertEquals("expected finished groups (GROUP/summary.json) under " + sweep + ", found none",
                assertThrows(IllegalArgumentException.class, () -> ReportCommand.load(sweep)).getMessage());
        Path missing = sweep.resolve("nope");
        assertEquals("expected a sweep directory (output of husai sweep), found " + missing,
                assertThrows(IllegalArgumentException.class, () -> ReportCommand.load(missing)).getMessage());
    }

    private static GroupResult group(String name, Arch arch, int dSae, double sparsity, double excess) {
        double[] pw = {0.3 + excess, 0.31 + excess, 0.29 + excess};
        double[] shared = {0.1, 0.2, 0.15};
        StabilityFigures f = new StabilityFigures(Summary.of(pw), Summary.of(shared), 0.3, 0.0, 0.3, 0.05, pw, shared);
        List<CurvePoint> curve = List.of(new CurvePoint(100, 0.3, 0.29, 0.31, 0.0, 0.8, 0.9, 3),
                new CurvePoint(200, 0.3 + excess, 0.29, 0.32, 0.1, 0.85, 0.5, 3),
                new CurvePoint(300, 0.3 + excess, 0.29, 0.32, 0.15, 0.85, 0.4, 3));
        return new GroupResult(name, arch, dSae, dSae / 128.0, sparsity, 3, 300, f, f, 8, new Quality(0.01, sparsity, 0.0, 1.0),
                0.2 + excess, 0.0, new FamilyFigures(0.8 + excess, 2 / 128.0, 20, new double[] {0.8, Double.NaN, 0.9}), curve,
                "resid_post", 1e-3, null, null, 0.6, null);
    }
}
