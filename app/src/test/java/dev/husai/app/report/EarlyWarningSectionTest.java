package dev.husai.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.EarlyWarning;
import dev.husai.core.sweep.EarlyWarningEvaluation.Errors;
import dev.husai.core.sweep.EarlyWarningEvaluation.Scores;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Quality;
import dev.husai.core.sweep.StabilityFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's early-warning section: the answer with its LOGO figures, the tables, the charts, the model file. */
class EarlyWarningSectionTest {
    @TempDir
    Path out;

    @Test
    void answersWithTheLogoFiguresAndWritesTheFittedModel() throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<GroupResult> groups = new ArrayList<>();
        double[] lastPw = {0.30, 0.45, 0.60, 0.35, 0.70, 0.50, 0.40, 0.65};
        for (int i = 0; i < lastPw.length; i++) {
            groups.add(group("g" + i, 8 << i, lastPw[i], 0.1 + 0.8 * lastPw[i]));
        }
        groups.add(group("too-short", 64, List.of(point(200, 0.5, 0.2), point(900, 0.7, 0.4)), 0.7, 0.4));
        Doc doc = new Doc();
        ReportFigures fig = new ReportFigures(out.resolve("figures"));
        EarlyWarningSection.write(doc, fig, groups, out);
        String md = doc.markdown();
        assertTrue(md.contains("### Early warning: can the first 20% predict the end?"), md);
        assertTrue(md.contains("(8 groups; 1 skipped with fewer than 2 snapshots there)"), md);
        assertTrue(md.contains("| final raw PW-MCC | 0.0000 |"), "the final PW-MCC is linear in a feature: " + md);
        assertTrue(md.contains("| last_pw_mcc |"), md);
        assertTrue(Files.size(out.resolve("figures/early-warning-pw-mcc.png")) > 0);
        assertTrue(Files.exists(out.resolve("figures/early-warning-shared.svg")));
        EarlyWarning model = EarlyWarning.fromJson(Files.readString(out.resolve(EarlyWarningSection.MODEL_FILE)));
        assertEquals(8, model.trainingGroups().size());
        assertEquals(8, model.logo().groups());
        assertEquals(0.1 + 0.8 * 0.55, model.forecast(List.of(point(100, 0.5, 0.1), point(200, 0.55, 0.255)), 64, 1000)
                .pwMcc(), 1e-3);
    }

    @Test
    void tooFewGroupsSaySoAndWriteNoModel() {
        Doc doc = new Doc();
        EarlyWarningSection.write(doc, new ReportFigures(out.resolve("figures")), List.of(group("a", 8, 0.3, 0.5),
                group("b", 16, 0.4, 0.6)), out);
        assertTrue(doc.markdown().contains("Not enough groups to judge: 2 of 2 have at least 2 snapshots in the first 20% "
                + "of their step cap"), doc.markdown());
        assertFalse(Files.exists(out.resolve(EarlyWarningSection.MODEL_FILE)));
    }

    @Test
    void theVerdictFollowsTheErrors() {
        Errors better = new Errors(0.05, 0.06, 0.10, 0.12, 0.08, 0.09);
        Errors worse = new Errors(0.09, 0.10, 0.10, 0.12, 0.08, 0.09);
        assertEquals("Seeing only the snapshots up to 20% of each group's step cap (12 groups; 3 skipped with fewer than 2 "
                + "snapshots there), the early-warning model predicts the final raw PW-MCC with a leave-one-group-out MAE "
                + "of 0.050, against 0.100 for the constant predictor (mean final value of the other groups) and 0.080 for "
                + "the last value seen; the final raw shared fraction with 0.090, against 0.100 and 0.080. So in part: the "
                + "model beats both baselines for the PW-MCC only.", EarlyWarningSection.answer(new Scores(12, 3, better, worse)));
        assertTrue(EarlyWarningSection.answer(new Scores(12, 0, worse, worse)).endsWith("So no: for neither measure does "
                + "the model beat both the constant and the last value seen."));
    }

    private static CurvePoint point(long step, double pw, double shared) {
        return new CurvePoint(step, pw, pw, pw, shared, pw, shared, 3);
    }

    /** Seen points at steps 100 and 200 of a 1000-step cap ending at {@code lastPw}; then a later point never seen. */
    private static GroupResult group(String name, int dSae, double lastPw, double finalPw) {
        return group(name, dSae, List.of(point(100, lastPw - 0.05, 0.1), point(200, lastPw, 0.2 + lastPw / 10),
                point(900, 0.99, 0.99)), finalPw, 0.3);
    }

    private static GroupResult group(String name, int dSae, List<CurvePoint> curve, double pwMcc, double shared) {
        double[] pw = {pwMcc, pwMcc, pwMcc};
        double[] sh = {shared, shared, shared};
        StabilityFigures raw = new StabilityFigures(Summary.of(pw), Summary.of(sh), 0.3, 0.0, 0.3, 0.0, pw, sh);
        return new GroupResult(name, Arch.TOPK, dSae, dSae / 128.0, 8, 3, 1000, raw, raw, 8, new Quality(0.01, 8, 0, 1),
                Double.NaN, Double.NaN, null, curve, "resid_post", 1e-3, null, null, 0.7, null);
    }
}
