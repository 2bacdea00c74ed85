package dev.husai.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.husai.core.io.InputFiles;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * dictionary_learning's layout (checked against saprmarks/dictionary_learning 0.1.0, {@code training.py} and
 * {@code dictionary.py}): {@code trainer_N/config.json} ({@code {"trainer": {dict_class, activation_dim, dict_size,
 * k, layer, lm_name, submodule_name, ...}}}) and {@code ae.pt}, a PyTorch pickle of the state dict (also
 * {@code checkpoints/ae_STEP.pt}). The library writes no safetensors, and HUSAI does not run pickles: convert once
 * with {@link #CONVERT}. Tensor names by dictionary class:
 * AutoEncoder {@code encoder.weight [F, D], encoder.bias [F], decoder.weight [D, F], bias [D]};
 * AutoEncoderTopK / BatchTopKSAE {@code encoder.weight, encoder.bias, decoder.weight, b_dec [D], k, threshold []};
 * JumpReluAutoEncoder / MatryoshkaBatchTopKSAE {@code W_enc [D, F], b_enc, W_dec [F, D], b_dec, threshold};
 * GatedAutoEncoder {@code encoder.weight, gate_bias [F] (as b_enc), decoder.weight, decoder_bias [D]}.
 */
public final class DictionaryLearningFormat {
    public static final String CFG = "config.json";
    public static final String WEIGHTS = "ae.safetensors";
    public static final String PICKLE = "ae.pt";
    /** The one-line conversion of ae.pt to ae.safetensors (every tensor as float32). */
    public static final String CONVERT = "python3 -c \"import torch; from safetensors.torch import save_file; "
            + "save_file({k: v.float().contiguous() for k, v in torch.load('ae.pt').items()}, 'ae.safetensors')\"";

    private static final Map<String, String> ARCH = Map.of("AutoEncoder", "relu_l1", "AutoEncoderTopK", "topk",
            "BatchTopKSAE", "batch_topk", "JumpReluAutoEncoder", "jumprelu", "MatryoshkaBatchTopKSAE",
            "matryoshka_batch_topk", "GatedAutoEncoder", "gated");

    private DictionaryLearningFormat() {
    }

    /** Reads a trainer folder holding config.json and ae.safetensors. */
    public static SaeSnapshot read(Path folder) {
        Path cfgFile = folder.resolve(CFG);
        JsonNode trainer = CfgJson.parse(InputFiles.readString(cfgFile, "a dictionary_learning config.json"),
                cfgFile.toString()).path("trainer");
        String where = cfgFile + " (trainer)";
        int dIn = CfgJson.positiveInt(trainer, "activation_dim", where);
        int dSae = CfgJson.positiveInt(trainer, "dict_size", where);
        String dictClass = trainer.path("dict_class").asText("AutoEncoder");
        String arch = ARCH.getOrDefault(dictClass, dictClass);
        String hook = CfgJson.firstText(trainer, "submodule_name", "layer");
        Map<String, String> meta = CfgJson.metadata(CheckpointFormat.DICTIONARY_LEARNING, arch, hook, dIn, dSae);
        meta.put("source_architecture", dictClass);
        CfgJson.putIfPresent(meta, "k", CfgJson.firstText(trainer, "k"));
        CfgJson.putIfPresent(meta, "model", CfgJson.firstText(trainer, "lm_name"));
        return new SaeSnapshot(meta, weights(TensorFile.open(folder.resolve(WEIGHTS)), dIn, dSae));
    }

    /** The weights of any dictionary class, recognised by its tensor names. */
    static SaeWeights weights(TensorFile t, int dIn, int dSae) {
        boolean direct = t.has("W_enc");
        FloatMatrix wEnc = direct ? t.matrix("W_enc", dIn, dSae) : t.transposed("encoder.weight", dIn, dSae);
        FloatMatrix wDec = direct ? t.matrix("W_dec", dSae, dIn) : t.transposed("decoder.weight", dSae, dIn);
        String bEnc = first(t, "b_enc", "encoder.bias", "gate_bias");
        String bDec = first(t, "b_dec", "bias", "decoder_bias");
        float[] enc = bEnc == null ? new float[dSae] : t.vector(bEnc, dSae);
        if (bDec == null) {
            throw new IllegalArgumentException(t.file() + ": expected a decoder bias b_dec, bias or decoder_bias [" + dIn
                    + "], found " + t.listing());
        }
        return new SaeWeights(wEnc, wDec, enc, t.vector(bDec, dIn), threshold(t, dSae));
    }

    private static float[] threshold(TensorFile t, int dSae) {
        if (!t.has("threshold")) {
            return null;
        }
        if (t.entry("threshold").shape().length == 1) {
            return t.vector("threshold", dSae);
        }
        float v = t.scalar("threshold");
        if (v < 0) {
            return null;
        }
        float[] out = new float[dSae];
        Arrays.fill(out, v);
        return out;
    }

    private static String first(TensorFile t, String... names) {
        for (String n : names) {
            if (t.has(n)) {
                return n;
            }
        }
        return null;
    }
}
