package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.husai.core.config.HookPoint;
import dev.husai.trainer.testbed.ActivationExtractor;
import dev.husai.trainer.testbed.TestbedActivations;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import dev.husai.trainer.testbed.TestbedWeights;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spliced-accuracy probe runs once per seed snapshot for the whole of a run: it must not leave a single
 * NDArray behind per call (it once left 3 at resid_post and 21 at mlp_post, ~20 / ~218 MB of native memory per
 * snapshot). Splicing the clean activations back in must give the clean model's accuracy and loss.
 */
class TestbedProbeMemoryTest {
    private static TestbedWeights weights;
    private static TestbedActivations acts;

    @BeforeAll
    static void load() {
        weights = TestbedCheckpoint.shipped().weights();
        acts = ActivationExtractor.extract(weights);
    }

    @Test
    void residPostProbeHoldsNoArrayPerCall() {
        assertFlat(HookPoint.RESID_POST, 300);
    }

    @Test
    void mlpPostProbeHoldsNoArrayPerCall() {
        assertFlat(HookPoint.MLP_POST, 120);
    }

    private static void assertFlat(HookPoint hook, int calls) {
        try (TestbedProbe probe = new TestbedProbe(weights, hook)) {
            Map<String, Double> first = probe.evaluate(acts.at(hook));
            int before = probe.liveArrays();
            for (int i = 0; i < calls; i++) {
                probe.evaluate(acts.at(hook));
            }
            assertEquals(before, probe.liveArrays(), "live NDArrays after " + calls + " evaluations at " + hook);
            assertEquals(first.get("clean_accuracy"), first.get("spliced_accuracy"), 1e-9);
            assertEquals(first.get("clean_loss"), first.get("spliced_loss"), 1e-4);
            assertEquals(1.0, first.get("clean_accuracy"), 0.01);
        }
    }
}
