package dev.husai.stream.analysis;

import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Map;

/** Tiny synthetic SAE snapshots (D = 16, F = 64 by default) for tests and benchmarks. */
public final class Snapshots {
    public static final int D = 16;
    public static final int F = 64;

    private Snapshots() {
    }

    /** Random {@code [rows, cols]}, uniform in [-1, 1). */
    public static FloatMatrix gaussian(int rows, int cols, long seed) {
        return SyntheticSaes.uniform(rows, cols, seed);
    }

    /**
     * A seed of a "stable" group: the shared base decoder {@code [F, D]} with its rows permuted by the seed
     * plus noise of amplitude {@code noise}; the encoder is the decoder transpose.
     */
    public static SaeWeights stable(FloatMatrix baseFD, long seed, double noise) {
        return SyntheticSaes.permutedCopy(baseFD, seed * 7919 + 1, noise, seed * 7919 + 2);
    }

    /** Unrelated random weights. */
    public static SaeWeights random(int f, int d, long seed) {
        return SyntheticSaes.tied(gaussian(f, d, seed));
    }

    /** A snapshot with the standard metadata and {@code extra} keys. */
    public static SaeSnapshot snapshot(String group, long seed, long step, SaeWeights w, Map<String, String> extra) {
        Map<String, String> m = SnapshotMetadata.required(group, seed, step, "topk", "resid_post");
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
