package dev.husai.stream.analysis;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny synthetic SAE snapshots (D = 16, F = 64 by default) for tests and benchmarks. */
public final class Snapshots {
    public static final int D = 16;
    public static final int F = 64;

    private Snapshots() {
    }

    /** Random Gaussian {@code [rows, cols]}. */
    public static FloatMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new FloatMatrix(rows, cols, x);
    }

    /**
     * A seed of a "stable" group: the shared base decoder {@code [F, D]} with its rows permuted by the seed
     * plus noise of amplitude {@code noise}; the encoder is the decoder transpose.
     */
    public static SaeWeights stable(FloatMatrix baseFD, long seed, double noise) {
        int f = baseFD.rows();
        int d = baseFD.cols();
        SplittableRandom r = new SplittableRandom(seed * 7919 + 1);
        int[] perm = new int[f];
        for (int i = 0; i < f; i++) {
            perm[i] = i;
        }
        for (int i = f - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] dec = new float[f * d];
        for (int i = 0; i < f; i++) {
            for (int c = 0; c < d; c++) {
                dec[i * d + c] = baseFD.data()[perm[i] * d + c] + (float) (noise * (r.nextDouble() * 2 - 1));
            }
        }
        FloatMatrix decFD = new FloatMatrix(f, d, dec);
        return new SaeWeights(decFD.transpose(), decFD, new float[f], new float[d], null);
    }

    /** Unrelated random weights. */
    public static SaeWeights random(int f, int d, long seed) {
        FloatMatrix decFD = gaussian(f, d, seed);
        return new SaeWeights(decFD.transpose(), decFD, new float[f], new float[d], null);
    }

    /** A snapshot with the standard metadata and {@code extra} keys. */
    public static SaeSnapshot snapshot(String group, long seed, long step, SaeWeights w, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", SaeSnapshot.FORMAT_VERSION);
        m.put("group", group);
        m.put("seed", Long.toString(seed));
        m.put("step", Long.toString(step));
        m.put("arch", "topk");
        m.put("hook", "resid_post");
        m.put("k", "4");
        m.put("mse", "0.01");
        m.put("dead_fraction", "0.05");
        m.putAll(extra);
        return new SaeSnapshot(m, w);
    }

    /** Encoded bytes (f32). */
    public static byte[] bytes(SaeSnapshot s) {
        return s.encode(DType.F32);
    }
}
