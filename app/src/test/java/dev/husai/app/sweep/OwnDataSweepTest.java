package dev.husai.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.synth.SynthData;
import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import dev.husai.core.synth.TruthDictionary;
import dev.husai.core.sweep.Convergence;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.trainer.sae.SaeProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on the user's own activations (Song et al.'s model organism written as .npy, with its true dictionary):
 * recovery of the truth in the summary, no testbed figures, and the convergence rule ending a group before its cap.
 */
class OwnDataSweepTest {

    @TempDir
    Path dir;

    @Test
    void aSweepOnSyntheticActivationsRecoversTheTruthAndStopsOnConvergence() throws Exception {
        SynthData data = SynthGenerator.generate(SynthSpec.song(3));
        Files.write(dir.resolve("acts.npy"), Npy.encode(data.activationsND(), DType.F32));
        Files.write(dir.resolve("truth.safetensors"), TruthDictionary.of(data).encode());
        Path file = Files.writeString(dir.resolve("synth.yaml"), "name: organism\nseeds: 0..2\nsteps: 6000\n"
                + "snapshot_every: 100\nbatch_size: 512\nlr: 0.004\nactivations: acts.npy\ntruth: truth.safetensors\n"
                + "converge: {max_slope: 0.02, min_steps: 800}\ngrid:\n  - arch: topk\n    d_sae: 32\n    k: 3\n");
        SweepSpec spec = SweepFile.read(file);
        SweepInputs inputs = SweepInputs.of(spec, dir, "shipped");
        assertNull(inputs.weights(), "no testbed");
        assertEquals(32, inputs.truthTD().rows());
        SweepRunner runner = new SweepRunner(spec, dir.resolve("out"), null, inputs.rows(),
                inputs.summarizer(spec), new SweepRunner.Hooks() { }, DType.F32);
        SaeConfig config = runner.configs().get(0);
        assertEquals("acts.topk.f32.k3.lr0.004.b512.s6000.w50d400", config.groupId());
        List<SaeProgress> seen = new ArrayList<>();
        GroupResult g = runner.runGroup(config, seen::add).result();

        Convergence c = g.convergence();
        assertTrue(c.converged() && c.stoppedEarly(), "the organism's curve flattens well before 6000 steps: " + c.label());
        assertEquals(c.lastStep(), seen.get(seen.size() - 1).step(), "training ended where the rule said converged");
        assertEquals(c.lastStep(), g.curve().get(g.curve().size() - 1).step());
        assertTrue(c.lastStep() >= 800, "not before min_steps");
        assertEquals(c.lastStep() / 100, g.curve().size(), "one curve point per snapshot step");

        assertNotNull(g.truth());
        assertTrue(g.truth().mccVsTruth() > 0.9, "TopK recovers the planted atoms: " + g.truth().mccVsTruth());
        assertTrue(g.truth().baselineMcc() < 0.6, "random dictionaries do not: " + g.truth().baselineMcc());
        assertEquals(3, g.truth().perSeedMcc().length);
        assertTrue(Double.isNaN(g.fourierRecovered()) && Double.isNaN(g.quality().splicedAccuracy()), "no testbed figures");
        assertEquals("acts", g.hook());

        SummaryFile again = runner.resummarize(config);
        Convergence fromDisk = again.result().convergence();
        assertEquals(c.converged(), fromDisk.converged(), "the verdict is a function of the curve on disk");
        assertEquals(c.lastStep(), fromDisk.lastStep());
        assertEquals(c.windowL0(), fromDisk.windowL0(), 1e-4, "metadata holds the metrics to 6 digits");
        assertEquals(3.0, c.targetL0());
        assertEquals(g.truth().mccVsTruth(), again.result().truth().mccVsTruth(), 1e-12);
    }
}
