package dev.husai.web.replay;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.stream.replay.Recording;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
        FloatMatrix baseFD = gaussian(F, D, 1);
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
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", SaeSnapshot.FORMAT_VERSION);
        m.put("group", group);
        m.put("seed", Long.toString(seed));
        m.put("step", Long.toString(step));
        m.put("arch", "topk");
        m.put("hook", "resid_post");
        m.put("k", "2");
        m.put("mse", "0.01");
        SplittableRandom r = new SplittableRandom(seed * 1000 + step);
        float[] dec = new float[F * D];
        double noise = 2.0 / step;
        for (int i = 0; i < F * D; i++) {
            int row = (int) ((i / D + seed * 5) % F);
            dec[i] = baseFD.data()[row * D + i % D] + (float) (noise * (r.nextDouble() * 2 - 1));
        }
        FloatMatrix decFD = new FloatMatrix(F, D, dec);
        return new SaeSnapshot(m, new SaeWeights(decFD.transpose(), decFD, new float[F], new float[D], null));
    }

    private static FloatMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, x);
    }
}
