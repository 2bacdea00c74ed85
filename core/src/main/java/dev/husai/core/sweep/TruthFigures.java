package dev.husai.core.sweep;

import dev.husai.core.stability.Recovery;
import java.util.List;

/**
 * How well a group's seeds recover a known dictionary (synthetic data, {@link Recovery}), beside random unit
 * dictionaries of the same shape.
 *
 * @param mccVsTruth        mean over seeds of the mean matched cosine to the true atoms
 * @param recoveredFraction mean over seeds of the share of true atoms matched at cosine >= tau
 * @param baselineMcc       the same for random unit dictionaries of the SAEs' width
 * @param baselineRecovered the recovered share of those random dictionaries
 * @param trueAtoms         T, the number of true atoms
 * @param perSeedMcc        each seed's MCC vs truth, in seed order
 */
public record TruthFigures(double mccVsTruth, double recoveredFraction, double baselineMcc, double baselineRecovered,
                           int trueAtoms, double[] perSeedMcc) {

    /** Figures from each seed's recovery and the random baseline. */
    public static TruthFigures of(List<Recovery> seeds, Recovery baseline) {
        return new TruthFigures(seeds.stream().mapToDouble(Recovery::mccVsTruth).average().orElse(Double.NaN),
                seeds.stream().mapToDouble(Recovery::recoveredFraction).average().orElse(Double.NaN),
                baseline.mccVsTruth(), baseline.recoveredFraction(), baseline.trueAtoms(),
                seeds.stream().mapToDouble(Recovery::mccVsTruth).toArray());
    }
}
