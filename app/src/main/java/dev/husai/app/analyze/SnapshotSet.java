package dev.husai.app.analyze;

import dev.husai.core.checkpoint.CheckpointScan;
import dev.husai.core.checkpoint.Checkpoints;
import dev.husai.core.checkpoint.TensorFile;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
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
 * snapshot, or fewer than two seeds is an error that names the culprit. A directory of researchers' own SAEs
 * (SAELens, sparsify, dictionary_learning: one sub-directory per seed, see {@link CheckpointScan}) is one group named
 * after the directory, seeds and steps taken from the folders.
 */
public record SnapshotSet(String group, Map<Integer, SaeSnapshot> bySeed, Map<Integer, Path> files) {

    /** One snapshot file found under a directory; {@code snapshot} null when only its header was read. */
    private record Found(Path file, SaeSnapshot snapshot, int seed, long step) {
        SaeSnapshot decoded() {
            return snapshot != null ? snapshot : read(file);
        }
    }

    /**
     * One step's snapshot files, one per seed, of which only the headers were read ({@link #stepFiles}): {@link #load}
     * decodes them.
     */
    public static final class StepFiles {
        private final String group;
        private final List<Found> found;

        private StepFiles(String group, List<Found> found) {
            this.group = group;
            this.found = found;
        }

        /** Every seed's snapshot at this step, decoded now (an error naming the file if one does not decode). */
        public SnapshotSet load() {
            return of(group, found);
        }
    }

    /** The snapshots of one group under a directory, with the group's name. */
    private record Scan(String group, List<Found> found) {
    }

    /** Loads; {@code step} < 0 means the latest step of each seed. */
    public static SnapshotSet load(Path dir, long step) {
        Scan scan = scan(dir, true);
        Map<Integer, Found> chosen = new TreeMap<>();
        for (Found f : scan.found()) {
            Found current = chosen.get(f.seed());
            if (step < 0 ? current == null || f.step() > current.step() : f.step() == step && current == null) {
                chosen.put(f.seed(), f);
            }
        }
        if (chosen.size() < 2) {
            throw new IllegalArgumentException("expected snapshots of at least 2 seeds" + (step >= 0 ? " at step " + step : "")
                    + " under " + dir + ", found " + chosen.size());
        }
        return of(scan.group(), chosen.values());
    }

    /**
     * Every step at which at least two seeds have a snapshot, one set per step, ascending; one pass over the
     * files. The same group rules as {@link #load} apply.
     */
    public static TreeMap<Long, SnapshotSet> byStep(Path dir) {
        TreeMap<Long, SnapshotSet> out = new TreeMap<>();
        steps(scan(dir, true), dir).forEach((at, files) -> out.put(at, files.load()));
        return out;
    }

    /**
     * {@link #byStep}'s steps from the files' headers alone (group, seed, step), each decoded when loaded: a summary whose
     * curve points are already known needs only the last step's weights, not every step's (80 files, 340 MB, at 4,096
     * latents x 5 seeds x 16 steps). The same group rules as {@link #load}; a file that does not decode is an error
     * when its step is loaded.
     */
    public static TreeMap<Long, StepFiles> stepFiles(Path dir) {
        return steps(scan(dir, false), dir);
    }

    /** The scan's files by step, the steps with at least two seeds; none is an error naming {@code dir}. */
    private static TreeMap<Long, StepFiles> steps(Scan scan, Path dir) {
        TreeMap<Long, Map<Integer, Found>> steps = new TreeMap<>();
        for (Found f : scan.found()) {
            steps.computeIfAbsent(f.step(), k -> new TreeMap<>()).put(f.seed(), f);
        }
        TreeMap<Long, StepFiles> out = new TreeMap<>();
        steps.forEach((at, bySeed) -> {
            if (bySeed.size() >= 2) {
                out.put(at, new StepFiles(scan.group(), List.copyOf(bySeed.values())));
            }
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected snapshots of at least 2 seeds at one step under " + dir + ", found none");
        }
        return out;
    }

    /** The first snapshot file under {@code dir} (in path order), decoded; an error naming {@code dir} if none. */
    public static SaeSnapshot first(Path dir) {
        return safetensorsUnder(dir).stream().findFirst().map(SnapshotSet::read).orElseThrow(() ->
                new IllegalArgumentException("expected a snapshot (.safetensors) under " + dir + ", found none"));
    }

    private static SnapshotSet of(String group, java.util.Collection<Found> found) {
        Map<Integer, SaeSnapshot> snaps = new TreeMap<>();
        Map<Integer, Path> files = new TreeMap<>();
        for (Found f : found) {
            snaps.put(f.seed(), f.decoded());
            files.put(f.seed(), f.file());
        }
        return new SnapshotSet(group, snaps, files);
    }

    /**
     * Reads every snapshot under {@code dir} ({@code decode}: whole, else its header only); a missing directory or
     * several groups is an error naming them.
     */
    private static Scan scan(Path dir, boolean decode) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("expected a directory of SAE snapshots, found " + dir);
        }
        List<Path> files = safetensorsUnder(dir);
        if (files.isEmpty() && hasPeerWeights(dir)) {
            return scanPeers(dir);
        }
        List<Found> found = new ArrayList<>();
        TreeSet<String> groups = new TreeSet<>();
        for (Path file : files) {
            SaeSnapshot s = decode ? read(file) : null;
            Map<String, String> meta = s != null ? s.metadata() : TensorFile.open(file).metadata();
            groups.add(meta.getOrDefault("group", "<none>"));
            found.add(new Found(file, s, intMeta(meta, "seed", file), intMeta(meta, "step", file)));
        }
        if (groups.size() > 1) {
            throw new IllegalArgumentException("expected snapshots of one group under " + dir + ", found groups " + groups);
        }
        return new Scan(groups.isEmpty() ? "<none>" : groups.first(), found);
    }

    /** HUSAI snapshot files under {@code dir} (the peers' weights files left out). */
    private static List<Path> safetensorsUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, 4)) {
            return walk.filter(p -> p.toString().endsWith(".safetensors"))
                    .filter(p -> !Checkpoints.PEER_FILES.contains(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasPeerWeights(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, 5)) {
            return walk.anyMatch(p -> Checkpoints.PEER_FILES.contains(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SAELens/sparsify/dictionary_learning checkpoints, one sub-directory per seed: one group named after {@code dir}. */
    private static Scan scanPeers(Path dir) {
        String group = dir.toAbsolutePath().normalize().getFileName().toString();
        List<Found> found = new ArrayList<>();
        for (CheckpointScan.Found f : CheckpointScan.perSeed(dir)) {
            SaeSnapshot read = Checkpoints.read(f.path());
            Map<String, String> meta = new java.util.LinkedHashMap<>(read.metadata());
            meta.put("group", group);
            meta.put("seed", Integer.toString(f.seed()));
            meta.put("step", Long.toString(f.step()));
            found.add(new Found(f.path(), new SaeSnapshot(meta, read.weights()), f.seed(), f.step()));
        }
        return new Scan(group, found);
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

    private static int intMeta(Map<String, String> meta, String key, Path file) {
        try {
            return Math.toIntExact(SnapshotMetadata.integer(meta, key));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(file + ": expected integer metadata " + key + ", found " + meta.getOrDefault(key, "none"));
        }
    }

    /** Seeds in ascending order. */
    public List<Integer> seeds() {
        return new ArrayList<>(bySeed.keySet());
    }
}
