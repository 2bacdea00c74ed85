package dev.husai.app.watch;

import dev.husai.core.checkpoint.CheckpointFormat;
import dev.husai.core.checkpoint.CheckpointScan;
import dev.husai.core.checkpoint.Checkpoints;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * One pass ({@link #poll}) over the seed folders of an external run: each checkpoint {@link CheckpointScan} finds
 * there (SAELens' step folders, sparsify's hookpoint folder with its {@code state.pt} step) is published once, in
 * step order per seed, when it is complete:
 * <ul>
 *   <li>still being written: its files' names, sizes and modification times (and sparsify's {@code state.pt}) must
 *       be unchanged for {@code settleMillis}; a checkpoint that is not yet stable holds back the seed's later ones
 *       (which are watched meanwhile, so that they settle together);</li>
 *   <li>already sent (this run or before a restart): skipped ({@link PublishedLog});</li>
 *   <li>unreadable once stable (truncated, wrong shapes, too large for the topic): logged and skipped until its files
 *       change;</li>
 *   <li>vanished between listing and reading: logged and skipped.</li>
 * </ul>
 * Each snapshot carries {@code group} (the run), {@code seed} (from the folder) and {@code step}.
 */
public final class CheckpointWatcher {
    private record Seen(String fingerprint, long since) {
    }

    private final List<Path> seedDirs;
    private final String group;
    private final SnapshotSink sink;
    private final PublishedLog log;
    private final long settleMillis;
    private final LongSupplier clock;
    private final Consumer<String> out;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, String> failed = new HashMap<>();
    private final Map<Path, String> folderErrors = new HashMap<>();

    public CheckpointWatcher(List<Path> seedDirs, String group, SnapshotSink sink, PublishedLog log, long settleMillis,
                             LongSupplier clock, Consumer<String> out) {
        if (seedDirs.isEmpty() || settleMillis < 0) {
            throw new IllegalArgumentException("expected at least one seed folder and a settle time >= 0, found "
                    + seedDirs.size() + " folders, " + settleMillis + " ms");
        }
        this.seedDirs = List.copyOf(seedDirs);
        this.group = group;
        this.sink = sink;
        this.log = log;
        this.settleMillis = settleMillis;
        this.clock = clock;
        this.out = out;
    }

    /** The seed of each folder: its trailing number, else its position among the folders. */
    public Map<Path, Integer> seeds() {
        Map<Path, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < seedDirs.size(); i++) {
            int seed = CheckpointScan.seedOf(seedDirs.get(i).toAbsolutePath().normalize().getFileName().toString(), i);
            if (m.containsValue(seed)) {
                throw new IllegalArgumentException("expected one folder per seed, found seed " + seed + " twice ("
                        + seedDirs.get(i) + ")");
            }
            m.put(seedDirs.get(i), seed);
        }
        return m;
    }

    /** One pass over every seed folder; returns how many snapshots it published. */
    public int poll() {
        int published = 0;
        for (Map.Entry<Path, Integer> e : seeds().entrySet()) {
            published += pollSeed(e.getKey(), e.getValue());
        }
        return published;
    }

    private int pollSeed(Path dir, int seed) {
        List<CheckpointScan.Found> found;
        try {
            found = Files.isDirectory(dir) ? CheckpointScan.inSeedFolder(dir, seed) : List.of();
            folderErrors.remove(dir);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            if (!e.getMessage().equals(folderErrors.put(dir, e.getMessage()))) {
                out.accept("watch: seed " + seed + " skipped for now: " + e.getMessage());
            }
            return 0;
        }
        int published = 0;
        boolean blocked = false;
        for (CheckpointScan.Found f : found) {
            if (log.contains(seed, f.step())) {
                continue;
            }
            String fp = fingerprint(f);
            if (fp == null) {
                out.accept("watch: seed " + seed + " step " + f.step() + " vanished before it was read: " + f.path());
                blocked = true;
                continue;
            }
            String key = seed + ":" + f.step();
            Seen before = seen.get(key);
            long now = clock.getAsLong();
            if (before == null || !before.fingerprint().equals(fp)) {
                seen.put(key, new Seen(fp, now));
                blocked = true;
            } else if (now - before.since() < settleMillis) {
                blocked = true;
            } else if (!blocked && !fp.equals(failed.get(key))) {
                published += publish(f, fp, key);
            }
        }
        return published;
    }

    private int publish(CheckpointScan.Found f, String fp, String key) {
        try {
            SaeSnapshot read = Checkpoints.read(f.path());
            Map<String, String> meta = new LinkedHashMap<>(read.metadata());
            meta.put("group", group);
            meta.put("seed", Integer.toString(f.seed()));
            meta.put("step", Long.toString(f.step()));
            sink.accept(new SaeSnapshot(meta, read.weights()));
            log.add(f.seed(), f.step());
            out.accept("watch: published " + group + " seed " + f.seed() + " step " + f.step() + " (" + f.format().wireName()
                    + ", d_sae " + read.weights().dSae() + ") from " + f.path());
            return 1;
        } catch (IllegalArgumentException | SafetensorsException | UncheckedIOException e) {
            if (!Files.exists(f.path())) {
                out.accept("watch: seed " + f.seed() + " step " + f.step() + " vanished before it was read: " + f.path());
                return 0;
            }
            failed.put(key, fp);
            out.accept("watch: seed " + f.seed() + " step " + f.step() + " skipped: " + e.getMessage());
            return 0;
        }
    }

    /** Names, sizes and modification times of a checkpoint's files (and sparsify's state.pt); null when it vanished. */
    static String fingerprint(CheckpointScan.Found f) {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.list(f.path())) {
            for (Path p : files.sorted().toList()) {
                s.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis()).append(';');
            }
            if (f.format() == CheckpointFormat.SPARSIFY) {
                Path state = f.path().toAbsolutePath().getParent().resolve("state.pt");
                if (Files.exists(state)) {
                    s.append("state.pt:").append(Files.size(state)).append(':')
                            .append(Files.getLastModifiedTime(state).toMillis());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        return s.toString();
    }
}
