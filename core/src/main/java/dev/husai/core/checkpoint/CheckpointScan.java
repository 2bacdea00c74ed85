package dev.husai.core.checkpoint;

import dev.husai.core.io.InputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peers' checkpoints of one run: a directory with one sub-directory per seed. Inside a seed folder (up to three
 * levels down) every SAELens, sparsify or dictionary_learning folder is one checkpoint:
 * <ul>
 *   <li>SAELens' trainer writes {@code CHECKPOINT_PATH/RUN_ID/N/} every so many samples and {@code final_N/} at the
 *       end (N = training samples seen): the step is N;</li>
 *   <li>sparsify's overwrites {@code SAVE_DIR/RUN/HOOKPOINT/} in place and records {@code global_step} in
 *       {@code RUN/state.pt}: the step is that ({@link TorchStep}), else 0; {@code RUN/best/} is skipped;</li>
 *   <li>any other checkpoint folder is step 0.</li>
 * </ul>
 * The seed is the trailing number of the seed folder's name ({@code seed-3}, {@code s3}, {@code 3}), else its
 * position in name order. A seed folder must hold checkpoints of one hookpoint.
 */
public final class CheckpointScan {
    private static final Pattern TRAILING = Pattern.compile("(\\d+)$");
    private static final Pattern SAELENS_STEP = Pattern.compile("(?:final_)?(\\d+)");
    private static final int DEPTH = 3;

    private CheckpointScan() {
    }

    /** One checkpoint of one seed. */
    public record Found(Path path, CheckpointFormat format, int seed, long step) {
    }

    /** Every checkpoint under {@code dir}, seed folder by seed folder. */
    public static List<Found> perSeed(Path dir) {
        List<Path> seedDirs = InputFiles.list(dir, "a directory with one sub-directory per seed").stream()
                .filter(InputFiles::isDirectory).toList();
        List<Found> out = new ArrayList<>();
        Map<Integer, Path> seen = new LinkedHashMap<>();
        for (int i = 0; i < seedDirs.size(); i++) {
            Path s = seedDirs.get(i);
            int seed = seedOf(s.getFileName().toString(), i);
            Path before = seen.put(seed, s);
            if (before != null) {
                throw new IllegalArgumentException("expected one folder per seed under " + dir + ", found seed " + seed
                        + " twice: " + before.getFileName() + " and " + s.getFileName());
            }
            out.addAll(inSeedFolder(s, seed));
        }
        return out;
    }

    /** The checkpoints in one seed folder, by step. */
    public static List<Found> inSeedFolder(Path seedDir, int seed) {
        List<Path> folders = new ArrayList<>();
        collect(seedDir, 0, folders);
        Map<Long, Found> byStep = new LinkedHashMap<>();
        TreeSet<String> hooks = new TreeSet<>();
        for (Path f : folders) {
            CheckpointFormat format = Checkpoints.folderFormat(f);
            if (format == CheckpointFormat.SPARSIFY) {
                hooks.add(f.getFileName().toString());
            }
            byStep.putIfAbsent(step(f, format), new Found(f, format, seed, step(f, format)));
        }
        if (hooks.size() > 1) {
            throw new IllegalArgumentException("expected checkpoints of one hookpoint in " + seedDir + ", found " + hooks);
        }
        List<Found> out = new ArrayList<>(byStep.values());
        out.sort(Comparator.comparingLong(Found::step));
        return out;
    }

    /** The seed a folder name states (its trailing number), else {@code index}. */
    public static int seedOf(String name, int index) {
        Matcher m = TRAILING.matcher(name);
        if (m.find() && m.group(1).length() <= 9) {
            return Integer.parseInt(m.group(1));
        }
        return index;
    }

    /** The training step of one checkpoint folder (see the class comment). */
    public static long step(Path folder, CheckpointFormat format) {
        String name = folder.getFileName().toString();
        if (format == CheckpointFormat.SAELENS) {
            Matcher m = SAELENS_STEP.matcher(name);
            return m.matches() && m.group(1).length() <= 18 ? Long.parseLong(m.group(1)) : 0;
        }
        if (format == CheckpointFormat.SPARSIFY) {
            Path state = folder.toAbsolutePath().getParent().resolve("state.pt");
            if (InputFiles.isFile(state)) {
                OptionalLong step = TorchStep.globalStep(InputFiles.readBytes(state, "sparsify's state.pt"));
                return step.orElse(0);
            }
        }
        return 0;
    }

    private static void collect(Path dir, int depth, List<Path> out) {
        if (Checkpoints.folderFormat(dir) != null) {
            out.add(dir);
            return;
        }
        if (depth >= DEPTH) {
            return;
        }
        for (Path p : InputFiles.list(dir, "a seed folder")) {
            if (InputFiles.isDirectory(p) && !p.getFileName().toString().equals("best")) {
                collect(p, depth + 1, out);
            }
        }
    }
}
