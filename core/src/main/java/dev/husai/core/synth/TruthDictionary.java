package dev.husai.core.synth;

import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.safetensors.SafetensorsFile;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A known dictionary of true atoms, stored as safetensors with one tensor {@code W_dec [T, D]} (the SAELens decoder
 * name, so a truth file opens like an SAE decoder) and metadata naming the domain, its parameters and seed
 * ({@code kind = truth}).
 *
 * @param atomsTD  true atoms {@code [T, D]}, T >= 1, finite, no zero row
 * @param metadata string metadata
 */
public record TruthDictionary(FloatMatrix atomsTD, Map<String, String> metadata) {
    /** The tensor name of the atoms. */
    public static final String TENSOR = "W_dec";

    public TruthDictionary {
        if (atomsTD == null || atomsTD.rows() < 1 || atomsTD.cols() < 1) {
            throw new IllegalArgumentException("expected true atoms W_dec [T, D] with T, D >= 1, found "
                    + (atomsTD == null ? "null" : atomsTD.shape()));
        }
        for (int r = 0; r < atomsTD.rows(); r++) {
            double ss = 0;
            for (float v : atomsTD.row(r)) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("expected finite true atoms, found " + v + " in row " + r);
                }
                ss += v * v;
            }
            if (ss == 0) {
                throw new IllegalArgumentException("expected non-zero true atoms, found a zero row " + r);
            }
        }
        metadata = Map.copyOf(metadata);
    }

    /** The truth of a generated domain. */
    public static TruthDictionary of(SynthData data) {
        Map<String, String> m = new LinkedHashMap<>(data.spec().metadata());
        m.put("kind", "truth");
        return new TruthDictionary(data.atomsTD(), m);
    }

    /** The safetensors bytes. */
    public byte[] encode() {
        return Safetensors.encode(Map.of(TENSOR, Tensor.of(atomsTD)), metadata);
    }

    /**
     * Decodes a truth file: any safetensors with a 2-D {@code W_dec [T, D]} (an SAE checkpoint also qualifies);
     * {@code expectedD} > 0 checks D; errors say expected/found and name {@code what}.
     */
    public static TruthDictionary decode(byte[] bytes, String what, int expectedD) {
        SafetensorsFile file;
        try {
            file = Safetensors.decode(bytes);
        } catch (SafetensorsException e) {
            throw new IllegalArgumentException(what + ": expected a safetensors dictionary W_dec [T, D], found: "
                    + e.getMessage(), e);
        }
        Tensor t = file.tensors().get(TENSOR);
        if (t == null || t.shape().length != 2) {
            throw new IllegalArgumentException(what + ": expected a dictionary tensor W_dec [T, D], found "
                    + (t == null ? "tensors " + file.tensors().keySet() : "W_dec " + java.util.Arrays.toString(t.shape())));
        }
        FloatMatrix atoms = t.matrix();
        if (expectedD > 0 && atoms.cols() != expectedD) {
            throw new IllegalArgumentException(what + ": expected W_dec [T, " + expectedD + "] (the SAEs' d_in), found "
                    + atoms.shape());
        }
        try {
            return new TruthDictionary(atoms, file.metadata());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** Number of true atoms T. */
    public int atoms() {
        return atomsTD.rows();
    }
}
