package dev.husai.stream.analysis;

import dev.husai.core.fourier.FourierBasis;
import dev.husai.core.fourier.FourierRecovery;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.protocol.MetricPoint;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.stability.Consensus;
import dev.husai.core.stability.GroupStability;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampled part of the live analysis: Fourier ground-truth recovery ({@code fourier} points) of the seeds of a
 * finalised step. Too costly for every snapshot (~0.5-2 s per seed on the p = 113 testbed), so a group is analysed
 * at most once per {@code intervalMs} of wall time ({@code clockMs}), and always at a step where some seed sent its
 * last snapshot ({@code final} or {@code stopped_reason} metadata). Which steps get a point therefore depends on
 * wall time (not reproduced by a replay); the values at a given step do not. Stateless apart from the shared,
 * read-only basis: safe to use from several groups.
 */
final class RecoveryProbe {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryProbe.class);
    static final long NEVER = Long.MIN_VALUE;

    private final GroundTruth truth;
    private final FourierBasis basis;
    private final long intervalMs;
    private final LongSupplier clockMs;

    RecoveryProbe(GroundTruth truth, long intervalMs, LongSupplier clockMs) {
        this.truth = truth;
        this.basis = new FourierBasis(truth.p());
        this.intervalMs = intervalMs;
        this.clockMs = clockMs;
    }

    long now() {
        return clockMs.getAsLong();
    }

    /** True when a group last analysed at {@code lastMs} is due now, or when the step holds a seed's last snapshot. */
    boolean due(long lastMs, StepSlot slot) {
        return lastMs == NEVER || now() - lastMs >= intervalMs || slot.snapshots.values().stream().anyMatch(RecoveryProbe::isLast);
    }

    static boolean isLast(SaeSnapshot s) {
        return SnapshotMetadata.isLast(s);
    }

    /**
     * The {@code fourier} points of every seed of {@code slot} (seed order), or none when the ground truth has no
     * activations for the group's hook or their width is not the SAEs' d_in (logged at debug level).
     *
     * @param order the seeds of the slot; {@code pairs} index into it
     */
    List<MetricPoint> points(String group, String hook, StepSlot slot, List<Long> order,
                             List<GroupStability.SeedPair> pairs, double tau) {
        FloatMatrix actsND = truth.at(hook);
        int dIn = slot.snapshots.get(order.get(0)).weights().dIn();
        if (actsND == null || actsND.cols() != dIn) {
            LOG.debug("no Fourier recovery for group {}: expected testbed activations [{}, {}] at hook {}, found {}",
                    group, truth.p() * truth.p(), dIn, hook, actsND == null ? "none" : actsND.shape());
            return List.of();
        }
        int[] widths = order.stream().mapToInt(s -> slot.dictionaries.get(s).latents()).toArray();
        Consensus consensus = Consensus.of(widths, pairs, tau);
        // seeds are independent: computed in parallel, collected in seed order
        return IntStream.range(0, order.size()).parallel().mapToObj(i -> {
            long t0 = System.nanoTime();
            boolean[] universal = FourierRecovery.universalFlags(consensus, i, widths[i]);
            LatentRecovery r = FourierRecovery.of(slot.snapshots.get(order.get(i)), basis, actsND, truth.keyFrequencies(), universal);
            double ms = (System.nanoTime() - t0) / 1e6;
            return Points.fourier(group, slot.step, order.get(i), r, truth.p(), tau, consensus.universal(i).length, ms);
        }).toList();
    }
}
