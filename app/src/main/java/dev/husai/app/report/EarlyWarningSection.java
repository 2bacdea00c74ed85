package dev.husai.app.report;

import static dev.husai.app.report.Study.f;

import dev.husai.core.sweep.EarlyFeatures;
import dev.husai.core.sweep.EarlyWarning;
import dev.husai.core.sweep.EarlyWarningEvaluation;
import dev.husai.core.sweep.EarlyWarningEvaluation.Errors;
import dev.husai.core.sweep.EarlyWarningEvaluation.Prediction;
import dev.husai.core.sweep.GroupResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The report's answer to "can the first 20% of a group's snapshots predict its end?": the {@link EarlyWarning}
 * predictor's leave-one-group-out errors beside the constant and last-value predictors, its coefficients,
 * predicted-vs-actual charts, and {@code early-warning.json} (the model fitted on all groups, with its LOGO scores),
 * which the web UI ships as its live forecast (docs/metrics.md, "Early warning").
 */
final class EarlyWarningSection {
    /** File name of the fitted model in the report directory. */
    static final String MODEL_FILE = "early-warning.json";

    private EarlyWarningSection() {
    }

    /** Adds the section to {@code doc}, its charts to {@code fig}, and writes {@value #MODEL_FILE} into {@code outDir}. */
    static void write(Doc doc, ReportFigures fig, List<GroupResult> results, Path outDir) {
        doc.heading(3, "Early warning: can the first 20% predict the end?");
        int usable = EarlyWarning.usable(results).size();
        if (usable < 3) {
            doc.text(f("Not enough groups to judge: %d of %d have at least %d snapshots in the first %.0f%% of their step "
                    + "cap (at least 3 are needed for a leave-one-group-out test).", usable, results.size(),
                    EarlyFeatures.MIN_SEEN, 100 * EarlyFeatures.SEEN_FRACTION));
            return;
        }
        EarlyWarningEvaluation logo = EarlyWarningEvaluation.leaveOneGroupOut(results);
        EarlyWarning model = EarlyWarning.fit(results).withLogo(logo.scores());
        doc.text(answer(logo.scores()));
        doc.add(new Doc.Table(List.of("target", "model MAE", "model RMSE", "constant MAE", "constant RMSE",
                "last value MAE", "last value RMSE"), List.of(row("final raw PW-MCC", logo.scores().pwMcc()),
                row("final raw shared fraction", logo.scores().shared()))));
        doc.add(new Doc.Table(List.of("feature (standardised)", "PW-MCC coefficient", "shared coefficient"),
                coefficients(model)));
        doc.text(f("Ridge penalty chosen by exact leave-one-out error: lambda %s for PW-MCC, %s for the shared fraction. "
                + "The model fitted on all %d groups is %s; the web UI shows its forecast for each running group once it "
                + "is past 20%% of its step cap.", ReportFigures.label(model.pwMcc().lambda()),
                ReportFigures.label(model.shared().lambda()), model.trainingGroups().size(), MODEL_FILE));
        charts(fig, logo.predictions());
        fig.all().stream().filter(x -> x.name().startsWith("early-warning-")).forEach(x -> doc.add(new Doc.Image(x)));
        writeModel(model, outDir);
    }

    /** The one-sentence answer, with the LOGO figures of both targets. */
    static String answer(EarlyWarningEvaluation.Scores s) {
        return f("Seeing only the snapshots up to %.0f%% of each group's step cap (%d groups; %d skipped with fewer than "
                + "%d snapshots there), the early-warning model predicts the final raw PW-MCC with a leave-one-group-out "
                + "MAE of %.3f, against %.3f for the constant predictor (mean final value of the other groups) and %.3f "
                + "for the last value seen; the final raw shared fraction with %.3f, against %.3f and %.3f. %s",
                100 * EarlyFeatures.SEEN_FRACTION, s.groups(), s.skipped(), EarlyFeatures.MIN_SEEN, s.pwMcc().modelMae(),
                s.pwMcc().constantMae(), s.pwMcc().lastMae(), s.shared().modelMae(), s.shared().constantMae(),
                s.shared().lastMae(), verdict(s));
    }

    private static String verdict(EarlyWarningEvaluation.Scores s) {
        boolean pw = beatsBoth(s.pwMcc());
        boolean sh = beatsBoth(s.shared());
        if (pw && sh) {
            return "So yes: the first 20% predicts the end better than both baselines, for both measures.";
        }
        if (!pw && !sh) {
            return "So no: for neither measure does the model beat both the constant and the last value seen.";
        }
        return "So in part: the model beats both baselines for the " + (pw ? "PW-MCC" : "shared fraction")
                + " only.";
    }

    private static boolean beatsBoth(Errors e) {
        return e.modelMae() < e.constantMae() && e.modelMae() < e.lastMae();
    }

    private static List<String> row(String target, Errors e) {
        return List.of(target, f("%.4f", e.modelMae()), f("%.4f", e.modelRmse()), f("%.4f", e.constantMae()),
                f("%.4f", e.constantRmse()), f("%.4f", e.lastMae()), f("%.4f", e.lastRmse()));
    }

    private static List<List<String>> coefficients(EarlyWarning m) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("intercept (training mean)", f("%.4f", m.pwMcc().intercept()), f("%.4f", m.shared().intercept())));
        for (int j = 0; j < m.features().size(); j++) {
            rows.add(List.of(m.features().get(j), f("%+.4f", m.pwMcc().coefficients()[j]),
                    f("%+.4f", m.shared().coefficients()[j])));
        }
        return rows;
    }

    private static void charts(ReportFigures fig, List<Prediction> rows) {
        chart(fig, rows, "pw-mcc", "final raw PW-MCC", Prediction::pwMcc, Prediction::pwMccModel, Prediction::pwMccLast);
        chart(fig, rows, "shared", "final raw shared fraction", Prediction::shared, Prediction::sharedModel,
                Prediction::sharedLast);
    }

    private static void chart(ReportFigures fig, List<Prediction> rows, String key, String label,
                              Function<Prediction, Double> actual, Function<Prediction, Double> model,
                              Function<Prediction, Double> last) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("model (LOGO)", rows.stream().map(p -> new double[] {actual.apply(p), model.apply(p)}).toList());
        series.put("last value seen", rows.stream().map(p -> new double[] {actual.apply(p), last.apply(p)}).toList());
        fig.scatter("early-warning-" + key, "early warning: " + label, "actual", "predicted from the first 20%", series,
                true, "predicted vs actual " + label + " per group: the early-warning model (each group held out of its "
                        + "own fit) and the last value seen at 20% of the step cap; on the grey line the prediction is exact");
    }

    private static void writeModel(EarlyWarning model, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(MODEL_FILE), model.toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + outDir.resolve(MODEL_FILE), e);
        }
    }
}
