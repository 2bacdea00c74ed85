package dev.husai.core.snapshot;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.safetensors.SafetensorsFile;
import dev.husai.core.safetensors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One seed's SAE at one training step: the wire and file format of HUSAI (Kafka record value,
 * checkpoint, recording). Safetensors with SAELens tensor names ({@link SaeWeights}) and string metadata:
 * {@code format_version, group, seed, step, arch, hook} plus free keys (k / l1, d_sae, d_in, expansion = d_sae / d_in,
 * training metrics such as {@code mse, fvu, l0, dead_fraction}, {@code stopped_reason}).
 */
public record SaeSnapshot(Map<String, String> metadata, SaeWeights weights) {
    public static final String FORMAT_VERSION = "1";

    public SaeSnapshot {
        metadata = Map.copyOf(metadata);
    }

    /** Encodes with the given payload dtype (F16 halves the size). */
    public byte[] encode(DType dtype) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("W_enc", Tensor.of(weights.wEncDF()).as(dtype));
        t.put("W_dec", Tensor.of(weights.wDecFD()).as(dtype));
        t.put("b_enc", new Tensor(new int[] {weights.dSae()}, weights.bEncF(), dtype));
        t.put("b_dec", new Tensor(new int[] {weights.dIn()}, weights.bDecD(), dtype));
        if (weights.thresholdF() != null) {
            t.put("threshold", new Tensor(new int[] {weights.dSae()}, weights.thresholdF(), dtype));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format_version", FORMAT_VERSION);
        metadata.forEach(meta::putIfAbsent);
        return Safetensors.encode(t, meta);
    }

    /**
     * Decodes and validates: format version, tensor presence and mutually consistent shapes. NaN/Inf
     * weights are allowed here (they are evidence for an alert); see {@link SaeWeights#firstNonFinite()}.
     */
    public static SaeSnapshot decode(byte[] bytes) {
        SafetensorsFile f = Safetensors.decode(bytes);
        String version = f.optionalMeta("format_version").orElse("<missing>");
        if (!version.equals(FORMAT_VERSION)) {
            throw new SafetensorsException("expected format_version " + FORMAT_VERSION + ", found " + version);
        }
        Tensor wDec = f.tensor("W_dec");
        Tensor wEnc = f.tensor("W_enc");
        if (wDec.shape().length != 2) {
            throw new SafetensorsException("expected W_dec [d_sae,d_in], found " + wDec);
        }
        int fDim = wDec.shape()[0];
        int d = wDec.shape()[1];
        wEnc.requireShape("W_enc", d, fDim);
        float[] bEnc = f.tensor("b_enc").requireShape("b_enc", fDim).values();
        float[] bDec = f.tensor("b_dec").requireShape("b_dec", d).values();
        float[] threshold = f.tensors().containsKey("threshold")
                ? f.tensor("threshold").requireShape("threshold", fDim).values() : null;
        return new SaeSnapshot(f.metadata(), new SaeWeights(wEnc.matrix(), wDec.matrix(), bEnc, bDec, threshold));
    }

    /** A metadata value or a default. */
    public String meta(String key, String fallback) {
        return metadata.getOrDefault(key, fallback);
    }
}
