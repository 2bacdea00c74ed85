package dev.husai.trainer.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.SafetensorsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrokTrainerTest {
    private static final TestbedConfig TINY = new TestbedConfig(23, 32, 2, 16, 64);

    @Test
    void tinyModelFitsItsTrainingSetInSeconds() {
        GrokConfig c = new GrokConfig(TINY, 0.5, 3e-3, 1.0, 0.9, 0.98, 10, 300, 50, 1.0, 0, 0);
        List<GrokProgress> seen = new ArrayList<>();
        GrokResult r = new GrokTrainer(c, List.of(seen::add)).train();
        assertEquals(1.0, r.last().trainAccuracy(), 1e-9, "train accuracy " + r.last());
        assertTrue(r.last().trainLoss() < 0.1, "train loss " + r.last().trainLoss());
        assertEquals(r.curve(), seen, "listeners see every evaluation");
        assertTrue(seen.get(0).trainLoss() > r.last().trainLoss());
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        GrokConfig c = new GrokConfig(TINY, 0.5, 1e-3, 1.0, 0.9, 0.98, 5, 20, 10, 1.0, 0, 3);
        TestbedWeights a = new GrokTrainer(c, List.of()).train().weights();
        TestbedWeights b = new GrokTrainer(c, List.of()).train().weights();
        assertEquals(a.ordered(), b.ordered());
    }

    @Test
    void checkpointRoundTripsAndExtractionMatchesTraining(@TempDir Path dir) throws Exception {
        GrokConfig c = new GrokConfig(TINY, 0.5, 3e-3, 1.0, 0.9, 0.98, 10, 300, 50, 1.0, 0, 0);
        GrokResult r = new GrokTrainer(c, List.of()).train();
        Path file = dir.resolve("tb.safetensors");
        new TestbedCheckpoint(r.weights(), java.util.Map.of("seed", "0")).write(file);
        TestbedCheckpoint back = TestbedCheckpoint.read(file);
        assertEquals(r.weights().ordered(), back.weights().ordered());
        TestbedActivations acts = ActivationExtractor.extract(back.weights());
        assertEquals(529, acts.residPostND().rows());
        assertEquals(32, acts.residPostND().cols());
        assertEquals(64, acts.mlpPostNM().cols());
        ModularAdditionData data = new ModularAdditionData(23, 0.5, 0);
        assertEquals(r.last().trainAccuracy(), acts.accuracy(data.trainIndices()), 1e-6);
        assertEquals(r.last().testAccuracy(), acts.accuracy(data.testIndices()), 1e-6);
    }

    @Test
    void missingOrMisShapedCheckpointsFailClearly(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> TestbedCheckpoint.read(dir.resolve("nope.safetensors")));
        assertTrue(missing.getMessage().endsWith("nope.safetensors, found no such file"), missing.getMessage());
        var directory = assertThrows(IllegalArgumentException.class, () -> TestbedCheckpoint.read(dir));
        assertTrue(directory.getMessage().endsWith(dir + ", found a directory"), directory.getMessage());
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        var e = assertThrows(SafetensorsException.class, () -> TestbedCheckpoint.read(junk));
        assertTrue(e.getMessage().startsWith(junk + ": expected"), e.getMessage());
        TestbedWeights w = TestbedWeights.initial(TINY, 0);
        var tensors = new java.util.LinkedHashMap<>(w.ordered());
        tensors.put(TestbedWeights.W_U, dev.husai.core.safetensors.Tensor.f32(new float[32 * 5], 32, 5));
        var meta = new java.util.LinkedHashMap<>(w.shapeMetadata());
        meta.put("kind", "testbed");
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, dev.husai.core.safetensors.Safetensors.encode(tensors, meta));
        e = assertThrows(SafetensorsException.class, () -> TestbedCheckpoint.read(bad));
        assertTrue(e.getMessage().endsWith("expected unembed.W_U [32,23], found [32,5]"), e.getMessage());
    }
}
