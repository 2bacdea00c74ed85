package dev.husai.web.replay;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.replay.Recording;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny recording for tests: {@code seeds} seeds of group {@code g} (D = 8, F = 16, TopK k = 2) at steps 10, 20, ...,
 * {@code 10 x steps}, 100 ms apart per step; every seed is a row permutation of one base dictionary plus noise that
 * shrinks with the step, so the seeds converge.
 */
public final class RecordingFixture {
    static final int D = 8;
    static final int F = 16;

    private RecordingFixture() {
    }

    public static List<Recording.Entry> entries(String group, int seeds, int steps) {
        FloatMatrix baseFD = SyntheticSaes.gaussian(F, D, 1);
        List<Recording.Entry> out = new ArrayList<>();
        for (int i = 1; i <= steps; i++) {
            long step = 10L * i;
            for (long seed = 0; seed < seeds; seed++) {
                out.add(new Recording.Entry(1_000_000L + 100L * i, group, snapshot(group, seed, step, baseFD).encode(DType.F32)));
            }
        }
        return out;
    }

    private static SaeSnapshot snapshot(String group, long seed, long step, FloatMatrix baseFD) {
        Map<String, String> m = SnapshotMetadata.required(group, seed, step, "topk", "resid_post");
        m.put("k", "2");
        m.put("mse", "0.01");
        return new SaeSnapshot(m, SyntheticSaes.permutedCopy(baseFD, seed, 2.0 / step, seed * 1000 + step));
    }
}
