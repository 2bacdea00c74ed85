package dev.husai.app.analyze;

import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The snapshots of one group found under a directory (any depth), one per seed: the snapshot at the
 * requested step, else the latest. A directory holding several groups, a file that is not an SAE
 * snapshot, or fewer than two seeds is an error that names the culprit.
 */
public record SnapshotSet(String group, Map<Integer, SaeSnapshot> bySeed, Map<Integer, Path> files) {

    /** Loads; {@code step} < 0 means the latest step of each seed. */
    public static SnapshotSet load(Path dir, long step) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected a directory of SAE snapshots, found " + dir);
        }
        Map<Integer, SaeSnapshot> chosen = new TreeMap<>();
        Map<Integer, Path> files = new TreeMap<>();
        TreeSet<String> groups = new TreeSet<>();
        for (Path file : safetensorsUnder(dir)) {
            SaeSnapshot s = read(file);
            groups.add(s.meta("group", "<none>"));
            int seed = intMeta(s, "seed", file);
            long at = intMeta(s, "step", file);
            SaeSnapshot current = chosen.get(seed);
            boolean better = current == null || (step < 0 ? at > stepOf(current) : at == step);
            if ((step < 0 || at == step) && better) {
                chosen.put(seed, s);
                files.put(seed, file);
            }
        }
        if (groups.size() > 1) {
            throw new IllegalArgumentException("expected snapshots of one group under " + dir + ", found groups " + groups);
        }
        if (chosen.size() < 2) {
            throw new IllegalArgumentException("expected snapshots of at least 2 seeds" + (step >= 0 ? " at step " + step : "")
                    + " under " + dir + ", found " + chosen.size());
        }
        return new SnapshotSet(groups.first(), chosen, files);
    }

    /**
     * Every step at which at least two seeds have a snapshot, one set per step, ascending; one pass over the
     * files. The same group rules as {@link #load} apply.
     */
    public static TreeMap<Long, SnapshotSet> byStep(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected a directory of SAE snapshots, found " + dir);
        }
        TreeMap<Long, Map<Integer, SaeSnapshot>> snaps = new TreeMap<>();
        TreeMap<Long, Map<Integer, Path>> paths = new TreeMap<>();
        TreeSet<String> groups = new TreeSet<>();
        for (Path file : safetensorsUnder(dir)) {
            SaeSnapshot s = read(file);
            groups.add(s.meta("group", "<none>"));
            long at = intMeta(s, "step", file);
            int seed = intMeta(s, "seed", file);
            snaps.computeIfAbsent(at, k -> new TreeMap<>()).put(seed, s);
            paths.computeIfAbsent(at, k -> new TreeMap<>()).put(seed, file);
        }
        if (groups.size() > 1) {
            throw new IllegalArgumentException("expected snapshots of one group under " + dir + ", found groups " + groups);
        }
        TreeMap<Long, SnapshotSet> out = new TreeMap<>();
        snaps.forEach((at, bySeed) -> {
            if (bySeed.size() >= 2) {
                out.put(at, new SnapshotSet(groups.first(), bySeed, paths.get(at)));
            }
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected snapshots of at least 2 seeds at one step under " + dir + ", found none");
        }
        return out;
    }

    private static List<Path> safetensorsUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, 4)) {
            return walk.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SaeSnapshot read(Path file) {
        try {
            return SaeSnapshot.decode(Files.readAllBytes(file));
        } catch (SafetensorsException e) {
            throw new SafetensorsException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intMeta(SaeSnapshot s, String key, Path file) {
        String v = s.meta(key, null);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": expected integer metadata " + key + ", found " + v);
        }
    }

    private static long stepOf(SaeSnapshot s) {
        return Long.parseLong(s.meta("step", "0"));
    }

    /** Seeds in ascending order. */
    public List<Integer> seeds() {
        return new ArrayList<>(bySeed.keySet());
    }
}
