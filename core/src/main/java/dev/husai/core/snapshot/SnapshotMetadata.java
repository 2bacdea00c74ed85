package dev.husai.core.snapshot;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.Width;
import dev.husai.core.tensor.Activations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metadata of a training snapshot (see docs/sae.md): {@code format_version, group, seed, step, arch, hook,
 * k | l1, d_sae, d_in, expansion (d_sae / d_in, derived, for older readers), lr, batch_size, steps}, what the data is
 * for the user's own activations ({@code activations, activations_rows, activations_dtype, eval_rows}), JumpReLU's
 * {@code l0_mode} ({@code target_k} or {@code fixed}) and {@code bandwidth}, Matryoshka's {@code prefixes}
 * ({@code 2,4,8,16,32}), the metrics, {@code final} on a seed's last snapshot and {@code stopped_reason} when it
 * stopped early. The one home of snapshot metadata: the writer
 * ({@link #of}, {@link #required}) and the typed reader every consumer uses (analyzer edge check, group setting,
 * alert rules, {@code husai analyze}, sweep summaries), with the {@link #CONFIG_KEYS} and the "last snapshot of the
 * seed" test ({@link #isLast}).
 */
public final class SnapshotMetadata {
    /**
     * The configuration keys that state a group's SAE and must not change between its snapshots:
     * {@code arch, hook, d_in, d_sae, expansion, k, l1, lr, batch_size}.
     */
    public static final List<String> CONFIG_KEYS = List.of("arch", "hook", "d_in", "d_sae", "expansion", "k", "l1", "lr",
            "batch_size");

    private SnapshotMetadata() {
    }

    /** The required metadata of any snapshot: {@code format_version, group, seed, step, arch, hook} (mutable, ordered). */
    public static Map<String, String> required(String group, long seed, long step, String arch, String hook) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", SaeSnapshot.FORMAT_VERSION);
        m.put("group", group);
        m.put("seed", Long.toString(seed));
        m.put("step", Long.toString(step));
        m.put("arch", arch);
        m.put("hook", hook);
        return m;
    }

    public static Map<String, String> of(SaeConfig c, Map<String, String> data, long seed, int step,
                                         Map<String, Double> metrics, String stoppedReason, boolean last, float bandwidth) {
        Map<String, String> m = required(c.groupId(), seed, step, c.arch().wireName(), c.hook().wireName());
        m.put(c.sparsityKey(), c.sparsityValue());
        m.put("d_sae", Integer.toString(c.dSae()));
        m.put("d_in", Integer.toString(c.dIn()));
        m.put("expansion", Width.plain(c.expansion()));
        m.put("lr", Double.toString(c.lr()));
        m.put("batch_size", Integer.toString(c.batchSize()));
        m.put("steps", Integer.toString(c.steps()));
        if (c.arch() == SaeConfig.Arch.JUMPRELU) {
            m.put("l0_mode", c.l0Coefficient() > 0 ? "fixed" : "target_k");
            m.put("bandwidth", format(bandwidth));
        }
        if (!c.prefixSizes().isEmpty()) {
            m.put("prefixes", String.join(",", c.prefixSizes().stream().map(String::valueOf).toList()));
        }
        m.putAll(data);
        metrics.forEach((k, v) -> m.put(k, format(v)));
        if (last) {
            m.put("final", "true");
        }
        if (stoppedReason != null) {
            m.put("stopped_reason", stoppedReason);
        }
        return m;
    }

    /** The data's own metadata ({@link Activations#describe()}) plus {@code eval_rows} when {@code evalRows >= 0}. */
    public static Map<String, String> data(Activations data, int evalRows) {
        Map<String, String> m = new LinkedHashMap<>(data.describe());
        if (evalRows >= 0) {
            m.put("eval_rows", Integer.toString(evalRows));
        }
        return Map.copyOf(m);
    }

    /** The seed's last snapshot: {@code final} is {@code true} or the seed stopped early ({@code stopped_reason}). */
    public static boolean isLast(SaeSnapshot s) {
        return s.metadata().containsKey("stopped_reason") || "true".equals(s.meta("final", "false"));
    }

    /** Why the seed ended at this snapshot: its {@code stopped_reason}, else {@code final}. */
    public static String endReason(SaeSnapshot s) {
        return s.meta("stopped_reason", "final");
    }

    /** The integer {@code key} ({@code seed}, {@code step}); IllegalArgumentException, expected vs found, otherwise. */
    public static long integer(SaeSnapshot s, String key) {
        return integer(s.metadata(), key);
    }

    /** {@link #integer(SaeSnapshot, String)} of a file's metadata strings alone (e.g. read from its header). */
    public static long integer(Map<String, String> metadata, String key) {
        String v = metadata.get(key);
        try {
            return Long.parseLong(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected integer metadata " + key + ", found " + (v == null ? "none" : v));
        }
    }

    /** A positive integer value, or null when absent; IllegalArgumentException (expected vs found) when malformed. */
    public static Integer positiveInt(SaeSnapshot s, String key) {
        String v = s.meta(key, null);
        if (v == null) {
            return null;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected metadata " + key + " a positive integer, found " + v);
    }

    /** A finite value >= 0, or null when absent; IllegalArgumentException (expected vs found) when malformed. */
    public static Double nonNegative(SaeSnapshot s, String key) {
        String v = s.meta(key, null);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected metadata " + key + " a finite number >= 0, found " + v);
    }

    /** A metric carried in the metadata ({@code fvu}, {@code l0}, ...): NaN when absent or not a number. */
    public static double metric(SaeSnapshot s, String key) {
        String v = s.meta(key, null);
        try {
            return v == null ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : Double.toString(v);
    }
}
