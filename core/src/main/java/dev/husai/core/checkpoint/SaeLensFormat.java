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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SAELens' layout (checked against SAELens 6.18.0, {@code SAE.save_model} and {@code TrainingSAE}): a folder with
 * {@code cfg.json} ({@code architecture, d_in, d_sae, k, dtype, metadata.hook_name, ...}; before 6.0
 * {@code hook_name}/{@code hook_point} at the top) and {@code sae_weights.safetensors} with {@code W_enc [D, F]},
 * {@code W_dec [F, D]}, {@code b_enc [F]}, {@code b_dec [D]}, and {@code threshold [F]} (jumprelu; a training
 * checkpoint of batchtopk holds a scalar {@code topk_threshold}, gated holds {@code b_gate} for {@code b_enc}).
 * Architectures map to HUSAI's wire names: standard -> relu_l1, topk, batchtopk -> batch_topk, jumprelu,
 * matryoshka_batchtopk -> matryoshka_batch_topk, gated.
 */
public final class SaeLensFormat {
    public static final String CFG = "cfg.json";
    public static final String WEIGHTS = "sae_weights.safetensors";
    /** The SAELens version whose cfg fields {@link #cfgJson} writes. */
    public static final String VERSION = "6.18.0";

    private static final Map<String, String> ARCH = Map.of("standard", "relu_l1", "topk", "topk",
            "batchtopk", "batch_topk", "jumprelu", "jumprelu", "matryoshka_batchtopk", "matryoshka_batch_topk",
            "gated", "gated");

    private SaeLensFormat() {
    }

    /** Reads a SAELens folder. */
    public static SaeSnapshot read(Path folder) {
        Path cfgFile = folder.resolve(CFG);
        Map<String, String> meta = metadata(InputFiles.readString(cfgFile, "a SAELens cfg.json"), cfgFile.toString());
        int dIn = Integer.parseInt(meta.get("d_in"));
        int dSae = Integer.parseInt(meta.get("d_sae"));
        TensorFile t = TensorFile.open(folder.resolve(WEIGHTS));
        FloatMatrix wEnc = t.matrix("W_enc", dIn, dSae);
        FloatMatrix wDec = t.matrix("W_dec", dSae, dIn);
        float[] bEnc = t.has("b_enc") || !t.has("b_gate") ? t.vector("b_enc", dSae) : t.vector("b_gate", dSae);
        float[] bDec = t.vector("b_dec", dIn);
        return new SaeSnapshot(meta, new SaeWeights(wEnc, wDec, bEnc, bDec, threshold(t, dSae)));
    }

    private static float[] threshold(TensorFile t, int dSae) {
        if (t.has("threshold")) {
            return t.vector("threshold", dSae);
        }
        if (t.has("log_threshold")) {
            float[] v = t.vector("log_threshold", dSae);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.exp(v[i]);
            }
            return v;
        }
        if (t.has("topk_threshold")) {
            float[] v = new float[dSae];
            Arrays.fill(v, t.scalar("topk_threshold"));
            return v;
        }
        return null;
    }

    /** HUSAI metadata from a cfg.json text (pure): architecture, d_in, d_sae, k, hook, model. */
    public static Map<String, String> metadata(String cfgText, String where) {
        JsonNode cfg = CfgJson.parse(cfgText, where);
        String source = CfgJson.firstText(cfg, "architecture");
        source = source == null ? "standard" : source;
        String arch = ARCH.get(source);
        if (arch == null) {
            throw new IllegalArgumentException("expected a SAELens architecture " + ARCH.keySet().stream().sorted().toList()
                    + " in " + where + ", found " + source);
        }
        int dIn = CfgJson.positiveInt(cfg, "d_in", where);
        int dSae = CfgJson.positiveInt(cfg, "d_sae", where);
        String hook = CfgJson.firstText(cfg, "metadata.hook_name", "hook_name", "hook_point");
        Map<String, String> m = CfgJson.metadata(CheckpointFormat.SAELENS, arch, hook, dIn, dSae);
        m.put("source_architecture", source);
        CfgJson.putIfPresent(m, "k", CfgJson.firstText(cfg, "k", "activation_fn_kwargs.k"));
        CfgJson.putIfPresent(m, "l1", CfgJson.firstText(cfg, "l1_coefficient"));
        CfgJson.putIfPresent(m, "model", CfgJson.firstText(cfg, "metadata.model_name", "model_name"));
        CfgJson.putIfPresent(m, "sae_lens_version", CfgJson.firstText(cfg, "metadata.sae_lens_version", "sae_lens_version"));
        return m;
    }

    /**
     * The cfg.json SAELens 6.18.0 loads ({@code SAE.load_from_disk}) for a HUSAI snapshot: the {@code SAEConfig}
     * fields plus {@code k} and {@code rescale_acts_by_decoder_norm} for topk. relu_l1 is {@code standard}; a
     * batch_topk SAE (inference threshold) is {@code jumprelu}, as SAELens itself saves BatchTopK for inference.
     */
    public static String cfgJson(SaeSnapshot s) {
        ObjectNode cfg = CfgJson.JSON.createObjectNode();
        String arch = exportArchitecture(s);
        cfg.put("architecture", arch);
        cfg.put("d_in", s.weights().dIn());
        cfg.put("d_sae", s.weights().dSae());
        cfg.put("dtype", "float32");
        cfg.put("device", "cpu");
        cfg.put("apply_b_dec_to_input", true);
        cfg.put("normalize_activations", "none");
        cfg.put("reshape_activations", "none");
        if (arch.equals("topk")) {
            cfg.put("k", Integer.parseInt(s.meta("k", "0")));
            cfg.put("rescale_acts_by_decoder_norm", false);
        }
        ObjectNode meta = cfg.putObject("metadata");
        meta.put("sae_lens_version", VERSION);
        meta.put("sae_lens_training_version", VERSION);
        meta.put("hook_name", s.meta("hook", "unknown"));
        meta.put("husai_group", s.meta("group", ""));
        meta.put("husai_seed", s.meta("seed", ""));
        meta.put("husai_step", s.meta("step", ""));
        return cfg.toPrettyString();
    }

    /** The SAELens architecture a snapshot is exported as; an error for architectures SAELens has no inference class for. */
    static String exportArchitecture(SaeSnapshot s) {
        String arch = s.meta("arch", "unknown");
        return switch (arch) {
            case "relu_l1" -> "standard";
            case "topk" -> {
                if (s.meta("k", null) == null) {
                    throw new IllegalArgumentException("expected metadata k for a topk SAE, found none");
                }
                yield "topk";
            }
            case "batch_topk", "jumprelu", "matryoshka_batch_topk" -> {
                if (s.weights().thresholdF() == null) {
                    throw new IllegalArgumentException("expected a threshold [" + s.weights().dSae() + "] for " + arch
                            + " (exported as SAELens jumprelu), found none");
                }
                yield "jumprelu";
            }
            default -> throw new IllegalArgumentException("expected arch relu_l1, topk, batch_topk, jumprelu or "
                    + "matryoshka_batch_topk to export to SAELens, found " + arch);
        };
    }

    /** The sae_weights.safetensors tensors (F32, SAELens names) of a snapshot. */
    public static Map<String, Tensor> tensors(SaeWeights w) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("W_enc", Tensor.of(w.wEncDF()));
        t.put("W_dec", Tensor.of(w.wDecFD()));
        t.put("b_enc", new Tensor(new int[] {w.dSae()}, w.bEncF(), DType.F32));
        t.put("b_dec", new Tensor(new int[] {w.dIn()}, w.bDecD(), DType.F32));
        if (w.thresholdF() != null) {
            t.put("threshold", new Tensor(new int[] {w.dSae()}, w.thresholdF(), DType.F32));
        }
        return t;
    }
}
