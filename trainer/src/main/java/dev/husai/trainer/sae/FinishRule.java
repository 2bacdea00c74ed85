package dev.husai.trainer.sae;

import dev.husai.core.snapshot.SaeWeights;
import java.util.Map;

/**
 * Decides, at a snapshot step before the cap, whether a group's training ends there (see
 * {@link MultiSeedTrainer#finishWhen(FinishRule)}). Called on the training thread with the weights and the snapshot
 * metrics ({@code fvu}, {@code l0}, ...) of every seed still training; the snapshots of that step are emitted after
 * the answer.
 */
@FunctionalInterface
public interface FinishRule {
    /** Never ends early: training runs to the step cap. */
    FinishRule NEVER = (step, weightsBySeed, metricsBySeed) -> false;

    /** True when training should end at {@code step}. */
    boolean finishAt(int step, Map<Long, SaeWeights> weightsBySeed, Map<Long, Map<String, Double>> metricsBySeed);
}
