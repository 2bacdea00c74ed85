package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.trainer.sae.EngineChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code husai train --engine djl|blas --device gpu|cpu}: both engines train the same group from the same init and
 * batches (the same group id, weights within 1e-4 relative after 60 steps), and the device and engine names are
 * checked with expected-vs-found errors.
 */
class EngineCliTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void synth() {
        String[] out = new String[1];
        assertEquals(0, CliRun.run(out, "synth", "--domain", "song", "--out", dir.resolve("song").toString(),
                "--rows", "2000"), out[0]);
    }

    private static int train(String[] out, String runs, String... engineArgs) {
        String[] base = {"train", "--activations", dir.resolve("song/activations.npy").toString(), "--d-sae", "32",
                "--k", "3", "--batch-size", "128", "--steps", "60", "--warmup", "5", "--decay", "0",
                "--seeds", "0..1", "--snapshot-every", "30", "--out", dir.resolve(runs).toString()};
        String[] args = new String[base.length + engineArgs.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(engineArgs, 0, args, base.length, engineArgs.length);
        return CliRun.run(out, args);
    }

    @Test
    void djlAndBlasTrainTheSameGroup() throws Exception {
        String[] out = new String[1];
        assertEquals(0, train(out, "djl", "--engine", "djl", "--device", "cpu"), out[0]);
        assertTrue(out[0].contains("engine djl:cpu"), out[0]);
        assertEquals(0, train(out, "blas", "--engine", "blas"), out[0]);
        assertTrue(out[0].contains("engine blas"), out[0]);
        String group = "activations.topk.f32.k3.lr0.001.b128.s60.w5d0";
        for (String seed : new String[] {"seed-0", "seed-1"}) {
            float[] a = decoder(dir.resolve("blas").resolve(group).resolve(seed));
            float[] b = decoder(dir.resolve("djl").resolve(group).resolve(seed));
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
            }
            assertTrue(diff / scale <= 1e-4, seed + ": expected W_dec within 1e-4 relative, found " + diff / scale);
        }
    }

    private static float[] decoder(Path seedDir) throws Exception {
        return SaeSnapshot.decode(Files.readAllBytes(seedDir.resolve("final.safetensors"))).weights().wDecFD().data();
    }

    @Test
    void gpuWithoutOneIsAnExpectedFoundError() {
        assumeTrue(EngineChoice.gpuCount() == 0, "a GPU is present");
        String[] out = new String[1];
        assertEquals(2, train(out, "gpu", "--engine", "djl", "--device", "gpu"));
        assertTrue(out[0].contains("expected a CUDA GPU for --device gpu, found none"), out[0]);
    }

    @Test
    void badEngineNamesAreNamed() {
        String[] out = new String[1];
        assertEquals(2, train(out, "bad", "--engine", "cuda"));
        assertTrue(out[0].contains("expected --engine djl or blas, found cuda"), out[0]);
        assertEquals(2, train(out, "bad", "--engine", "blas", "--device", "gpu"));
        assertTrue(out[0].contains("the BLAS engine runs on the CPU only"), out[0]);
    }
}
