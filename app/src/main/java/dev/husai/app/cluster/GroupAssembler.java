package dev.husai.app.cluster;

import dev.husai.app.sweep.SummaryFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes the records of {@link GroupShipment} back into {@code OUT/GROUP/...}: chunks appended in order into a
 * {@code .part} file moved into place at its last chunk; a group counts as done when its {@code summary.json} lands
 * (that file is the sweep's "done" marker, as in a local sweep). Only committed transactions are read, so a worker
 * that died while sending leaves nothing behind.
 */
final class GroupAssembler {
    private final Path out;
    private final String sweep;

    GroupAssembler(Path out, String sweep) {
        this.out = out;
        this.sweep = sweep;
    }

    /**
     * Writes one record; returns the group id when it completed the group's summary, else null (also for records
     * of another sweep, which are skipped).
     */
    String accept(ConsumerRecord<String, byte[]> r) {
        if (!sweep.equals(GroupShipment.header(r.headers(), GroupShipment.SWEEP))) {
            return null;
        }
        String group = GroupShipment.header(r.headers(), GroupShipment.GROUP);
        String path = GroupShipment.header(r.headers(), GroupShipment.PATH);
        int chunk = Integer.parseInt(GroupShipment.header(r.headers(), GroupShipment.CHUNK));
        int chunks = Integer.parseInt(GroupShipment.header(r.headers(), GroupShipment.CHUNKS));
        if (group == null || path == null || group.isEmpty() || group.startsWith(".") || group.contains("/") || group.contains("\\")) {
            throw new IllegalArgumentException("expected a result record with a group id and a path, found group " + group
                    + ", path " + path);
        }
        Path target = safe(out.resolve(group), path);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream o = Files.newOutputStream(part, chunk == 0
                    ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                    : new StandardOpenOption[] {StandardOpenOption.APPEND})) {
                o.write(r.value());
            }
            if (chunk == chunks - 1) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
        return chunk == chunks - 1 && path.equals(SummaryFile.NAME) ? group : null;
    }

    /** {@code dir/relative}, refusing paths that leave {@code dir} (a record is data, not a command). */
    private static Path safe(Path dir, String relative) {
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir.normalize()) || relative.isEmpty()) {
            throw new IllegalArgumentException("expected a file path inside the group directory, found " + relative);
        }
        return p;
    }
}
