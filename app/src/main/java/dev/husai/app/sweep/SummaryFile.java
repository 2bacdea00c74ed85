package dev.husai.app.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.husai.app.analyze.SnapshotSet;
import dev.husai.core.sweep.GroupResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code SWEEP_DIR/GROUP/summary.json}: a finished group's {@link GroupResult} with the seeds and the wall time
 * it took. Its presence marks the group done (a resumed sweep skips it); it is written atomically, so an
 * interrupted write never leaves a half file that would count as done.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param seeds         the seeds trained
 * @param wallSeconds   training + summarising wall time
 * @param result        the group's figures
 * @param summarySeconds of {@code wallSeconds}, the time spent on stability figures: the curve points computed
 *                      while training plus the final summary (null in summaries written before it was recorded;
 *                      the rest is training, snapshots and the testbed probe)
 */
public record SummaryFile(int formatVersion, List<Long> seeds, double wallSeconds, GroupResult result,
                          Double summarySeconds) {

    /** A summary without the summarising time (older layout, resummarised groups). */
    public SummaryFile(int formatVersion, List<Long> seeds, double wallSeconds, GroupResult result) {
        this(formatVersion, seeds, wallSeconds, result, null);
    }

    /** Version of this file's layout. */
    public static final int FORMAT_VERSION = 1;
    /** File name inside a group directory. */
    public static final String NAME = "summary.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes {@code GROUP_DIR/summary.json} through a temporary file and an atomic move. */
    public void write(Path groupDir) {
        try {
            Path tmp = groupDir.resolve(NAME + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, groupDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + groupDir.resolve(NAME), e);
        }
    }

    /**
     * Reads a summary; a file that is not one is an error naming it. A summary written before widths were numbers of
     * latents has {@code expansion} but no {@code dSae}: d_sae is then read from one of the group's snapshots.
     */
    public static SummaryFile read(Path file) {
        try {
            SummaryFile s = JSON.readValue(file.toFile(), SummaryFile.class);
            if (s.formatVersion() != FORMAT_VERSION || s.result() == null) {
                throw new IllegalArgumentException(file + ": expected a HUSAI group summary (format_version "
                        + FORMAT_VERSION + "), found version " + s.formatVersion());
            }
            return s.result().dSae() > 0 ? s : new SummaryFile(s.formatVersion(), s.seeds(), s.wallSeconds(),
                    s.result().withDSae(SnapshotSet.first(file.getParent()).weights().dSae()), s.summarySeconds());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": expected a HUSAI group summary, found " + e.getMessage(), e);
        }
    }
}
