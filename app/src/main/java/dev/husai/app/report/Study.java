package dev.husai.app.report;

import dev.husai.core.config.HookPoint;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.GroupResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The groups a report covers, each with its data token, and the per-question tables the sections produce (written
 * as {@code tables/NAME.csv}).
 *
 * <p>The data token is the group's hook ({@code resid_post}, {@code mlp_post}) or, for the user's own / synthetic
 * activations, the activations' name; when several sweeps use activations of one name, {@code SWEEP/NAME} keeps them
 * apart.
 */
final class Study {
    private final List<GroupRun> runs;
    private final Map<GroupResult, GroupRun> runOf = new IdentityHashMap<>();
    private final Map<GroupResult, String> dataOf = new IdentityHashMap<>();
    private final Map<String, Doc.Table> tables = new LinkedHashMap<>();

    Study(List<GroupRun> unsorted) {
        Map<String, Long> sweepsPerHook = new LinkedHashMap<>();
        unsorted.stream().map(r -> hook(r.result()) + "\u0000" + r.sweep()).distinct()
                .forEach(k -> sweepsPerHook.merge(k.substring(0, k.indexOf('\u0000')), 1L, Long::sum));
        java.util.Set<String> schedules = sweepsWithSchedules(unsorted);
        for (GroupRun r : unsorted) {
            String hook = hook(r.result());
            boolean prefix = !r.sweep().isEmpty() && (schedules.contains(r.sweep())
                    || !testbed(r.result()) && sweepsPerHook.get(hook) > 1);
            dataOf.put(r.result(), prefix ? r.sweep() + "/" + hook : hook);
            runOf.put(r.result(), r);
        }
        this.runs = unsorted.stream().sorted(Comparator.comparing((GroupRun r) -> dataOf.get(r.result()))
                .thenComparing(r -> r.result().arch()).thenComparingInt(r -> r.result().dSae())
                .thenComparingDouble(r -> r.result().sparsity()).thenComparingDouble(r -> r.result().lr())
                .thenComparingInt(r -> r.result().steps()).thenComparing(r -> r.result().group())).toList();
    }

    /**
     * The sweeps that train one cell (arch, d_sae, sparsity) under several schedules (an lr or steps axis): their groups
     * get a data token of their own ({@code SWEEP/HOOK}), so the width and ranking questions compare like with like
     * and {@link LrSteps} reads the schedule axis.
     */
    private static java.util.Set<String> sweepsWithSchedules(List<GroupRun> runs) {
        Map<String, Long> perCell = new LinkedHashMap<>();
        for (GroupRun r : runs) {
            GroupResult g = r.result();
            perCell.merge(r.sweep() + "\u0000" + hook(g) + " " + gridCell(g), 1L, Long::sum);
        }
        java.util.Set<String> out = new java.util.TreeSet<>();
        perCell.forEach((cell, n) -> {
            if (n > 1) {
                out.add(cell.substring(0, cell.indexOf('\u0000')));
            }
        });
        return out;
    }

    /** Whether the data token's groups vary lr or steps within a cell (a schedule sweep). */
    boolean schedules(String data) {
        List<GroupResult> on = on(data);
        return on.stream().map(Study::gridCell).distinct().count() < on.size();
    }

    /** A group's grid cell without its schedule: arch, d_sae and sparsity. */
    private static String gridCell(GroupResult g) {
        return g.arch() + " " + g.dSae() + " " + g.sparsity();
    }

    List<GroupRun> runs() {
        return runs;
    }

    List<GroupResult> results() {
        return runs.stream().map(GroupRun::result).toList();
    }

    GroupRun run(GroupResult g) {
        return runOf.get(g);
    }

    /** The group's data token. */
    String data(GroupResult g) {
        return dataOf.get(g);
    }

    /** The data tokens in report order. */
    List<String> datasets() {
        return runs.stream().map(r -> data(r.result())).distinct().toList();
    }

    /** The groups on one data token, in report order. */
    List<GroupResult> on(String data) {
        return results().stream().filter(g -> data(g).equals(data)).toList();
    }

    /** Whether the group was trained on the testbed (a testbed hook, or Fourier figures when the hook is unrecorded). */
    static boolean testbed(GroupResult g) {
        return g.hook() == null ? Double.isFinite(g.fourierRecovered()) : HookPoint.of(g.hook()).isTestbed();
    }

    private static String hook(GroupResult g) {
        return g.hook() == null ? "hook not recorded" : g.hook();
    }

    /** Adds a table to the document and keeps it for {@code tables/NAME.csv}. */
    void table(Doc doc, String csvName, List<String> header, List<List<String>> rows) {
        Doc.Table t = new Doc.Table(header, rows);
        tables.put(csvName, t);
        doc.add(t);
    }

    Map<String, Doc.Table> tables() {
        return tables;
    }

    /** A group's name, with "(not converged)" when its curve had not converged. */
    static String named(GroupResult g) {
        return g.converged() ? g.group() : g.group() + " (not converged)";
    }

    /** A group's place in the grid: {@code resid_post topk d_sae 64 k=8}, with "(not converged)" when so. */
    String cell(GroupResult g) {
        return data(g) + " " + g.arch().wireName() + " d_sae " + g.dSae() + " " + g.sparsityName() + "="
                + ReportFigures.label(g.sparsity()) + (g.converged() ? "" : " (not converged)");
    }

    /** {@code 0.812 [0.790, 0.834]}. */
    static String ci(Summary s) {
        return s == null ? "n/a" : f("%.3f [%.3f, %.3f]", s.mean(), s.ci95Low(), s.ci95High());
    }

    /** A number with 3 decimals, {@code n/a} when not finite. */
    static String n3(double v) {
        return Double.isFinite(v) ? f("%.3f", v) : "n/a";
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The first {@code max} items joined by ", ", with ", ..." when some were left out. */
    static String list(List<String> items, int max) {
        List<String> shown = new ArrayList<>(items.subList(0, Math.min(max, items.size())));
        return String.join(", ", shown) + (items.size() > max ? ", ... (" + (items.size() - max) + " more)" : "");
    }
}
