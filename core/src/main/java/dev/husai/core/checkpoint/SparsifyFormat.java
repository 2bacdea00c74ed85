package dev.husai.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.husai.core.io.InputFiles;
import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * sparsify's layout (checked against sparsify 1.3.0, {@code SparseCoder.save_to_disk} / {@code load_from_disk}): one
 * folder per hookpoint (named after it, e.g. {@code layers.6}) with {@code cfg.json} = the {@code SparseCoderConfig}
 * fields ({@code activation, expansion_factor, normalize_decoder, num_latents, k, multi_topk, skip_connection,
 * transcode}) plus {@code d_in}, and {@code sae.safetensors} with {@code encoder.weight [F, D]},
 * {@code encoder.bias [F]}, {@code W_dec [F, D]}, {@code b_dec [D]} (and {@code W_skip [D, D]} with a skip
 * connection, not used here). F = num_latents, or d_in * expansion_factor when num_latents is 0.
 */
public final class SparsifyFormat {
    public static final String CFG = "cfg.json";
    public static final String WEIGHTS = "sae.safetensors";
    /** The sparsify version whose cfg fields {@link #cfgJson} writes. */
    public static final String VERSION = "1.3.0";

    private SparsifyFormat() {
    }

    /** Reads one hookpoint folder; the hook is the folder's name. */
    public static SaeSnapshot read(Path folder) {
        Path cfgFile = folder.resolve(CFG);
        String hook = folder.getFileName() == null ? "unknown" : folder.getFileName().toString();
        Map<String, String> meta = metadata(InputFiles.readString(cfgFile, "a sparsify cfg.json"), cfgFile.toString(), hook);
        int dIn = Integer.parseInt(meta.get("d_in"));
        int dSae = Integer.parseInt(meta.get("d_sae"));
        TensorFile t = TensorFile.open(folder.resolve(WEIGHTS));
        FloatMatrix wEnc = t.transposed("encoder.weight", dIn, dSae);
        FloatMatrix wDec = t.matrix("W_dec", dSae, dIn);
        return new SaeSnapshot(meta, new SaeWeights(wEnc, wDec, t.vector("encoder.bias", dSae), t.vector("b_dec", dIn), null));
    }

    /** HUSAI metadata from a sparsify cfg.json text (pure). */
    public static Map<String, String> metadata(String cfgText, String where, String hook) {
        JsonNode cfg = CfgJson.parse(cfgText, where);
        if (cfg.path("transcode").asBoolean(false)) {
            throw new IllegalArgumentException("expected a sparse autoencoder (transcode false) in " + where
                    + ", found a transcoder (its decoder predicts another module's output)");
        }
        int dIn = CfgJson.positiveInt(cfg, "d_in", where);
        int latents = cfg.path("num_latents").asInt(0);
        int dSae = latents > 0 ? latents : dIn * cfg.path("expansion_factor").asInt(32);
        String activation = cfg.path("activation").asText("topk");
        Map<String, String> m = CfgJson.metadata(CheckpointFormat.SPARSIFY, activation.equals("topk") ? "topk" : activation,
                hook, dIn, dSae);
        m.put("source_architecture", activation);
        CfgJson.putIfPresent(m, "k", CfgJson.firstText(cfg, "k"));
        return m;
    }

    /** The cfg.json sparsify 1.3.0 loads for a HUSAI topk snapshot (only topk has a sparsify counterpart). */
    public static String cfgJson(SaeSnapshot s) {
        String arch = s.meta("arch", "unknown");
        String k = s.meta("k", null);
        if (!arch.equals("topk") || k == null) {
            throw new IllegalArgumentException("expected a topk SAE with metadata k to export to sparsify (its only "
                    + "SAE activation is topk), found arch " + arch + (k == null ? " without k" : ", k " + k));
        }
        ObjectNode cfg = CfgJson.JSON.createObjectNode();
        cfg.put("activation", "topk");
        cfg.put("expansion_factor", Math.max(1, s.weights().dSae() / s.weights().dIn()));
        cfg.put("normalize_decoder", true);
        cfg.put("num_latents", s.weights().dSae());
        cfg.put("k", Integer.parseInt(k));
        cfg.put("multi_topk", false);
        cfg.put("skip_connection", false);
        cfg.put("transcode", false);
        cfg.put("d_in", s.weights().dIn());
        return cfg.toPrettyString();
    }

    /** The sae.safetensors tensors (F32, sparsify names) of a snapshot. */
    public static Map<String, Tensor> tensors(SaeWeights w) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("encoder.weight", Tensor.of(w.wEncDF().transpose()));
        t.put("encoder.bias", new Tensor(new int[] {w.dSae()}, w.bEncF(), DType.F32));
        t.put("W_dec", Tensor.of(w.wDecFD()));
        t.put("b_dec", new Tensor(new int[] {w.dIn()}, w.bDecD(), DType.F32));
        return t;
    }
}
