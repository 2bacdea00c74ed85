package dev.husai.trainer.testbed;

import java.util.List;

/**
 * The outcome of a grokking run.
 *
 * @param weights the final parameters
 * @param grokked whether test accuracy reached the target within the step budget
 * @param last the final evaluation
 * @param curve every evaluation, in step order
 */
public record GrokResult(TestbedWeights weights, boolean grokked, GrokProgress last, List<GrokProgress> curve) {
    public GrokResult {
        curve = List.copyOf(curve);
    }
}
