package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.husai.app.analyze.GroupAnalysis;
import dev.husai.app.analyze.SnapshotSet;
import dev.husai.core.checkpoint.CheckpointFormat;
import dev.husai.core.checkpoint.Checkpoints;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Researchers' own SAEs through the CLI: export to SAELens/sparsify and back, align and analyze their folders. */
class PeerCheckpointsCliTest {
    private static final int D = 8;
    private static final int F = 24;
    @TempDir Path tmp;

    /** A topk SAE with distinct encoder/decoder, biases and a threshold, as a HUSAI snapshot file. */
    private Path husai(String name, SaeWeights w, String arch) throws Exception {
        Path file = tmp.resolve(name + ".safetensors");
        Map<String, String> meta = new java.util.HashMap<>(SnapshotMetadata.required("g", 1, 100, arch, "resid_post"));
        meta.put("k", "4");
        Files.write(file, new SaeSnapshot(meta, w).encode(DType.F32));
        return file;
    }

    private static SaeWeights weights(long seed, boolean threshold) {
        FloatMatrix dec = SyntheticSaes.gaussian(F, D, seed);
        FloatMatrix enc = SyntheticSaes.gaussian(D, F, seed + 100);
        float[] bEnc = SyntheticSaes.gaussian(1, F, seed + 200).data();
        float[] bDec = SyntheticSaes.gaussian(1, D, seed + 300).data();
        float[] th = threshold ? SyntheticSaes.uniform(1, F, seed + 400).data() : null;
        return new SaeWeights(enc, dec, bEnc, bDec, th);
    }

    private static void assertSameWeights(SaeWeights a, SaeWeights b) {
        assertEquals(a.wEncDF(), b.wEncDF());
        assertEquals(a.wDecFD(), b.wDecFD());
        assertArrayEquals(a.bEncF(), b.bEncF());
        assertArrayEquals(a.bDecD(), b.bDecD());
        assertArrayEquals(a.thresholdF(), b.thresholdF());
    }

    @Test
    void exportToSaeLensAndSparsifyReadsBackTheSameWeights() throws Exception {
        SaeWeights w = weights(1, false);
        Path snap = husai("topk", w, "topk");
        String[] out = new String[1];
        assertEquals(0, CliRun.run(out, "export", "--format", "saelens", snap.toString(), tmp.resolve("lens").toString()), out[0]);
        assertEquals(0, CliRun.run(out, "export", "--format", "sparsify", snap.toString(), tmp.resolve("layers.3").toString()), out[0]);
        SaeSnapshot lens = Checkpoints.read(tmp.resolve("lens"));
        SaeSnapshot spars = Checkpoints.read(tmp.resolve("layers.3"));
        assertEquals(CheckpointFormat.SAELENS, Checkpoints.locate(tmp.resolve("lens")).format());
        assertSameWeights(w, lens.weights());
        assertSameWeights(w, spars.weights());
        assertEquals("topk", lens.meta("arch", null));
        assertEquals("4", spars.meta("k", null));
        JsonNode cfg = new ObjectMapper().readTree(Files.readString(tmp.resolve("lens/cfg.json")));
        assertEquals("topk", cfg.get("architecture").asText());
        assertEquals(4, cfg.get("k").asInt());
        assertEquals("6.18.0", cfg.get("metadata").get("sae_lens_version").asText());
        assertEquals("resid_post", cfg.get("metadata").get("hook_name").asText());
        JsonNode sp = new ObjectMapper().readTree(Files.readString(tmp.resolve("layers.3/cfg.json")));
        assertEquals(F, sp.get("num_latents").asInt());
        assertEquals(D, sp.get("d_in").asInt());
    }

    @Test
    void batchTopkExportsAsSaeLensJumpReluWithItsThreshold() throws Exception {
        SaeWeights w = weights(2, true);
        String[] out = new String[1];
        assertEquals(0, CliRun.run(out, "export", "--format", "saelens", husai("btk", w, "batch_topk").toString(),
                tmp.resolve("j").toString()), out[0]);
        SaeSnapshot back = Checkpoints.read(tmp.resolve("j"));
        assertEquals("jumprelu", back.meta("arch", null));
        assertSameWeights(w, back.weights());
        assertEquals(Errors.BAD_INPUT, CliRun.run(out, "export", "--format", "sparsify", husai("btk2", w, "batch_topk").toString(),
                tmp.resolve("no").toString()));
        assertTrue(out[0].contains("expected a topk SAE with metadata k to export to sparsify"), out[0]);
    }

    @Test
    void alignTakesASaeLensFolderAndASparsifyFolderLikeTheirHusaiFiles() throws Exception {
        Path a = husai("a", weights(3, false), "topk");
        Path b = husai("b", weights(4, false), "topk");
        String[] husaiOut = new String[1];
        assertEquals(0, CliRun.run(husaiOut, "align", "--json", a.toString(), b.toString()), husaiOut[0]);
        String[] out = new String[1];
        CliRun.run(out, "export", "--format", "saelens", a.toString(), tmp.resolve("A").toString());
        CliRun.run(out, "export", "--format", "sparsify", b.toString(), tmp.resolve("B").toString());
        assertEquals(0, CliRun.run(out, "align", "--json", tmp.resolve("A/sae_weights.safetensors").toString(),
                tmp.resolve("B").toString()), out[0]);
        JsonNode mine = new ObjectMapper().readTree(husaiOut[0]);
        JsonNode peers = new ObjectMapper().readTree(out[0]);
        assertEquals(mine.get("pw_mcc_dec").asDouble(), peers.get("pw_mcc_dec").asDouble(), 0.0);
        assertEquals(mine.get("shared_fraction").asDouble(), peers.get("shared_fraction").asDouble(), 0.0);
    }

    @Test
    void alignOnAFolderThatIsNoCheckpointSaysWhatWasExpected() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty/notes.txt"), "x");
        String[] out = new String[1];
        assertEquals(Errors.BAD_INPUT, CliRun.run(out, "align", tmp.resolve("empty").toString(), tmp.resolve("empty").toString()));
        assertTrue(out[0].contains("expected a HUSAI snapshot (.safetensors with format_version), a SAELens folder")
                && out[0].contains("found a folder holding [notes.txt]"), out[0]);
    }

    @Test
    void analyzeReadsSaeLensSeedFoldersWithTheirStepFolders() throws Exception {
        Path run = tmp.resolve("pythia-l3");
        SaeWeights base = weights(5, false);
        for (int seed : new int[] {1, 2}) {
            SaeWeights w = seed == 1 ? base : SyntheticSaes.permutedCopy(base.wDecFD(), 9, 0, 0);
            Path snap = husai("s" + seed, w, "topk");
            for (String step : new String[] {"4096", "final_8192"}) {
                String[] out = new String[1];
                assertEquals(0, CliRun.run(out, "export", "--format", "saelens", snap.toString(),
                        run.resolve("seed-" + seed).resolve("abc123").resolve(step).toString()), out[0]);
            }
        }
        SnapshotSet set = SnapshotSet.load(run, -1);
        assertEquals("pythia-l3", set.group());
        assertEquals(java.util.List.of(1, 2), set.seeds());
        assertEquals("8192", set.bySeed().get(1).meta("step", null));
        GroupAnalysis g = GroupAnalysis.of(set, 0.7, null);
        assertEquals(1.0, g.stability().pwMccDecoder().mean(), 1e-5);
        assertEquals(2, SnapshotSet.byStep(run).size());
        String[] out = new String[1];
        assertEquals(0, CliRun.run(out, "analyze", run.toString()), out[0]);
        assertTrue(out[0].contains("group pythia-l3: 2 seeds [1, 2]"), out[0]);
    }
}
