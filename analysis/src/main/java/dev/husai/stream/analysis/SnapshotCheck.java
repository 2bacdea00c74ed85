package dev.husai.stream.analysis;

import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;

/**
 * Edge validation of one snapshot record: decodes the safetensors value and checks what the analysis needs.
 * Every failure names what was expected and what was found; the caller sends rejected records to the
 * dead-letter topic with {@link Result#reason()}.
 */
public final class SnapshotCheck {

    private SnapshotCheck() {
    }

    /**
     * Outcome of the check.
     *
     * @param snapshot  the decoded snapshot, or null when it could not be decoded / identified
     * @param seed      seed (valid when {@code snapshot} is non-null)
     * @param step      step (valid when {@code snapshot} is non-null)
     * @param reason    null when accepted; else why the record is rejected
     * @param nonFinite true when the only problem is NaN/Inf weights (an alert is raised too)
     */
    public record Result(SaeSnapshot snapshot, long seed, long step, String reason, boolean nonFinite) {
        /** True when the record can be analysed. */
        public boolean accepted() {
            return reason == null;
        }
    }

    /** Checks a record with {@code key} (the group id) and {@code value} (safetensors bytes). */
    public static Result check(String key, byte[] value) {
        if (value == null || value.length == 0) {
            return reject(null, 0, 0, "expected a safetensors snapshot value, found " + (value == null ? "null" : "0 bytes"));
        }
        SaeSnapshot s;
        try {
            s = SaeSnapshot.decode(value);
        } catch (SafetensorsException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return reject(null, 0, 0, "not a valid snapshot: " + e.getMessage());
        }
        String group = s.meta("group", null);
        if (group == null || !group.equals(key)) {
            return reject(null, 0, 0, "expected record key = metadata group, found key " + key + ", group " + group);
        }
        long seed;
        long step;
        try {
            seed = SnapshotMetadata.integer(s, "seed");
            step = SnapshotMetadata.integer(s, "step");
            GroupSetting.of(s);
        } catch (IllegalArgumentException e) {
            return reject(null, 0, 0, e.getMessage());
        }
        String bad = s.weights().firstNonFinite();
        if (bad != null) {
            return new Result(s, seed, step, "expected finite weights, found " + bad, true);
        }
        return new Result(s, seed, step, null, false);
    }

    private static Result reject(SaeSnapshot s, long seed, long step, String reason) {
        return new Result(s, seed, step, reason, false);
    }
}
