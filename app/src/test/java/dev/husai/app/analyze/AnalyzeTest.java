package dev.husai.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeTest {
    private static final int D = 16;
    private static final int F = 64;

    static SaeWeights random(long seed) {
        Random r = new Random(seed);
        float[] dec = new float[F * D];
        for (int i = 0; i < dec.length; i++) {
            dec[i] = (float) r.nextGaussian();
        }
        FloatMatrix decFD = new FloatMatrix(F, D, dec);
        return new SaeWeights(decFD.transpose(), decFD, new float[F], new float[D], null);
    }

    /** The same dictionary with its latents in another order: a seed that found exactly the same features. */
    static SaeWeights permuted(SaeWeights w) {
        float[] dec = new float[F * D];
        for (int i = 0; i < F; i++) {
            System.arraycopy(w.wDecFD().data(), ((i * 37) % F) * D, dec, i * D, D);
        }
        FloatMatrix decFD = new FloatMatrix(F, D, dec);
        return new SaeWeights(decFD.transpose(), decFD, new float[F], new float[D], null);
    }

    static void write(Path dir, String group, int seed, int step, SaeWeights w) throws Exception {
        Path file = dir.resolve("seed-" + seed).resolve(String.format("step-%06d.safetensors", step));
        Files.createDirectories(file.getParent());
        Map<String, String> meta = Map.of("group", group, "seed", Integer.toString(seed), "step", Integer.toString(step),
                "arch", "relu_l1", "hook", "resid_post");
        Files.write(file, new SaeSnapshot(meta, w).encode(DType.F32));
    }

    @Test
    void permutedSeedsAreFullyStableAndRandomOnesSitAtTheBaseline(@TempDir Path dir) throws Exception {
        SaeWeights a = random(1);
        write(dir, "g", 0, 100, a);
        write(dir, "g", 1, 100, permuted(a));
        write(dir, "g", 2, 100, random(2));
        write(dir, "g", 2, 50, a);   // an older snapshot of seed 2 is ignored: the latest step wins
        GroupAnalysis g = GroupAnalysis.of(SnapshotSet.load(dir, -1), 0.7, null);
        JsonNode json = new ObjectMapper().readTree(AnalyzeFormat.json(g, 0.7));
        JsonNode p01 = json.get("pairs").get(0);
        assertEquals(1.0, p01.get("pw_mcc_dec").asDouble(), 1e-5);
        assertEquals(1.0, p01.get("shared_fraction").asDouble(), 1e-9);
        JsonNode p02 = json.get("pairs").get(1);
        assertEquals(2, p02.get("seed_b").asInt());
        assertTrue(p02.get("shared_fraction").asDouble() < 0.2, p02.toString());
        assertTrue(Math.abs(p02.get("pw_mcc_dec").asDouble() - p02.get("baseline_pw_mcc_dec").asDouble()) < 0.1,
                "random seeds sit at the random baseline: " + p02);
        assertEquals(3, json.get("pw_mcc_dec").get("n").asInt());
        // latents of seed 0 are shared with seed 1 but not with seed 2: none is universal
        assertTrue(json.get("per_seed").get(0).get("universal_fraction").asDouble() < 0.2);
        assertTrue(AnalyzeFormat.text(g, 0.7).contains("group g: 3 seeds [0, 1, 2], d_sae 64 at d_in 16 (expansion 4)"),
                AnalyzeFormat.text(g, 0.7));
        assertEquals(List.of(64, 16, 4.0), List.of(json.get("d_sae").asInt(), json.get("d_in").asInt(),
                json.get("expansion").asDouble()), "the width in latents and the derived expansion");
    }

    @Test
    void requestedStepIsUsed(@TempDir Path dir) throws Exception {
        SaeWeights a = random(1);
        write(dir, "g", 0, 50, a);
        write(dir, "g", 1, 50, permuted(a));
        write(dir, "g", 1, 100, random(3));
        GroupAnalysis g = GroupAnalysis.of(SnapshotSet.load(dir, 50), 0.7, null);
        assertEquals(1.0, g.stability().pwMccDecoder().mean(), 1e-5);
    }

    @Test
    void twoGroupsOneSeedAndJunkAreNamed(@TempDir Path dir) throws Exception {
        write(dir.resolve("a"), "g1", 0, 1, random(1));
        write(dir.resolve("a"), "g1", 1, 1, random(2));
        write(dir.resolve("b"), "g2", 0, 1, random(3));
        var e = assertThrows(IllegalArgumentException.class, () -> SnapshotSet.load(dir, -1));
        assertEquals("expected snapshots of one group under " + dir + ", found groups [g1, g2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SnapshotSet.load(dir.resolve("b"), -1));
        assertTrue(e.getMessage().startsWith("expected snapshots of at least 2 seeds"), e.getMessage());
        Files.writeString(dir.resolve("a").resolve("junk.safetensors"), "garbage!garbage!");
        var se = assertThrows(SafetensorsException.class, () -> SnapshotSet.load(dir.resolve("a"), -1));
        assertTrue(se.getMessage().startsWith(dir.resolve("a").resolve("junk.safetensors") + ": expected"), se.getMessage());
    }

    /**
     * {@code stepFiles} reads headers only: the same steps and seeds as {@code byStep}, each step's weights decoded when it
     * is loaded, so a step whose file is not a whole snapshot is an error only once loaded, naming the file.
     */
    @Test
    void stepFilesReadHeadersAndDecodeAStepWhenLoaded(@TempDir Path dir) throws Exception {
        SaeWeights a = random(1);
        write(dir, "g", 0, 50, a);
        write(dir, "g", 1, 50, permuted(a));
        write(dir, "g", 0, 100, random(2));
        write(dir, "g", 1, 100, random(3));
        write(dir, "g", 1, 150, random(4));   // one seed only: no step
        var full = SnapshotSet.byStep(dir);
        var lazy = SnapshotSet.stepFiles(dir);
        assertEquals(List.of(50L, 100L), List.copyOf(lazy.keySet()));
        assertEquals(full.keySet(), lazy.keySet());
        for (long step : full.keySet()) {
            SnapshotSet loaded = lazy.get(step).load();
            assertEquals(full.get(step).files(), loaded.files());
            for (int seed : full.get(step).seeds()) {
                assertEquals(full.get(step).bySeed().get(seed).metadata(), loaded.bySeed().get(seed).metadata());
                assertEquals(full.get(step).bySeed().get(seed).weights().wDecFD(), loaded.bySeed().get(seed).weights().wDecFD());
            }
        }
        Path first = dir.resolve("seed-0").resolve("step-000050.safetensors");
        Files.write(first, dev.husai.core.safetensors.Safetensors.encode(   // a valid file, but no encoder in it
                Map.of("W_dec", dev.husai.core.safetensors.Tensor.of(a.wDecFD())),
                Map.of("group", "g", "seed", "0", "step", "50")));
        var headers = SnapshotSet.stepFiles(dir);
        headers.get(100L).load();
        var se = assertThrows(SafetensorsException.class, () -> headers.get(50L).load());
        assertTrue(se.getMessage().startsWith(first + ": "), se.getMessage());
    }
}
