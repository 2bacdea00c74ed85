package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.stability.Baselines;
import dev.husai.core.synth.TruthDictionary;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code husai synth} and {@code husai analyze --truth}: positive controls end to end. */
class SynthCliTest {

    private static int run(String[] out, String... args) {
        return CliRun.run(out, args);
    }

    private static void snapshot(Path dir, int seed, FloatMatrix decFD) throws Exception {
        Path file = dir.resolve("seed-" + seed).resolve("final.safetensors");
        Files.createDirectories(file.getParent());
        SaeWeights w = new SaeWeights(decFD.transpose(), decFD, new float[decFD.rows()], new float[decFD.cols()], null);
        Map<String, String> meta = Map.of("group", "g", "seed", Integer.toString(seed), "step", "100",
                "arch", "topk", "hook", "synth_song");
        Files.write(file, new SaeSnapshot(meta, w).encode(DType.F32));
    }

    /** The truth's rows in another order, each scaled by 0.5 + (row mod 3). */
    private static FloatMatrix permutedRescaled(FloatMatrix truthTD) {
        int t = truthTD.rows();
        int d = truthTD.cols();
        float[] dec = new float[t * d];
        for (int r = 0; r < t; r++) {
            for (int c = 0; c < d; c++) {
                dec[((r * 5 + 1) % t) * d + c] = (0.5f + r % 3) * truthTD.get(r, c);
            }
        }
        return new FloatMatrix(t, d, dec);
    }

    @Test
    void synthWritesActivationsAndTruthAndAnalyzeReportsRecovery(@TempDir Path dir) throws Exception {
        String[] out = new String[1];
        Path synth = dir.resolve("song");
        assertEquals(0, run(out, "synth", "--domain", "song", "--out", synth.toString(), "--rows", "2000", "--seed", "5"),
                out[0]);
        assertTrue(out[0].contains("next: husai train --activations " + synth.resolve("activations.npy")), out[0]);
        FloatMatrix acts = Npy.read(Files.readAllBytes(synth.resolve("activations.npy")));
        assertEquals("[2000,16]", acts.shape());
        TruthDictionary truth = TruthDictionary.decode(Files.readAllBytes(synth.resolve("truth.safetensors")), "t", 16);
        assertEquals(32, truth.atoms());
        assertEquals("song", truth.metadata().get("domain"));
        assertEquals("5", truth.metadata().get("seed"));

        Path runs = dir.resolve("runs");
        snapshot(runs, 0, permutedRescaled(truth.atomsTD()));
        snapshot(runs, 1, Baselines.randomUnit(32, 16, 77));
        assertEquals(0, run(out, "analyze", runs.toString(), "--truth", synth.resolve("truth.safetensors").toString(),
                "--json", "-"), out[0]);
        JsonNode j = new ObjectMapper().readTree(out[0]);
        assertEquals(1.0, j.at("/per_seed/0/truth_mcc").asDouble(), 1e-6);
        assertEquals(1.0, j.at("/per_seed/0/truth_recovered_fraction").asDouble(), 1e-9);
        double baseline = j.at("/truth/baseline_mcc").asDouble();
        assertEquals(baseline, j.at("/per_seed/1/truth_mcc").asDouble(), 0.08, out[0]);
        assertEquals(32, j.at("/truth/atoms").asInt());

        assertEquals(0, run(out, "analyze", runs.toString(), "--truth", synth.resolve("truth.safetensors").toString()));
        assertTrue(out[0].contains("recovery of 32 true atoms"), out[0]);
        assertTrue(out[0].contains("MCC-truth"), out[0]);
    }

    @Test
    void synthThenTrainThenAnalyzeRecoversTheOrganism(@TempDir Path dir) throws Exception {
        String[] out = new String[1];
        Path synth = dir.resolve("song");
        assertEquals(0, run(out, "synth", "--out", synth.toString(), "--rows", "20000"), out[0]);
        assertEquals(0, run(out, "train", "--activations", synth.resolve("activations.npy").toString(), "--d-sae", "32",
                "--k", "3", "--steps", "1500", "--lr", "1e-2", "--warmup", "10", "--decay", "300", "--seeds", "0..1",
                "--batch-size", "256", "--snapshot-every", "1500", "--quiet", "--out", synth.resolve("runs").toString()),
                out[0]);
        assertEquals(0, run(out, "analyze", synth.resolve("runs").toString(), "--truth",
                synth.resolve("truth.safetensors").toString(), "--json", "-"), out[0]);
        JsonNode j = new ObjectMapper().readTree(out[0]);
        for (int s = 0; s < 2; s++) {
            double mcc = j.at("/per_seed/" + s + "/truth_mcc").asDouble();
            System.out.printf("synth->train->analyze topk seed %d: MCC vs truth %.3f, recovered %.3f, baseline %.3f%n", s,
                    mcc, j.at("/per_seed/" + s + "/truth_recovered_fraction").asDouble(),
                    j.at("/truth/baseline_mcc").asDouble());
            assertTrue(mcc > 0.85, "seed " + s + ": expected MCC vs truth > 0.85, found " + mcc);
        }
    }

    @Test
    void aTruthOfAnotherDimensionOrNotADictionaryIsRefused(@TempDir Path dir) throws Exception {
        String[] out = new String[1];
        Path synth = dir.resolve("bench");
        assertEquals(0, run(out, "synth", "--domain", "synthbench", "--out", synth.toString(), "--rows", "500",
                "--d", "8", "--atoms", "16"), out[0]);
        Path runs = dir.resolve("runs");
        snapshot(runs, 0, Baselines.randomUnit(32, 16, 1));
        snapshot(runs, 1, Baselines.randomUnit(32, 16, 2));
        Path truth = synth.resolve("truth.safetensors");
        assertTrue(run(out, "analyze", runs.toString(), "--truth", truth.toString()) != 0);
        assertTrue(out[0].contains("expected W_dec [T, 16] (the SAEs' d_in), found [16,8]"), out[0]);
        assertTrue(run(out, "analyze", runs.toString(), "--truth", synth.resolve("activations.npy").toString()) != 0);
        assertTrue(out[0].contains("expected a safetensors dictionary W_dec [T, D], found"), out[0]);
    }
}
