package dev.husai.trainer.testbed;

import java.util.List;

/**
 * The outcome of a grokking run.
 *
 * @param weights the final parameters
 * @param grokked whether test accuracy reached the target within the step budget (and still holds it
 *     after the cleanup steps)
 * @param grokkedAt the step at which test accuracy first reached the target, or null
 * @param last the final evaluation
 * @param curve every evaluation, in step order
 * @param outcome one line for humans: grokked at step N / did not grok / diverged
 */
public record GrokResult(TestbedWeights weights, boolean grokked, Integer grokkedAt, GrokProgress last,
                         List<GrokProgress> curve, String outcome) {
    public GrokResult {
        curve = List.copyOf(curve);
    }
}
