package dev.husai.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;

/**
 * Test feed: per tick, one finalised step (pair, seed and group points) for each group, like the analyzer's. Public for
 * the benchmarks in {@code dev.husai.web.bench}.
 */
public final class SyntheticFeed {
    static final String XSS = "<img src=x onerror=alert(1)>";
    /** The step cap the group points state ({@code steps}): the UI's forecast appears after step 1000. */
    static final int STEP_CAP = 5000;
    private final MetricListener sink;
    private final List<String> groups;
    private final int seeds;
    private final Random random = new Random(7);
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private long step;

    public SyntheticFeed(MetricListener sink, List<String> groups, int seeds) {
        this.sink = sink;
        this.groups = groups;
        this.seeds = seeds;
    }

    /** Like a trainer obeying a control message: the seed publishes nothing more (its curves end). */
    void stop(String group, long seed) {
        stopped.add(group + "#" + seed);
    }

    private boolean active(String group, int seed) {
        return !stopped.contains(group + "#" + seed);
    }

    /** Publishes one step every {@code periodMs} on a Vert.x timer; returns the timer id. */
    long start(Vertx vertx, long periodMs) {
        return vertx.setPeriodic(periodMs, t -> tick());
    }

    /** Publishes the next step for every group. */
    public void tick() {
        step += 100;
        for (String g : groups) {
            double level = 1 - Math.exp(-step / 1500.0);
            double min = 1;
            double max = 0;
            for (int a = 0; a < seeds; a++) {
                if (!active(g, a)) {
                    continue;
                }
                for (int b = a + 1; b < seeds; b++) {
                    if (!active(g, b)) {
                        continue;
                    }
                    double v = 0.3 + 0.6 * level + 0.04 * random.nextGaussian();
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sink.onMetric(point("pair", g).put("a", a).put("b", b).put("pw_mcc_dec", v).put("shared_fraction", v - 0.2));
                }
                sink.onMetric(point("seed", g).put("seed", a).put("mean_alignment", 0.3 + 0.6 * level)
                        .put("others_alignment", 0.3 + 0.6 * level).put("crystallized", (int) (level * 1024))
                        .put("train_loss", 1.0 / (1 + step / 300.0) + 0.01 * a).put("fvu", 0.5 / (1 + step / 500.0))
                        .put("l0", 32 + a).put("dead_fraction", 0.02 * a).put("crystallization_runs", runs(a)));
            }
            sink.onMetric(groupPoint(g, level, min, max));
            if (step % 500 == 0) {
                for (int a = 0; a < seeds; a++) {
                    if (active(g, a)) {
                        sink.onMetric(fourier(g, a));
                    }
                }
            }
            if (step == 500) {
                sink.onAlert(new JsonObject().put("kind", "loss_spike").put("group", g).put("seed", 5).put("step", step)
                        .put("message", "expected mse <= 3 x rolling mean 0.02, found 0.09 (" + g + ")")
                        .put("evidence", new JsonObject().put("mse", 0.09).put("rolling_mean", 0.02)).put("stop", false));
            }
        }
    }

    private JsonObject groupPoint(String g, double level, double min, double max) {
        double mean = 0.3 + 0.6 * level;
        return point("group", g).put("seeds", activeSeeds(g)).put("pairs", activeSeeds(g) * (activeSeeds(g) - 1) / 2)
                .put("method", "exact").put("d_in", 128).put("d_sae", 1024).put("expansion", 8).put("k", kOf(g))
                .put("pw_mcc_dec_mean", mean).put("pw_mcc_dec_min", min).put("pw_mcc_dec_max", max)
                .put("shared_fraction_mean", mean - 0.2).put("shared_fraction_min", min - 0.2)
                .put("shared_fraction_max", max - 0.2).put("baseline_pw_mcc_dec", 0.30).put("baseline_shared_fraction", 0.01)
                .put("steps", STEP_CAP);
    }

    static final int[] KEYS = {14, 35, 41, 42, 52};

    /** Latents recovering key frequency k in a seed: (k + seed) mod 3; universal: one less (none when none). */
    static int recovering(int k, int seed) {
        return (k + seed) % 3;
    }

    /** A {@code fourier} point as the analyzer samples it (every 5th step here). */
    private JsonObject fourier(String g, int seed) {
        JsonArray rows = new JsonArray();
        for (int k : KEYS) {
            int n = recovering(k, seed);
            rows.add(new JsonObject().put("frequency", k).put("latents", n).put("universal", Math.max(0, n - 1))
                    .put("best_purity", n > 0 ? 0.9 : 0.3));
        }
        return point("fourier", g).put("seed", seed).put("p", 113).put("min_purity", 0.5).put("tau", 0.7)
                .put("frequencies", rows).put("recovered", 4).put("recovered_share", 0.8).put("live_latents", 900)
                .put("universal_latents", 700).put("compute_ms", 812.0);
    }

    /** Crystallized latents at a step: level x 1024, as the seed point's {@code crystallized}. */
    private static long crystallizedAt(long s) {
        return (long) ((1 - Math.exp(-s / 1500.0)) * 1024);
    }

    /** [[step, latents, diverged], ...]: the latents gained at each step stayed; seed 5's had diverged once (10 %). */
    private JsonArray runs(int seed) {
        JsonArray runs = new JsonArray();
        for (long s = 100; s <= step; s += 100) {
            long n = crystallizedAt(s) - crystallizedAt(s - 100);
            runs.add(new JsonArray().add(s).add(n).add(seed == 5 ? n / 10 : 0));
        }
        return runs;
    }

    /** Seeds of a group still publishing. */
    private int activeSeeds(String g) {
        int n = 0;
        for (int a = 0; a < seeds; a++) {
            n += active(g, a) ? 1 : 0;
        }
        return n;
    }

    /** TopK k of a group: 32 for the first, 16 for the others (so the overview has two sparsities to compare). */
    int kOf(String g) {
        return groups.indexOf(g) == 0 ? 32 : 16;
    }

    private JsonObject point(String type, String g) {
        return new JsonObject().put("type", type).put("group", g).put("step", step).put("arch", "topk")
                .put("hook", "resid_post").put("published_ts", System.currentTimeMillis());
    }
}
