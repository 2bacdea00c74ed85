package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.Width;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.tensor.Activations;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The metadata of a training snapshot (see docs/sae.md): {@code format_version, group, seed, step, arch, hook,
 * k | l1, d_sae, d_in, expansion (d_sae / d_in, derived, for older readers), lr, batch_size, steps}, what the data is
 * for the user's own activations ({@code activations, activations_rows, activations_dtype, eval_rows}), JumpReLU's
 * {@code l0_mode} ({@code target_k} or {@code fixed}) and {@code bandwidth}, Matryoshka's {@code prefixes}
 * ({@code 2,4,8,16,32}), the metrics, {@code final} on a seed's last snapshot and {@code stopped_reason} when it
 * stopped early.
 */
final class SnapshotMetadata {
    private SnapshotMetadata() {
    }

    static Map<String, String> of(SaeConfig c, Map<String, String> data, long seed, int step, Map<String, Double> metrics,
                                  String stoppedReason, boolean last, float bandwidth) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", SaeSnapshot.FORMAT_VERSION);
        m.put("group", c.groupId());
        m.put("seed", Long.toString(seed));
        m.put("step", Integer.toString(step));
        m.put("arch", c.arch().wireName());
        m.put("hook", c.hook().wireName());
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
    static Map<String, String> data(Activations data, int evalRows) {
        Map<String, String> m = new LinkedHashMap<>(data.describe());
        if (evalRows >= 0) {
            m.put("eval_rows", Integer.toString(evalRows));
        }
        return Map.copyOf(m);
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : Double.toString(v);
    }
}
