package dev.husai.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.geometry.DataSubspace;
import dev.husai.core.safetensors.DType;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.SweepSpec;
import dev.husai.trainer.sae.SaeProgress;
import dev.husai.trainer.testbed.TestbedCheckpoint;
import dev.husai.trainer.testbed.TestbedInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real two-group sweep on the shipped testbed: summaries, resume without retraining, partial groups retrained. */
class SweepRunnerTest {

    @TempDir
    Path out;

    @Test
    void runsSummarisesAndResumes() throws Exception {
        SweepSpec spec = SweepFile.parse("name: t\nseeds: 0..2\nsteps: 40\nsnapshot_every: 20\nwarmup_steps: 5\n"
                + "decay_steps: 10\nbatch_size: 256\ngrid:\n  - arch: topk\n    expansion: [4]\n    k: [8]\n"
                + "  - arch: relu_l1\n    expansion: [4]\n    l1: [10]\n", "t.yaml");
        TestbedCheckpoint ckpt = TestbedCheckpoint.shipped();
        GroundTruth inputs = TestbedInputs.groundTruth(ckpt);
        DataSubspace subspace = DataSubspace.of(inputs.at(spec.hook()), DataSubspace.DEFAULT_SHARE);
        SweepRunner runner = new SweepRunner(spec, out, ckpt.weights(), inputs.at(spec.hook()),
                new GroupSummarizer(inputs, subspace, spec.tau()), new SweepRunner.Hooks() { }, DType.F32);
        List<SaeProgress> seen = new ArrayList<>();
        for (SaeConfig c : runner.configs()) {
            assertFalse(runner.done(c));
            runner.runGroup(c, seen::add);
        }
        assertEquals(4, seen.size(), "progress at steps 20 and 40 of two groups");
        List<SummaryFile> done = runner.finished();
        assertEquals(2, done.size());
        GroupResult topk = done.get(0).result();
        assertEquals(3, topk.seeds());
        assertEquals(3, topk.raw().pwMcc().n(), "3 seeds -> 3 pairs");
        assertEquals(List.of(20L, 40L), topk.curve().stream().map(p -> p.step()).toList());
        assertEquals(8.0, topk.quality().l0(), 1e-9, "TopK k=8 fires exactly 8 latents");
        assertTrue(topk.raw().pwMcc().mean() > 0 && topk.raw().baselinePwMcc() > 0);
        assertEquals(subspace.rank(), topk.spanRank());
        assertTrue(topk.fourierRecovered() >= 0 && topk.fourierRecovered() <= 1);

        Path snapshot = out.resolve(runner.configs().get(0).groupId()).resolve("seed-0").resolve("final.safetensors");
        FileTime before = Files.getLastModifiedTime(snapshot);
        SweepRunner resumed = new SweepRunner(spec, out, ckpt.weights(), inputs.at(spec.hook()),
                new GroupSummarizer(inputs, subspace, spec.tau()), new SweepRunner.Hooks() { }, DType.F32);
        assertTrue(resumed.configs().stream().allMatch(resumed::done), "finished groups are recognised");

        Files.delete(out.resolve(runner.configs().get(1).groupId()).resolve(SummaryFile.NAME));
        Path stray = Files.writeString(out.resolve(runner.configs().get(1).groupId()).resolve("stray.tmp"), "partial");
        assertFalse(resumed.done(runner.configs().get(1)), "a group without summary is not done");
        resumed.runGroup(runner.configs().get(1), p -> { });
        assertFalse(Files.exists(stray), "a partial group is wiped before retraining");
        assertTrue(resumed.done(runner.configs().get(1)));
        assertEquals(before, Files.getLastModifiedTime(snapshot), "the finished group was not retrained");

        SummaryFile again = resumed.resummarize(runner.configs().get(0));
        assertEquals(done.get(0).wallSeconds(), again.wallSeconds(), "resummarize keeps the recorded wall time");
        assertEquals(topk.raw().pwMcc(), again.result().raw().pwMcc(), "same snapshots, same figures");
        assertEquals(before, Files.getLastModifiedTime(snapshot), "resummarize trains nothing");

        SaeConfig first = runner.configs().get(0);
        assertEquals("resid_post.topk.x4.k8.lr0.001.b256.s40.w5d10", first.legacyGroupId());
        Path legacy = Files.move(out.resolve(first.groupId()), out.resolve(first.legacyGroupId()));
        ObjectNode old = (ObjectNode) SummaryFile.JSON.readTree(legacy.resolve(SummaryFile.NAME).toFile());
        ((ObjectNode) old.get("result")).put("group", first.legacyGroupId()).put("expansion", 4).remove("dSae");
        SummaryFile.JSON.writeValue(legacy.resolve(SummaryFile.NAME).toFile(), old);
        assertTrue(resumed.done(first), "a sweep directory named by expansion (x4) resumes without retraining");
        GroupResult upgraded = resumed.finished().get(0).result();
        assertEquals(512, upgraded.dSae(), "an old summary's d_sae is read from the group's snapshots");
        assertEquals(4.0, upgraded.expansion());
    }
}
