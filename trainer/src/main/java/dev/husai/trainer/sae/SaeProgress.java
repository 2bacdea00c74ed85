package dev.husai.trainer.sae;

import java.util.Map;

/**
 * A group's state at a snapshot step: which seeds still train and each seed's latest metrics.
 *
 * @param group         group id
 * @param step          training step (1-based)
 * @param steps         total steps
 * @param activeSeeds   seeds still training
 * @param totalSeeds    seeds in the group
 * @param elapsedMillis wall time since training started
 * @param metrics       seed to its latest metrics (stopped seeds keep their last ones)
 */
public record SaeProgress(String group, int step, int steps, int activeSeeds, int totalSeeds, long elapsedMillis,
                          Map<Long, Map<String, Double>> metrics) {

    /** Mean of one metric over the seeds that report it (NaN if none). */
    public double mean(String key) {
        return metrics.values().stream().filter(m -> m.containsKey(key)).mapToDouble(m -> m.get(key)).average()
                .orElse(Double.NaN);
    }
}
