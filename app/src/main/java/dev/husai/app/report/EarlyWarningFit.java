package dev.husai.app.report;

import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.sweep.EarlyWarning;
import dev.husai.core.sweep.EarlyWarningEvaluation;
import dev.husai.core.sweep.GroupResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Maintainer tool: fits the {@link EarlyWarning} model on the group summaries under one or more sweep directories
 * (study parts side by side) and writes it, with its leave-one-group-out scores, as the web UI's shipped model:
 * <pre>
 *   java -cp app/target/husai.jar dev.husai.app.report.EarlyWarningFit \
 *       web/src/main/resources/dev/husai/web/early-warning.json runs/study/song runs/study/bench ...
 * </pre>
 * A summary is {@code DIR/GROUP/summary.json} or {@code DIR/GROUP.summary.json} (a report's {@code groups/} copy).
 * A group id met twice (a rerun) is kept once, the first time. {@code husai report} writes the same file for one sweep ({@link EarlyWarningSection#MODEL_FILE}).
 */
public final class EarlyWarningFit {
    private EarlyWarningFit() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EarlyWarningFit OUT.json SWEEP_DIR...: expected an output file and at least one "
                    + "sweep directory, found " + args.length + " argument(s)");
            System.exit(2);
        }
        List<GroupResult> results = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        int duplicates = 0;
        for (int i = 1; i < args.length; i++) {
            for (GroupResult g : load(Path.of(args[i]))) {
                if (ids.add(g.group())) {
                    results.add(g);
                } else {
                    duplicates++; // a rerun of the same group would sit beside itself in leave-one-group-out
                }
            }
        }
        System.out.println(duplicates + " summaries of a group id seen before left out (the first one is kept)");
        EarlyWarningEvaluation logo = EarlyWarningEvaluation.leaveOneGroupOut(results);
        EarlyWarning model = EarlyWarning.fit(results).withLogo(logo.scores());
        try {
            Path out = Path.of(args[0]);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, model.toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + args[0], e);
        }
        System.out.println(results.size() + " summaries -> " + args[0]);
        System.out.println(EarlyWarningSection.answer(logo.scores()));
    }

    /** The summaries under {@code dir}: {@code GROUP/summary.json} and {@code GROUP.summary.json}, sorted by path. */
    static List<GroupResult> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected a sweep directory, found " + dir);
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(f -> Files.isRegularFile(f) && (f.getFileName().toString().equals(SummaryFile.NAME)
                    || f.getFileName().toString().endsWith("." + SummaryFile.NAME))).sorted()
                    .map(f -> SummaryFile.read(f).result()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }
}
