package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.tensor.FloatMatrix;
import dev.husai.trainer.sae.DirectorySnapshotSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code husai train --activations FILE}: the user's own activations, and what is skipped for them. */
class OwnActivationsCliTest {
    private static final String GROUP = "planted.topk.f32.k3.lr0.001.b256.s200.w10d190";

    private static int run(String[] out, String... args) {
        return CliRun.run(out, args);
    }

    /** Song et al.'s model organism in small: rows of 3 of 32 unit atoms in d 16 with coefficients in [0.5, 1.5]. */
    private static Path plantedNpy(Path dir) throws Exception {
        Random rng = new Random(7);
        int n = 4096;
        int d = 16;
        float[] atomsFD = new float[32 * d];
        for (int i = 0; i < atomsFD.length; i++) {
            atomsFD[i] = (float) (rng.nextGaussian() / Math.sqrt(d));
        }
        float[] xND = new float[n * d];
        for (int r = 0; r < n; r++) {
            for (int a = 0; a < 3; a++) {
                int atom = rng.nextInt(32);
                float coef = 0.5f + rng.nextFloat();
                for (int c = 0; c < d; c++) {
                    xND[r * d + c] += coef * atomsFD[atom * d + c];
                }
            }
        }
        return Files.write(dir.resolve("planted.npy"), Npy.encode(new FloatMatrix(n, d, xND), DType.F16));
    }

    @Test
    void trainsOnAFloat16NpyAndTheSnapshotsNameTheData(@TempDir Path dir) throws Exception {
        String[] out = new String[1];
        Path npy = plantedNpy(dir);
        assertEquals(0, run(out, "train", "--activations", npy.toString(), "--d-sae", "32", "--k", "3", "--steps", "200",
                "--warmup", "10", "--seeds", "0..1", "--batch-size", "256", "--quiet", "--out", dir.toString()), out[0]);
        assertTrue(out[0].contains("spliced accuracy and Fourier recovery skipped: the activations are not the testbed's"),
                out[0]);
        assertTrue(out[0].contains("group " + GROUP), out[0]);
        for (long seed : List.of(0L, 1L)) {
            SaeSnapshot fin = SaeSnapshot.decode(Files.readAllBytes(
                    DirectorySnapshotSink.seedDir(dir, GROUP, seed).resolve("final.safetensors")));
            assertEquals("planted", fin.meta("hook", ""));
            assertEquals("planted.npy", fin.meta("activations", ""));
            assertEquals("4096", fin.meta("activations_rows", ""));
            assertEquals("16", fin.meta("d_in", ""));
            assertEquals("", fin.meta("spliced_accuracy", ""), "no testbed probe");
            double fvu = Double.parseDouble(fin.meta("fvu", "NaN"));
            assertTrue(Double.isFinite(fvu) && fvu < 1, "fvu " + fvu);
        }
        assertEquals(0, run(out, "analyze", dir.resolve(GROUP).toString(), "--testbed", "shipped"), out[0]);
        assertTrue(out[0].contains("Fourier recovery skipped: hook planted is not the testbed's"), out[0]);
    }

    @Test
    void ownActivationsAndTheTestbedsFlagsAreExclusive(@TempDir Path dir) throws Exception {
        String[] out = new String[1];
        Path npy = plantedNpy(dir);
        assertEquals(Errors.BAD_INPUT, run(out, "train", "--activations", npy.toString(), "--hook", "mlp_post"));
        assertTrue(out[0].contains("expected either --activations or the testbed's --testbed/--hook, found "
                + "--activations " + npy + " with --hook mlp_post"), out[0]);
        assertEquals(Errors.BAD_INPUT, run(out, "train", "--activations", npy.toString(), "--testbed", npy.toString()));
        assertEquals(Errors.BAD_INPUT, run(out, "train", "--tensor", "acts", "--out", dir.toString()));
        assertTrue(out[0].contains("expected --tensor and --hook-name only with --activations"), out[0]);
        assertEquals(Errors.BAD_INPUT, run(out, "train", "--activations", dir.resolve("none.npy").toString()));
        assertTrue(out[0].contains("found no such file"), out[0]);
    }
}
