package dev.husai.stream.analysis;

import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.stability.Baselines;
import dev.husai.core.stability.Recovery;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live analysis when told a known dictionary (e.g. {@code husai synth}'s truth): each seed snapshot's
 * {@link Recovery} of the true atoms {@code T [T, D]} ({@code recovery} points), on every snapshot (one exact
 * matching of {@code [T, F]}: ~0.1 ms at T = F = 32, ~10 ms at 256 x 1024). Deterministic, so a replay reproduces it.
 * The random-dictionary baseline is computed once per width F. Snapshots of another d_in get no point.
 */
final class TruthProbe {
    private final FloatMatrix truthTD;
    private final double tau;
    private final Map<Integer, Recovery> baselines = new ConcurrentHashMap<>();

    TruthProbe(FloatMatrix truthTD, double tau) {
        this.truthTD = truthTD;
        this.tau = tau;
    }

    /** The {@code recovery} point of one snapshot, or empty when its d_in is not the truth's D. */
    Optional<MetricPoint> point(String group, long step, long seed, SaeSnapshot s) {
        FloatMatrix decFD = s.weights().wDecFD();
        if (decFD.cols() != truthTD.cols()) {
            return Optional.empty();
        }
        Recovery base = baselines.computeIfAbsent(decFD.rows(),
                f -> Recovery.baseline(f, truthTD, tau, Baselines.DEFAULT_SEED));
        return Optional.of(Points.recovery(group, step, seed, Recovery.of(decFD, truthTD, tau), base, tau));
    }
}
