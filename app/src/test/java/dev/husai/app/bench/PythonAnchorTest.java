package dev.husai.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The anchors ship in the jar (no folder outside the repository) and print the JSON the benchmarks read. */
class PythonAnchorTest {

    @Test
    void everyAnchorIsShippedAndNothingElseIsServed() throws Exception {
        for (String name : PythonAnchor.SCRIPTS) {
            var script = PythonAnchor.script(name);
            assertTrue(script.isPresent(), name);
            assertTrue(Files.readString(script.get()).startsWith("#!/usr/bin/env python3\n\"\"\"HUSAI anchor:"), name);
        }
        assertTrue(PythonAnchor.script("../etc/passwd").isEmpty());
    }

    @Test
    void lapAnchorMatchesANoisyPermutedCopy() throws Exception {
        Optional<String> python = PythonAnchor.python("numpy, scipy.optimize");
        Assumptions.assumeTrue(python.isPresent(), "skipped: no python3 imports numpy and scipy (apt-get install python3-scipy)");
        JsonNode j = PythonAnchor.run(python.get(), PythonAnchor.script("anchor_lap.py").orElseThrow(),
                List.of("--n", "64", "--d", "16"));
        assertEquals("scipy-linear_sum_assignment", j.get("anchor").asText());
        assertEquals(64, j.get("n").asInt());
        assertTrue(j.get("pw_mcc").asDouble() > 0.99, j.toString());
        assertEquals(64 * j.get("pw_mcc").asDouble(), j.get("total").asDouble(), 1e-3);
    }

    @Test
    void saeStepAnchorReportsItsShape() throws Exception {
        Optional<String> python = PythonAnchor.python("torch");
        Assumptions.assumeTrue(python.isPresent(), "skipped: no python3 imports torch (apt-get install python3-torch)");
        JsonNode j = PythonAnchor.run(python.get(), PythonAnchor.script("anchor_sae_step.py").orElseThrow(),
                List.of("--n", "64", "--d", "8", "--h", "32", "--k", "4", "--steps", "2"));
        assertEquals("pytorch-topk-sae", j.get("anchor").asText());
        assertEquals(List.of(64, 8, 32, 4), List.of(j.get("n").asInt(), j.get("d").asInt(), j.get("h").asInt(), j.get("k").asInt()));
        assertTrue(j.get("ms_per_step").asDouble() > 0);
    }

    @Test
    void archsAnchorTrainsEveryOtherArchWithSeveralSeeds() throws Exception {
        Optional<String> python = PythonAnchor.python("torch");
        Assumptions.assumeTrue(python.isPresent(), "skipped: no python3 imports torch (apt-get install python3-torch)");
        for (String arch : List.of("relu_l1", "batch_topk", "jumprelu", "matryoshka_batch_topk")) {
            JsonNode j = PythonAnchor.run(python.get(), PythonAnchor.script("anchor_sae_archs.py").orElseThrow(),
                    List.of("--arch", arch, "--seeds", "2", "--n", "32", "--d", "8", "--h", "32", "--k", "4", "--steps", "1"));
            assertEquals("pytorch-" + arch.replace('_', '-') + "-sae-bmm-seeds", j.get("anchor").asText());
            assertEquals(2, j.get("seeds").asInt());
            assertTrue(j.get("ms_per_step").asDouble() > 0, j.toString());
        }
    }
}
