package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.husai.core.snapshot.SaeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code husai train --arch jumprelu | matryoshka} end to end on the model organism: group ids, the snapshots'
 * threshold and metadata, and {@code husai analyze --truth} reading them.
 */
class NewArchCliTest {

    private static Path train(Path dir, String[] out, String... archArgs) {
        String[] base = {"train", "--activations", dir.resolve("song/activations.npy").toString(), "--d-sae", "32",
                "--k", "3", "--lr", "1e-2", "--batch-size", "256", "--steps", "300", "--warmup", "0", "--decay", "0",
                "--seeds", "0..1", "--snapshot-every", "300", "--quiet", "--out", dir.resolve("runs").toString()};
        String[] args = new String[base.length + archArgs.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(archArgs, 0, args, base.length, archArgs.length);
        assertEquals(0, CliRun.run(out, args), out[0]);
        return dir.resolve("runs");
    }

    @Test
    void bothNewArchsTrainSaveAndAnalyze(@TempDir Path dir) throws Exception {
        String[] out = new String[1];
        assertEquals(0, CliRun.run(out, "synth", "--domain", "song", "--out", dir.resolve("song").toString(),
                "--rows", "4000"), out[0]);
        Path runs = train(dir, out, "--arch", "jumprelu");
        Path jump = runs.resolve("activations.jumprelu.f32.k3.lr0.01.b256.s300");
        assertTrue(out[0].contains(jump.getFileName().toString()), out[0]);
        SaeSnapshot s = SaeSnapshot.decode(Files.readAllBytes(jump.resolve("seed-0/final.safetensors")));
        assertEquals("jumprelu", s.meta("arch", "?"));
        assertEquals("target_k", s.meta("l0_mode", "?"));
        assertNotNull(s.weights().thresholdF(), "JumpReLU saves threshold [d_sae]");
        assertEquals(32, s.weights().thresholdF().length);

        train(dir, out, "--arch", "matryoshka", "--prefixes", "8,16");
        Path m = runs.resolve("activations.matryoshka_batch_topk.f32.k3.lr0.01.b256.s300.m8-16-32");
        SaeSnapshot ms = SaeSnapshot.decode(Files.readAllBytes(m.resolve("seed-1/final.safetensors")));
        assertEquals("8,16,32", ms.meta("prefixes", "?"));
        assertNotNull(ms.weights().thresholdF());

        for (Path group : new Path[] {jump, m}) {
            assertEquals(0, CliRun.run(out, "analyze", group.toString(), "--truth",
                    dir.resolve("song/truth.safetensors").toString(), "--json", "-"), out[0]);
            JsonNode j = new ObjectMapper().readTree(out[0]);
            double mcc = j.at("/per_seed/0/truth_mcc").asDouble();
            assertTrue(mcc > j.at("/truth/baseline_mcc").asDouble(), group + ": MCC vs truth " + mcc + " above baseline");
        }
    }

    @Test
    void badPrefixesAreNamed(@TempDir Path dir) {
        String[] out = new String[1];
        assertEquals(0, CliRun.run(out, "synth", "--domain", "song", "--out", dir.resolve("song").toString(),
                "--rows", "500"), out[0]);
        String[] args = {"train", "--activations", dir.resolve("song/activations.npy").toString(), "--d-sae", "32",
                "--k", "3", "--arch", "matryoshka", "--prefixes", "16,8", "--out", dir.resolve("runs").toString()};
        assertEquals(2, CliRun.run(out, args));
        assertTrue(out[0].contains("expected strictly increasing prefix sizes in [1, d_sae=32], found [16, 8]"), out[0]);
    }
}
