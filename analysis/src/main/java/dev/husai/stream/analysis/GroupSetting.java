package dev.husai.stream.analysis;

import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The SAE configuration of a group as its snapshots state it, carried by every {@code group} point so that a UI
 * or a sweep report can show and compare configurations without parsing group ids.
 *
 * <p>{@code d_in} and {@code d_sae} come from the weights ({@code W_dec [d_sae, d_in]}) and are always known; the
 * metadata keys {@code d_sae} and {@code expansion}, when present, must agree with them (a file written before widths
 * were numbers of latents states only {@code expansion}, an integer). {@code expansion} is always {@code d_sae / d_in},
 * a derived float: the width is {@code d_sae}. {@code k}, {@code l1},
 * {@code lr}, {@code batch_size} and {@code steps} (the step cap, which the web UI's early-warning forecast needs) come
 * from the metadata when present; {@code steps} is not a {@link SnapshotMetadata#CONFIG_KEYS} key, so it is carried
 * but not compared between snapshots.
 *
 * @param arch      architecture ({@code topk}, {@code relu_l1}, ...), {@code unknown} when absent
 * @param hook      hook point, {@code unknown} when absent
 * @param dIn       model dimension D
 * @param dSae      latents F
 * @param expansion F / D (derived)
 * @param k         k of the k-based archs (TopK, BatchTopK, Matryoshka; JumpReLU's target L0), or null
 * @param l1        L1 coefficient, or null
 * @param lr        learning rate, or null
 * @param batchSize batch size, or null
 * @param steps     the group's step cap, or null
 */
public record GroupSetting(String arch, String hook, int dIn, int dSae, double expansion, Integer k, Double l1,
                           Double lr, Integer batchSize, Integer steps) {

    /** A setting without a stated step cap. */
    public GroupSetting(String arch, String hook, int dIn, int dSae, double expansion, Integer k, Double l1, Double lr,
                        Integer batchSize) {
        this(arch, hook, dIn, dSae, expansion, k, l1, lr, batchSize, null);
    }

    /** Reads the setting of one snapshot; IllegalArgumentException (expected vs found) on malformed values. */
    public static GroupSetting of(SaeSnapshot s) {
        int dIn = s.weights().dIn();
        int dSae = s.weights().dSae();
        Integer stated = SnapshotMetadata.positiveInt(s, "d_sae");
        if (stated != null && stated != dSae) {
            throw new IllegalArgumentException("expected metadata d_sae = W_dec rows " + dSae + ", found " + stated);
        }
        Integer statedIn = SnapshotMetadata.positiveInt(s, "d_in");
        if (statedIn != null && statedIn != dIn) {
            throw new IllegalArgumentException("expected metadata d_in = W_dec columns " + dIn + ", found " + statedIn);
        }
        double expansion = dSae / (double) dIn;
        Double statedExpansion = SnapshotMetadata.nonNegative(s, "expansion");
        if (statedExpansion != null && Math.abs(statedExpansion * dIn - dSae) > 1e-6 * dSae) {
            throw new IllegalArgumentException("expected metadata expansion = d_sae / d_in = " + dSae + " / " + dIn
                    + ", found " + s.meta("expansion", null));
        }
        return new GroupSetting(s.meta("arch", "unknown"), s.meta("hook", "unknown"), dIn, dSae, expansion,
                SnapshotMetadata.positiveInt(s, "k"), SnapshotMetadata.nonNegative(s, "l1"),
                SnapshotMetadata.nonNegative(s, "lr"), SnapshotMetadata.positiveInt(s, "batch_size"),
                SnapshotMetadata.positiveInt(s, "steps"));
    }

    /** The wire fields (absent values left out): {@code arch, hook, d_in, d_sae, expansion, k, l1, lr, batch_size, steps}. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("arch", arch);
        f.put("hook", hook);
        f.put("d_in", dIn);
        f.put("d_sae", dSae);
        f.put("expansion", expansion);
        putIfPresent(f, "k", k);
        putIfPresent(f, "l1", l1);
        putIfPresent(f, "lr", lr);
        putIfPresent(f, "batch_size", batchSize);
        putIfPresent(f, "steps", steps);
        return f;
    }

    /** Null when {@code other} is the same configuration, else what differs (expected this, found other). */
    String mismatch(GroupSetting other) {
        Map<String, Object> mine = fields();
        Map<String, Object> theirs = other.fields();
        for (String key : SnapshotMetadata.CONFIG_KEYS) {
            if (!Objects.equals(mine.get(key), theirs.get(key))) {
                return "expected " + key + " " + mine.get(key) + " like the group's earlier snapshots, found "
                        + theirs.get(key);
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, Object> f, String key, Object v) {
        if (v != null) {
            f.put(key, v);
        }
    }
}
