package dev.husai.app.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@code husai watch} has published, one line {@code SEED STEP} per snapshot, appended after the broker
 * acknowledged it (a crash between the two re-sends at most that one snapshot). Lines that are not two integers
 * (a line cut by a crash, the comment line) are ignored.
 */
public final class PublishedLog {
    private final Path file;
    private final Set<String> published = new HashSet<>();

    private PublishedLog(Path file) {
        this.file = file;
    }

    /** Opens (creating when absent) the state file of one watched group. */
    public static PublishedLog open(Path file, String group) {
        PublishedLog log = new PublishedLog(file);
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 2 && parts[0].matches("-?\\d+") && parts[1].matches("\\d+")) {
                        log.published.add(key(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
                    }
                }
            } else {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, "# husai watch: snapshots of group " + group + " published (seed step)\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("expected a readable and writable watch state file at " + file + ", found "
                    + e.getMessage(), e);
        }
        return log;
    }

    public boolean contains(int seed, long step) {
        return published.contains(key(seed, step));
    }

    /** Records a published snapshot (appends one line). */
    public void add(int seed, long step) {
        try {
            Files.writeString(file, seed + " " + step + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("expected to append to the watch state file " + file + ", found "
                    + e.getMessage(), e);
        }
        published.add(key(seed, step));
    }

    /** Snapshots recorded. */
    public int size() {
        return published.size();
    }

    private static String key(int seed, long step) {
        return seed + ":" + step;
    }
}
