package dev.husai.core.stability;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.align.Matchers;
import dev.husai.core.align.Matching;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Optional;

/**
 * Incremental drift of ONE seed against its own previous snapshot. Feed snapshots in step order with
 * {@link #update}; the tracker keeps only the previous snapshot. Not thread-safe (one per seed, owned by
 * the analyzer of the group).
 */
public final class DriftTracker {

    private long previousStep = Long.MIN_VALUE;
    private SaeDictionaries previous;

    /**
     * Accepts the next snapshot of this seed.
     *
     * @return the drift from the previous snapshot, or empty for the first one
     * @throws IllegalArgumentException if {@code step} does not increase or D changes
     */
    public Optional<Drift> update(long step, SaeDictionaries snapshot) {
        if (previous != null && step <= previousStep) {
            throw new IllegalArgumentException("expected step > " + previousStep + ", found " + step);
        }
        Optional<Drift> out = previous == null ? Optional.empty() : Optional.of(drift(previousStep, previous, step, snapshot));
        previous = snapshot;
        previousStep = step;
        return out;
    }

    /** Drift between two snapshots of one seed (pure; also used by replay and tests). */
    public static Drift drift(long fromStep, SaeDictionaries prev, long toStep, SaeDictionaries cur) {
        Dictionaries.requireSameDim(prev.decoderFD(), cur.decoderFD(), "previous W_dec", "current W_dec");
        FloatMatrix decPrev = Dictionaries.normalizeRows(prev.decoderFD());
        FloatMatrix decCur = Dictionaries.normalizeRows(cur.decoderFD());
        Matching m = Matchers.exact(decPrev, decCur);
        int identity = 0;
        for (int k = 0; k < m.size(); k++) {
            identity += m.rows()[k] == m.cols()[k] ? 1 : 0;
        }
        double encSame = sameIndexMean(Dictionaries.normalizeRows(prev.encoderFD()),
                Dictionaries.normalizeRows(cur.encoderFD()));
        return new Drift(fromStep, toStep, m.mean(), sameIndexMean(decPrev, decCur),
                (double) identity / m.size(), encSame);
    }

    private static double sameIndexMean(FloatMatrix aFD, FloatMatrix bFD) {
        int k = Math.min(aFD.rows(), bFD.rows());
        int[] idx = java.util.stream.IntStream.range(0, k).toArray();
        float[] cos = PairMetrics.rowCosines(aFD, bFD, idx, idx);
        double s = 0;
        for (float c : cos) {
            s += c;
        }
        return s / k;
    }
}
