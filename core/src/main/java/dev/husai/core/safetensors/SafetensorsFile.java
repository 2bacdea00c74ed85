package dev.husai.core.safetensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content of one safetensors file: named tensors (in header order) and the string metadata of
 * {@code __metadata__}.
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor called {@code name}, or an error listing the tensors that are there. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new SafetensorsException("expected a tensor named " + name + ", found only " + tensors.keySet());
        }
        return t;
    }

    /** A metadata value that must be present. */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new SafetensorsException("expected metadata key " + key + ", found only " + metadata.keySet());
        }
        return v;
    }

    /** A metadata value that may be absent. */
    public Optional<String> optionalMeta(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** A required integer metadata value. */
    public int metaInt(String key) {
        String v = meta(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SafetensorsException("expected an integer for metadata " + key + ", found " + v);
        }
    }
}
