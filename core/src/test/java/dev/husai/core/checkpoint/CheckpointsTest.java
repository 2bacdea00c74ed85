package dev.husai.core.checkpoint;

import static dev.husai.core.checkpoint.PeerFixtures.bDec;
import static dev.husai.core.checkpoint.PeerFixtures.bEnc;
import static dev.husai.core.checkpoint.PeerFixtures.decoder;
import static dev.husai.core.checkpoint.PeerFixtures.encoderDF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir Path tmp;

    private static void assertFixture(SaeWeights w, int f, int d, float base) {
        assertEquals(decoder(f, d, base), w.wDecFD());
        assertEquals(encoderDF(f, d, base), w.wEncDF());
        assertArrayEquals(bEnc(f), w.bEncF());
        assertArrayEquals(bDec(d), w.bDecD());
    }

    @Test
    void saeLensTopkFolderIsReadWithItsConfig() {
        Path dir = PeerFixtures.saeLens(tmp.resolve("sae"), "topk", 6, 4, 0, DType.F32, Map.of());
        assertEquals(CheckpointFormat.SAELENS, Checkpoints.locate(dir).format());
        SaeSnapshot s = Checkpoints.read(dir);
        assertFixture(s.weights(), 6, 4, 0);
        assertNull(s.weights().thresholdF());
        assertEquals("topk", s.meta("arch", null));
        assertEquals("2", s.meta("k", null));
        assertEquals("blocks.3.hook_resid_post", s.meta("hook", null));
        assertEquals("1.5", s.meta("expansion", null));
        assertEquals("saelens", s.meta("source_format", null));
        assertEquals("1", s.meta("format_version", null));
        // naming the weights file means its folder
        assertEquals(dir.toAbsolutePath(), Checkpoints.locate(dir.resolve("sae_weights.safetensors")).path());
    }

    @Test
    void saeLensJumpReluKeepsItsThresholdAndF16Widens() {
        float[] theta = {0.5f, 0.25f, 1f, 2f, 0f, 0.125f};
        Path dir = PeerFixtures.saeLens(tmp.resolve("j"), "jumprelu", 6, 4, 0, DType.F16,
                Map.of("threshold", new Tensor(new int[] {6}, theta, DType.F16)));
        SaeSnapshot s = Checkpoints.read(dir);
        assertEquals("jumprelu", s.meta("arch", null));
        assertArrayEquals(theta, s.weights().thresholdF());
        assertFixture(s.weights(), 6, 4, 0); // small integers and quarters are exact in F16
    }

    @Test
    void saeLensBatchTopkCheckpointSpreadsItsScalarThreshold() {
        Path dir = PeerFixtures.saeLens(tmp.resolve("b"), "batchtopk", 6, 4, 0, DType.BF16,
                Map.of("topk_threshold", new Tensor(new int[0], new float[] {0.75f}, DType.F32)));
        SaeSnapshot s = Checkpoints.read(dir);
        assertEquals("batch_topk", s.meta("arch", null));
        assertArrayEquals(new float[] {0.75f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f}, s.weights().thresholdF());
        assertFixture(s.weights(), 6, 4, 0); // integers < 256 and quarters are exact in BF16
    }

    @Test
    void saeLensShapeMismatchSaysExpectedAndFound() {
        Path dir = PeerFixtures.saeLens(tmp.resolve("bad"), "standard", 6, 4, 0, DType.F32, Map.of());
        PeerFixtures.write(dir.resolve("cfg.json"), "{\"architecture\": \"standard\", \"d_in\": 4, \"d_sae\": 8}".getBytes());
        var e = assertThrows(RuntimeException.class, () -> Checkpoints.read(dir));
        assertTrue(e.getMessage().contains("expected W_enc [4,8], found [4,6]"), e.getMessage());
        PeerFixtures.write(dir.resolve("cfg.json"), "{\"architecture\": \"transcoder\", \"d_in\": 4, \"d_sae\": 6}".getBytes());
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.read(dir));
        assertTrue(e.getMessage().contains("expected a SAELens architecture") && e.getMessage().contains("found transcoder"),
                e.getMessage());
    }

    @Test
    void sparsifyEncoderIsTransposedIntoWEnc() {
        Path run = tmp.resolve("run");
        Path hook = PeerFixtures.sparsify(run.resolve("layers.6"), 6, 4, 1, DType.F32);
        SaeSnapshot s = Checkpoints.read(hook);
        assertFixture(s.weights(), 6, 4, 1);
        assertEquals("topk", s.meta("arch", null));
        assertEquals("layers.6", s.meta("hook", null));
        assertEquals("sparsify", s.meta("source_format", null));
        // the run folder with one hookpoint means that hookpoint; with two it asks for one
        assertEquals(hook, Checkpoints.locate(run).path());
        PeerFixtures.sparsify(run.resolve("layers.7"), 6, 4, 1, DType.F32);
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.read(run));
        assertTrue(e.getMessage().contains("expected one sparsify hookpoint folder") && e.getMessage().contains("layers.7/"),
                e.getMessage());
    }

    @Test
    void dictionaryLearningConvertedStateDictIsRead() {
        Path dir = tmp.resolve("trainer_0");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("bias", new Tensor(new int[] {4}, bDec(4), DType.F32));
        t.put("encoder.weight", Tensor.of(encoderDF(6, 4, 2).transpose()));
        t.put("encoder.bias", new Tensor(new int[] {6}, bEnc(6), DType.F32));
        t.put("decoder.weight", Tensor.of(decoder(6, 4, 2).transpose()));
        PeerFixtures.write(dir.resolve("ae.safetensors"), Safetensors.encode(t, Map.of()));
        PeerFixtures.write(dir.resolve("config.json"), ("{\"trainer\": {\"dict_class\": \"AutoEncoder\", "
                + "\"activation_dim\": 4, \"dict_size\": 6, \"layer\": 3, \"lm_name\": \"EleutherAI/pythia-70m-deduped\", "
                + "\"submodule_name\": \"resid_post_layer_3\"}}").getBytes());
        SaeSnapshot s = Checkpoints.read(dir);
        assertFixture(s.weights(), 6, 4, 2);
        assertEquals("relu_l1", s.meta("arch", null));
        assertEquals("resid_post_layer_3", s.meta("hook", null));
    }

    @Test
    void aPickleOrAStrangeFolderIsAnErrorThatSaysWhatWasExpected() {
        Path dl = tmp.resolve("trainer_1");
        PeerFixtures.write(dl.resolve("ae.pt"), new byte[] {0x50, 0x4b});
        PeerFixtures.write(dl.resolve("config.json"), "{}".getBytes());
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.read(dl));
        assertTrue(e.getMessage().contains("a PyTorch pickle") && e.getMessage().contains("save_file("), e.getMessage());
        Path other = tmp.resolve("other");
        PeerFixtures.write(other.resolve("weights.bin"), new byte[] {1});
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.read(other));
        assertTrue(e.getMessage().startsWith("expected a HUSAI snapshot"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found a folder holding [weights.bin]"), e.getMessage());
    }

    @Test
    void aBareSafetensorsWithoutMetadataPointsAtTheFolderFormats() {
        Path file = tmp.resolve("w.safetensors");
        PeerFixtures.write(file, Safetensors.encode(Map.of("W_dec", Tensor.of(decoder(2, 2, 0))), Map.of()));
        var e = assertThrows(RuntimeException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().contains("expected format_version 1, found <missing>")
                && e.getMessage().contains("a SAELens folder (cfg.json + sae_weights.safetensors)"), e.getMessage());
    }
}
