package dev.husai.app.report;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.sweep.GroupResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code husai report SWEEP_DIR}: the sweep's report from the groups' summaries (works on a partial sweep too). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the sweep report (HTML + Markdown + PNG/SVG figures + CSV tables) from SWEEP_DIR's group summaries.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "output directory of husai sweep") Path dir;
    @Option(names = "--out", description = "report directory (default: SWEEP_DIR/report)") Path out;
    @Option(names = "--title", description = "report title (default: the sweep directory's name)") String title;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        List<GroupResult> results = load(dir);
        Path html = new ReportWriter(title != null ? title : dir.toAbsolutePath().normalize().getFileName().toString(),
                results, out != null ? out : dir.resolve("report")).write();
        System.out.println("husai report: " + results.size() + " groups -> " + html);
        return 0;
    }

    /** Every {@code GROUP/summary.json} directly under {@code dir}. */
    public static List<GroupResult> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected a sweep directory (output of husai sweep), found " + dir);
        }
        try (Stream<Path> groups = Files.list(dir)) {
            List<GroupResult> out = groups.map(g -> g.resolve(SummaryFile.NAME)).filter(Files::isRegularFile).sorted()
                    .map(f -> SummaryFile.read(f).result()).toList();
            if (out.isEmpty()) {
                throw new IllegalArgumentException("expected finished groups (GROUP/" + SummaryFile.NAME + ") under " + dir
                        + ", found none");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
