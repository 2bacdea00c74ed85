package dev.husai.app.report;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.sweep.GroupResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code husai report SWEEP_DIR [SWEEP_DIR...]}: one report from the groups' summaries of one or more sweeps (works
 * on partial sweeps too).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the study report (HTML + Markdown + PNG/SVG figures + CSV tables) from the group summaries "
                + "of one or more sweep directories.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SWEEP_DIR", description = "output directories of husai sweep") List<Path> dirs;
    @Option(names = "--out", description = "report directory (default: SWEEP_DIR/report for one directory, "
            + "PARENT/report of the first one for several)") Path out;
    @Option(names = "--title", description = "report title (default: the sweep directories' names)") String title;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        List<GroupRun> runs = loadRuns(dirs);
        Path html = new ReportWriter(runs, title != null ? title : defaultTitle(dirs), out != null ? out : defaultOut(dirs))
                .write();
        System.out.println("husai report: " + runs.size() + " groups from " + dirs.size() + " sweep(s) -> " + html);
        return 0;
    }

    static String defaultTitle(List<Path> dirs) {
        return String.join(" + ", dirs.stream().map(ReportCommand::name).toList());
    }

    static Path defaultOut(List<Path> dirs) {
        Path first = dirs.get(0).toAbsolutePath().normalize();
        return dirs.size() == 1 || first.getParent() == null ? dirs.get(0).resolve("report") : first.getParent().resolve("report");
    }

    /** Every {@code GROUP/summary.json} directly under {@code dir}. */
    public static List<GroupResult> load(Path dir) {
        return summaries(dir).stream().map(f -> SummaryFile.read(f).result()).toList();
    }

    /** The groups of every directory, each with its sweep's name and the timings its summary recorded. */
    static List<GroupRun> loadRuns(List<Path> dirs) {
        List<GroupRun> out = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path f : summaries(dir)) {
                SummaryFile s = SummaryFile.read(f);
                out.add(new GroupRun(s.result(), name(dir), s.wallSeconds(), s.summarySeconds()));
            }
        }
        return out;
    }

    private static List<Path> summaries(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected a sweep directory (output of husai sweep), found " + dir);
        }
        try (Stream<Path> groups = Files.list(dir)) {
            List<Path> out = groups.map(g -> g.resolve(SummaryFile.NAME)).filter(Files::isRegularFile).sorted().toList();
            if (out.isEmpty()) {
                throw new IllegalArgumentException("expected finished groups (GROUP/" + SummaryFile.NAME + ") under " + dir
                        + ", found none");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }
}
