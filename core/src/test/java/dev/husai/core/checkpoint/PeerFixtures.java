package dev.husai.core.checkpoint;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.tensor.FloatMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tiny checkpoints in each peer's layout, written as the libraries write them (tensor names, shapes, cfg fields).
 * Weights: W_dec[f][d] = 10 f + d + base, W_enc = W_dec^T + 0.5, b_enc[f] = -f, b_dec[d] = d / 4.
 */
public final class PeerFixtures {
    private PeerFixtures() {
    }

    public static FloatMatrix decoder(int f, int d, float base) {
        FloatMatrix m = FloatMatrix.zeros(f, d);
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < d; j++) {
                m.set(i, j, 10 * i + j + base);
            }
        }
        return m;
    }

    public static FloatMatrix encoderDF(int f, int d, float base) {
        FloatMatrix t = decoder(f, d, base).transpose();
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.5f;
        }
        return t;
    }

    public static float[] bEnc(int f) {
        float[] b = new float[f];
        for (int i = 0; i < f; i++) {
            b[i] = -i;
        }
        return b;
    }

    public static float[] bDec(int d) {
        float[] b = new float[d];
        for (int i = 0; i < d; i++) {
            b[i] = i / 4f;
        }
        return b;
    }

    /** A SAELens folder: cfg.json + sae_weights.safetensors (extra tensors appended). */
    public static Path saeLens(Path dir, String architecture, int f, int d, float base, DType dtype,
                               Map<String, Tensor> extra) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("W_enc", Tensor.of(encoderDF(f, d, base)).as(dtype));
        t.put("W_dec", Tensor.of(decoder(f, d, base)).as(dtype));
        t.put("b_enc", new Tensor(new int[] {f}, bEnc(f), dtype));
        t.put("b_dec", new Tensor(new int[] {d}, bDec(d), dtype));
        t.putAll(extra);
        write(dir.resolve("sae_weights.safetensors"), Safetensors.encode(t, Map.of()));
        write(dir.resolve("sparsity.safetensors"), Safetensors.encode(Map.of("sparsity",
                new Tensor(new int[] {f}, new float[f], DType.F32)), Map.of()));
        write(dir.resolve("cfg.json"), ("{\"d_in\": " + d + ", \"d_sae\": " + f + ", \"dtype\": \"float32\", "
                + "\"device\": \"cpu\", \"apply_b_dec_to_input\": true, \"normalize_activations\": \"none\", "
                + "\"reshape_activations\": \"none\", \"k\": 2, \"metadata\": {\"sae_lens_version\": \"6.18.0\", "
                + "\"model_name\": \"pythia-70m\", \"hook_name\": \"blocks.3.hook_resid_post\"}, "
                + "\"architecture\": \"" + architecture + "\"}").getBytes());
        return dir;
    }

    /** A sparsify hookpoint folder: cfg.json + sae.safetensors with encoder.weight [F, D]. */
    public static Path sparsify(Path dir, int f, int d, float base, DType dtype) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("encoder.weight", Tensor.of(encoderDF(f, d, base).transpose()).as(dtype));
        t.put("encoder.bias", new Tensor(new int[] {f}, bEnc(f), dtype));
        t.put("W_dec", Tensor.of(decoder(f, d, base)).as(dtype));
        t.put("b_dec", new Tensor(new int[] {d}, bDec(d), dtype));
        write(dir.resolve("sae.safetensors"), Safetensors.encode(t, Map.of()));
        write(dir.resolve("cfg.json"), ("{\"activation\": \"topk\", \"expansion_factor\": 32, \"normalize_decoder\": true, "
                + "\"num_latents\": " + f + ", \"k\": 2, \"multi_topk\": false, \"skip_connection\": false, "
                + "\"transcode\": false, \"d_in\": " + d + "}").getBytes());
        return dir;
    }

    /**
     * sparsify's state.pt as torch.save writes {@code {"global_step": step}}: a zip holding
     * {@code state/data.pkl}, a protocol-2 pickle.
     */
    public static void sparsifyState(Path runDir, int step) {
        byte[] pickle = {(byte) 0x80, 2, '}', 'q', 0, 'X', 11, 0, 0, 0, 'g', 'l', 'o', 'b', 'a', 'l', '_', 's', 't',
            'e', 'p', 'q', 1, 'J', (byte) step, (byte) (step >> 8), (byte) (step >> 16), (byte) (step >> 24), 's', '.'};
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(runDir.resolve("state.pt")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("state/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("state/version"));
            zip.write("3\n".getBytes());
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
