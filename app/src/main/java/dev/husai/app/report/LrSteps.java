package dev.husai.app.report;

import static dev.husai.app.report.Study.f;
import static dev.husai.app.report.Study.n3;

import dev.husai.core.sweep.GroupResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The schedule sub-grid: for a data set whose groups train one cell (arch, d_sae, sparsity) under several learning
 * rates and step counts, each cell's stability as a table over lr x steps, and the answer to "does stability still move
 * after the default caps?": the change of the raw and in-span shared fraction from the shortest to the longest
 * training at each lr.
 */
final class LrSteps {

    private LrSteps() {
    }

    static void write(Study s, Doc doc) {
        List<String> sets = s.datasets().stream().filter(s::schedules).toList();
        if (sets.isEmpty()) {
            return;
        }
        doc.heading(2, "Learning rate x training length");
        for (String data : sets) {
            List<GroupResult> on = s.on(data).stream().sorted(Comparator.comparing((GroupResult g) -> g.arch())
                    .thenComparingDouble(GroupResult::lr).thenComparingInt(GroupResult::steps)).toList();
            doc.text(answer(data, on));
            List<List<String>> rows = new ArrayList<>();
            for (GroupResult g : on) {
                rows.add(List.of(g.arch().wireName(), Integer.toString(g.dSae()), g.sparsityName() + "="
                        + ReportFigures.label(g.sparsity()), f("%.0e", g.lr()), Integer.toString(g.steps()),
                        Study.ci(g.raw().pwMcc()), Study.ci(g.raw().shared()), Study.ci(g.span().pwMcc()),
                        Study.ci(g.span().shared()), n3(g.quality().fvu()), n3(g.quality().l0()), g.verdict().label()));
            }
            s.table(doc, "lr_steps_" + ReportFigures.file(data), List.of("arch", "d_sae", "sparsity", "lr", "steps",
                    "raw PW-MCC", "raw shared", "in-span PW-MCC", "in-span shared", "FVU", "L0", "convergence"), rows);
        }
    }

    /** One sentence per architecture: how the in-span shared fraction moves from the shortest to the longest run. */
    private static String answer(String data, List<GroupResult> on) {
        List<String> parts = new ArrayList<>();
        for (var arch : on.stream().map(GroupResult::arch).distinct().toList()) {
            List<GroupResult> a = on.stream().filter(g -> g.arch() == arch).toList();
            List<String> perLr = new ArrayList<>();
            for (double lr : a.stream().mapToDouble(GroupResult::lr).distinct().sorted().toArray()) {
                List<GroupResult> runs = a.stream().filter(g -> g.lr() == lr)
                        .sorted(Comparator.comparingInt(GroupResult::steps)).toList();
                GroupResult first = runs.get(0);
                GroupResult last = runs.get(runs.size() - 1);
                perLr.add(f("lr %.0e: in-span shared %.3f at %d steps -> %.3f at %d (raw shared %.3f -> %.3f)", lr,
                        first.span().shared().mean(), first.steps(), last.span().shared().mean(), last.steps(),
                        first.raw().shared().mean(), last.raw().shared().mean()));
            }
            parts.add(arch.wireName() + " (" + String.join("; ", perLr) + ")");
        }
        return f("On %s, training longer moves stability as follows: %s. Groups here train to their step count "
                + "(convergence is labelled, never stops them).", data, String.join("; ", parts));
    }
}
